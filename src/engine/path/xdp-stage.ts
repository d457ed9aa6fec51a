// The XDP hook. Native (driver) mode runs on the raw frame before any sk_buff exists; generic mode runs inside
// netif_receive_skb on an sk_buff (after GRO), first expanding its head to XDP_PACKET_HEADROOM if needed. The
// verdicts follow the drivers' switch: PASS continues, DROP recycles the buffer (native) or frees the sk_buff
// (generic), TX bounces out of the same NIC, REDIRECT goes where the program's bpf_redirect* call pointed, and
// ABORTED, an unknown action or a failed redirect fire the xdp_exception tracepoint and drop.

import type { PathEnv } from './env';
import { xdpRedirect, type RedirectOutcome } from './redirect';
import {
  runGuarded, XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_REDIRECT, XDP_TX, xdpActionName, type HookResult,
} from './runner';
import { XDP_PACKET_HEADROOM } from './skb';
import type { XdpStep } from './stages';
import type { Attachment } from './topology';
import type { Trip } from './trip';
import { xdpXmit } from './tx';

export type XdpOutcome =
  | { kind: 'pass'; headroom: number }
  | { kind: 'done' }
  | { kind: 'cpumap'; cpu: number; headroom: number };

/** Runs the interface's XDP program on the trip's frame and acts on the verdict. */
export function runXdp(env: PathEnv, trip: Trip, att: Attachment): XdpOutcome {
  const generic = att.mode === 'generic';
  const headExpanded = generic && trip.skb !== undefined && (trip.journey.path.find(s => s.stage === 'skb-alloc')?.data ?? 0) < XDP_PACKET_HEADROOM;
  const res = runGuarded(env.runner, 'xdp', trip.iface.state, trip.packet(), {
    program: att.program, mode: generic ? 'generic' : 'native', rxQueue: trip.queue, cpu: trip.cpu, ...(trip.skb ? { skb: trip.skb } : {}),
  });
  trip.setBytes(res.data);
  trip.meta = res.meta && res.meta.length > 0 ? res.meta : undefined;
  const step = recordStep(env, trip, att, res, headExpanded);
  const headroom = XDP_PACKET_HEADROOM - (res.headDelta ?? 0);
  if (trip.skb) trip.skb.len = trip.bytes.length;
  const c = env.count(trip.iface);
  const retval = res.error !== undefined ? XDP_ABORTED : res.retval;
  switch (retval) {
    case XDP_PASS:
      c.add(trip.queue, 'xdp_pass');
      return { kind: 'pass', headroom };
    case XDP_DROP:
      c.add(trip.queue, 'xdp_drop');
      trip.end('xdp', 'dropped', generic ? 'XDP_DROP (generic): the sk_buff is freed' : 'XDP_DROP: buffer recycled to the RX ring, no sk_buff allocated');
      return { kind: 'done' };
    case XDP_TX:
      c.add(trip.queue, 'xdp_tx');
      env.charge(trip, 'xdpTx');
      xdpXmit(env, trip, trip.iface);
      trip.end('nic-tx', 'transmitted', `XDP_TX: back out of ${trip.iface.name}`);
      return { kind: 'done' };
    case XDP_REDIRECT:
      return redirect(env, trip, att, res, step, headroom);
    default:
      abort(env, trip, att, step, res.error ?? (retval === XDP_ABORTED ? 'XDP_ABORTED' : `invalid XDP action ${retval}`));
      return { kind: 'done' };
  }
}

function recordStep(env: PathEnv, trip: Trip, att: Attachment, res: HookResult, headExpanded: boolean): XdpStep {
  const s: XdpStep = {
    stage: 'xdp', mode: att.mode === 'generic' ? 'generic' : 'native', program: att.program,
    verdict: res.error !== undefined ? 'XDP_ABORTED' : xdpActionName(res.retval), retval: res.retval,
  };
  if (res.error !== undefined) s.error = res.error;
  if (headExpanded) s.head_expanded = true;
  const extra = (res.insns ?? 0) + (headExpanded ? env.cost.cycles('skbExpandHead') : 0);
  return env.step(trip, s, 'xdpRun', extra);
}

function abort(env: PathEnv, trip: Trip, att: Attachment, step: XdpStep, reason: string): void {
  env.count(trip.iface).add(trip.queue, 'xdp_aborted');
  step.xdp_exception = { prog: att.program, act: step.verdict, ifindex: trip.iface.ifindex, reason };
  trip.end('xdp', 'aborted', `xdp_exception: ${reason}`);
}

function redirect(env: PathEnv, trip: Trip, att: Attachment, res: HookResult, step: XdpStep, headroom: number): XdpOutcome {
  const out: RedirectOutcome = xdpRedirect(env, trip, res.redirect);
  if (out.kind === 'failed') {
    abort(env, trip, att, step, `XDP_REDIRECT failed: ${out.reason}`);
    return { kind: 'done' };
  }
  env.count(trip.iface).add(trip.queue, 'xdp_redirect');
  return out.kind === 'cpumap' ? { kind: 'cpumap', cpu: out.cpu, headroom } : { kind: 'done' };
}
