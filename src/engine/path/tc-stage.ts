// The TC hooks (clsact ingress/egress or tcx). Programs run in attachment order. With cls_bpf in direct-action
// mode the kernel keeps OK, SHOT, STOLEN, TRAP, REDIRECT and UNSPEC and turns every other return value (PIPE,
// RECLASSIFY, QUEUED, REPEAT, garbage) into UNSPEC (cls_bpf_exec_opcode); UNSPEC moves on to the next filter, and
// with none left the packet continues. tcx keeps only PASS (0), DROP (2) and REDIRECT (7); anything else means
// NEXT. STOLEN/TRAP/QUEUED hand the packet to someone else (consumed).

import type { PathEnv } from './env';
import {
  runGuarded, TC_ACT_OK, TC_ACT_REDIRECT, TC_ACT_SHOT, TC_ACT_STOLEN, TC_ACT_TRAP, TC_ACT_UNSPEC, tcActionName, type HookResult,
  type RedirectTarget,
} from './runner';
import type { HookStep } from './stages';
import type { Attachment, Iface } from './topology';
import type { Trip } from './trip';

export type TcOutcome =
  | { kind: 'continue' }
  | { kind: 'done' }
  | { kind: 'redirect'; target: RedirectTarget | undefined };

const TCX_PASS = 0;
const TCX_DROP = 2;
const TCX_REDIRECT = 7;

/** What the kernel makes of a return value in this mode. */
function effectiveCode(att: Attachment, retval: number): number {
  if (att.mode === 'tcx') return retval === TCX_PASS || retval === TCX_DROP || retval === TCX_REDIRECT ? retval : TC_ACT_UNSPEC;
  switch (retval) {
    case TC_ACT_OK: case TC_ACT_SHOT: case TC_ACT_STOLEN: case TC_ACT_TRAP: case TC_ACT_REDIRECT: case TC_ACT_UNSPEC:
      return retval;
    default:
      return TC_ACT_UNSPEC;
  }
}

function effectiveText(att: Attachment, retval: number, code: number): string {
  if (code !== TC_ACT_UNSPEC) return tcActionName(code);
  if (retval === TC_ACT_UNSPEC) return att.mode === 'tcx' ? 'NEXT' : 'UNSPEC';
  return att.mode === 'tcx' ? `NEXT (tcx treats ${tcActionName(retval)} as TCX_NEXT)` : `UNSPEC (direct-action maps ${tcActionName(retval)} to UNSPEC)`;
}

function applySkbChanges(trip: Trip, res: HookResult, hook: 'tc-ingress' | 'tc-egress'): void {
  const skb = trip.skb;
  const ch = res.skbChanges;
  if (!skb || !ch) return;
  if (ch.mark !== undefined) skb.mark = ch.mark;
  if (ch.priority !== undefined) skb.priority = ch.priority;
  if (ch.tc_classid !== undefined) skb.tc_classid = ch.tc_classid;
  if (ch.queue_mapping !== undefined) {
    skb.queue_mapping = ch.queue_mapping;
    if (hook === 'tc-egress') trip.txQueueSet = ch.queue_mapping;
  }
}

/** Runs the programs at a TC hook of `dev`; decides whether the packet continues, ended, or is redirected. */
export function runTc(env: PathEnv, trip: Trip, hook: 'tc-ingress' | 'tc-egress', dev: Iface, atts: Attachment[]): TcOutcome {
  for (const att of atts) {
    const res = runGuarded(env.runner, hook, dev.state, trip.packet(), {
      program: att.program, mode: att.mode, rxQueue: trip.queue, cpu: trip.cpu, ...(trip.skb ? { skb: trip.skb } : {}),
    });
    trip.setBytes(res.data);
    if (trip.skb) trip.skb.len = res.data.length;
    applySkbChanges(trip, res, hook);
    const code = res.error !== undefined ? TC_ACT_SHOT : effectiveCode(att, res.retval);
    const step: HookStep = {
      stage: hook, program: att.program, mode: att.mode === 'tcx' ? 'tcx' : 'cls_bpf', verdict: tcActionName(res.retval),
      retval: res.retval, effective: effectiveText(att, res.retval, code),
    };
    if (res.error !== undefined) step.error = res.error;
    if (trip.skb && trip.skb.gso_segs > 1) step.gso_segs = trip.skb.gso_segs;
    env.step(trip, step, 'tcRun', res.insns ?? 0);
    if (res.error !== undefined) {
      trip.end(hook, 'aborted', `${att.program} faulted: ${res.error}`);
      return { kind: 'done' };
    }
    const out = decide(trip, hook, att, code, res);
    if (out) return out;
  }
  return { kind: 'continue' };
}

function decide(trip: Trip, hook: 'tc-ingress' | 'tc-egress', att: Attachment, code: number, res: HookResult): TcOutcome | undefined {
  const name = hook === 'tc-ingress' ? 'ingress' : 'egress';
  switch (code) {
    case TC_ACT_OK:
      return { kind: 'continue' };
    case TC_ACT_SHOT:
      trip.end(hook, 'dropped', `TC_ACT_SHOT by ${att.program} at tc ${name}`);
      return { kind: 'done' };
    case TC_ACT_STOLEN:
    case TC_ACT_TRAP:
      trip.end(hook, 'consumed', `${tcActionName(code)}: ${att.program} took the packet at tc ${name}`);
      return { kind: 'done' };
    case TC_ACT_REDIRECT:
      return { kind: 'redirect', target: res.redirect };
    default:
      return undefined;
  }
}
