// One line per journey, as `xdp-lab run --path` prints it:
//   q1 rx → napi → xdp:PASS → skb(hr=256,len=98) → tc-in:OK → pre → route:local → in → udp:53 delivered
// Each step becomes a short token (the interrupt is implied by napi and left out; GRO shows only when it merged),
// and the fate's outcome follows the last token, with the kernel's answer if it sent one.

import type { Journey, NfStep, PathStep } from './stages';

const NF_SHORT: Record<NfStep['stage'], string> = {
  'nf-prerouting': 'pre', 'nf-input': 'in', 'nf-forward': 'fwd', 'nf-output': 'out', 'nf-postrouting': 'post',
};

function nfToken(s: NfStep): string {
  const verdict = s.verdict === 'accept' ? '' : `:${s.verdict}`;
  const nat = s.nat ? `(${s.nat})` : '';
  return `${NF_SHORT[s.stage]}${verdict}${nat}`;
}

/** The token for one step, or undefined for steps the compact line leaves out. */
export function stepToken(s: PathStep): string | undefined {
  switch (s.stage) {
    case 'nic-rx': return `q${s.queue ?? 0} rx`;
    case 'irq': return undefined;
    case 'napi-poll': return 'napi';
    case 'xdp': return `${s.mode === 'generic' ? 'xdp-generic' : 'xdp'}:${s.verdict.replace(/^XDP_/, '')}`;
    case 'skb-alloc': return `skb(hr=${s.headroom},len=${s.len})`;
    case 'gro':
      if (s.result === 'merged') return `gro→#${s.into}`;
      return s.result === 'held' && (s.segments ?? 1) > 1 ? `gro(${s.segments})` : undefined;
    case 'tc-ingress': return `tc-in:${s.verdict}`;
    case 'tc-egress': return `tc-out:${s.verdict}`;
    case 'nf-prerouting': case 'nf-input': case 'nf-forward': case 'nf-output': case 'nf-postrouting':
      return nfToken(s);
    case 'routing': return `route:${s.result}${s.dev && s.result !== 'local' ? `(${s.dev})` : ''}`;
    case 'socket': return `${s.proto}:${s.port}`;
    case 'qdisc': return 'qdisc';
    case 'gso': return `${s.kind}(${s.segments})`;
    case 'nic-tx': return `tx ${s.ifname}:q${s.queue ?? 0}`;
    case 'redirect': return redirectToken(s.kind, s.target, s.ifname);
    case 'af-xdp': return `xsk:${s.socket}`;
  }
}

function redirectToken(kind: string, target: number, ifname: string | undefined): string {
  if (kind === 'cpumap') return `redirect→cpu${target}`;
  if (kind === 'xskmap') return 'redirect→xsk';
  if (kind === 'ingress') return `redirect→${ifname ?? target}(ingress)`;
  return `redirect→${ifname ?? target}`;
}

export function formatJourney(j: Journey): string {
  const tokens: string[] = [];
  for (const s of j.path) {
    const t = stepToken(s);
    if (t !== undefined) tokens.push(t);
  }
  const answer = j.reply ? ` → ${j.reply.kind}` : '';
  const fate = `${j.fate.outcome}${answer}`;
  if (tokens.length === 0) return `${fate} (${j.fate.detail})`;
  tokens[tokens.length - 1] += ` ${fate}`;
  return tokens.join(' → ');
}
