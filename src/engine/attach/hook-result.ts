// An interpreter result in the path model's terms. The verdict keeps the kernel's signedness (a TC program's
// return value is an int: TC_ACT_UNSPEC is -1), the bytes and XDP metadata are what the program left, the head
// movement comes from where XDP's data pointer ended up, and a redirect becomes the target the kernel would
// resolve: bpf_redirect names an ifindex, bpf_redirect_map a devmap entry's ifindex, a cpumap CPU or an xskmap
// slot, as the interpreter looked them up when the program called the helper.

import type { PreparedProgram } from '../interp';
import { XDP_HEADROOM } from '../interp/packet-setup';
import type { PacketResult, RedirectInfo } from '../interp/types';
import { BPF_F_INGRESS, type HookName, type HookResult, type RedirectTarget, type SkbChanges, type SkbState } from '../path/runner';

const MAP_DEVMAP = 14;
const MAP_CPUMAP = 16;
const MAP_XSKMAP = 17;
const MAP_DEVMAP_HASH = 25;
const BPF_F_BROADCAST = 8;

/** The model's redirect target, or why there is none the model can follow. */
export function redirectTarget(prog: PreparedProgram, info: RedirectInfo): RedirectTarget | { error: string } {
  switch (info.helper) {
    case 'bpf_redirect':
      return { kind: 'ifindex', target: info.ifindex ?? 0, flags: info.flags };
    case 'bpf_redirect_neigh':
      return { kind: 'ifindex', target: info.ifindex ?? 0, flags: 0 };
    case 'bpf_redirect_peer':
      // The packet enters the peer device's ingress; without veth pairs the named device stands for its peer.
      return { kind: 'ifindex', target: info.ifindex ?? 0, flags: BPF_F_INGRESS };
    case 'bpf_redirect_map':
      return mapTarget(prog, info);
    default:
      return { error: `redirect by ${info.helper} is not modelled on the packet path` };
  }
}

function mapTarget(prog: PreparedProgram, info: RedirectInfo): RedirectTarget | { error: string } {
  const type = info.map !== undefined ? prog.machine.maps.get(info.map)?.info.type : undefined;
  switch (type) {
    case MAP_DEVMAP:
    case MAP_DEVMAP_HASH:
      if (info.flags & BPF_F_BROADCAST) return { error: `BPF_F_BROADCAST through ${info.map}: broadcast redirects are not modelled on the packet path` };
      return { kind: 'devmap', target: info.ifindex ?? 0 };
    case MAP_CPUMAP:
      return { kind: 'cpumap', target: info.cpu ?? info.key ?? 0 };
    case MAP_XSKMAP:
      return { kind: 'xskmap', target: info.key ?? 0 };
    default:
      return { error: `bpf_redirect_map through ${info.map ?? 'an unknown map'}, which is not a devmap, cpumap or xskmap` };
  }
}

/** What a TC program changed in the sk_buff fields the model keeps (compared with what it was given). */
function skbChanges(r: PacketResult, before: SkbState | undefined): SkbChanges | undefined {
  const out = r.skb;
  if (!out) return undefined;
  const ch: SkbChanges = {};
  if (out.mark !== (before?.mark ?? 0) >>> 0) ch.mark = out.mark;
  if (out.priority !== (before?.priority ?? 0) >>> 0) ch.priority = out.priority;
  // cls_bpf sets tc_classid to the filter's class (0 here) before each program.
  if (out.tcClassid !== 0) ch.tc_classid = out.tcClassid;
  if (out.queueMapping !== ((before?.queue_mapping ?? 0) & 0xffff)) ch.queue_mapping = out.queueMapping;
  return Object.keys(ch).length > 0 ? ch : undefined;
}

/**
 * How far bpf_xdp_adjust_head moved the start of the data (+: grown at the front). The interpreter says it only
 * through its packet: a packet still lent (run in place on our bytes) was never moved; an owned one sits in
 * test_run's frame with data at XDP_HEADROOM before any move.
 */
function xdpHeadDelta(prog: PreparedProgram): number {
  const p = prog.machine.pkt;
  return p.lent ? 0 : XDP_HEADROOM - p.data;
}

export function toHookResult(hook: HookName, prog: PreparedProgram, r: PacketResult, before: SkbState | undefined): HookResult {
  const xdp = hook === 'xdp';
  const res: HookResult = {
    retval: xdp ? r.retval >>> 0 : r.retval | 0,
    action: r.action,
    data: r.dataOut,
    insns: r.steps,
  };
  if (r.error) res.error = r.error.message;
  if (xdp) {
    if (r.metaOut.length > 0) res.meta = r.metaOut;
    const delta = xdpHeadDelta(prog);
    if (delta !== 0 && !r.error) res.headDelta = delta;
  } else {
    const ch = skbChanges(r, before);
    if (ch) res.skbChanges = ch;
  }
  if (r.redirect) {
    const t = redirectTarget(prog, r.redirect);
    if ('error' in t) res.error ??= t.error;
    else res.redirect = t;
  }
  return res;
}
