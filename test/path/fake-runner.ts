// Runners for the path tests: plain functions decide the verdicts, and every call is recorded so a test can see
// which hook ran, in which mode, on which CPU and queue, and whether an sk_buff existed yet.

import type { HookContext, HookName, HookResult, HookRunner, IfaceState, PathPacket } from '../../src/engine/path/runner';

export type Decide = (pkt: PathPacket, ctx: HookContext, iface: IfaceState) => Partial<HookResult> & { retval: number };

export interface Call {
  hook: HookName;
  iface: string;
  program: string;
  mode: HookContext['mode'];
  cpu: number;
  rxQueue: number;
  hadSkb: boolean;
  len: number;
  index: number;
}

export class FakeRunner implements HookRunner {
  readonly calls: Call[] = [];

  constructor(private readonly decide: Partial<Record<HookName, Decide>>) {}

  run(hook: HookName, iface: IfaceState, pkt: PathPacket, ctx: HookContext): HookResult {
    this.calls.push({
      hook, iface: iface.name, program: ctx.program, mode: ctx.mode, cpu: ctx.cpu, rxQueue: ctx.rxQueue,
      hadSkb: ctx.skb !== undefined, len: pkt.bytes.length, index: pkt.index,
    });
    const d = this.decide[hook];
    if (!d) throw new Error(`no decision for ${hook}`);
    const r = d(pkt, ctx, iface);
    return { action: String(r.retval), data: pkt.bytes, ...r };
  }
}

export const XDP = { ABORTED: 0, DROP: 1, PASS: 2, TX: 3, REDIRECT: 4 };
export const TC = { UNSPEC: -1, OK: 0, RECLASSIFY: 1, SHOT: 2, PIPE: 3, STOLEN: 4, REDIRECT: 7 };

/** A runner where every hook returns the same verdict. */
export function always(xdp: number, tc = TC.OK): FakeRunner {
  return new FakeRunner({ xdp: () => ({ retval: xdp }), 'tc-ingress': () => ({ retval: tc }), 'tc-egress': () => ({ retval: tc }) });
}
