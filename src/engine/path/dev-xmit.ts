// dev_queue_xmit on an output interface: the TC egress programs, then the qdisc, then GSO/TSO or fragmentation
// when the packet is larger than the MTU, then the NIC. TC redirects land here too: to another interface's
// egress (this function again) or, with BPF_F_INGRESS, into that interface's receive path. Redirect chains stop
// at the kernel's recursion limit.

import type { PathEnv } from './env';
import { BPF_F_INGRESS, type RedirectTarget } from './runner';
import { runTc } from './tc-stage';
import type { Iface } from './topology';
import type { Trip } from './trip';
import { nicTx, pickTxQueue, qdiscStage, segmentation, wireBytesOf, type TxPick } from './tx';

/** XMIT_RECURSION_LIMIT: nested transmits the kernel allows before it calls the loop dead. */
export const RECURSION_LIMIT = 8;

export interface XmitOptions {
  /** A forwarded packet keeps its RX queue for skb_tx_hash. */
  rxRecorded: boolean;
  depth: number;
}

export function devXmit(env: PathEnv, trip: Trip, dev: Iface, opts: XmitOptions): void {
  trip.iface = dev;
  if (trip.skb) trip.skb.ifindex = dev.ifindex;
  if (dev.tcEgress.length > 0) {
    const out = runTc(env, trip, 'tc-egress', dev, dev.tcEgress);
    if (out.kind === 'done') return;
    if (out.kind === 'redirect') {
      tcRedirect(env, trip, out.target, opts.depth + 1, 'tc-egress');
      return;
    }
  }
  const pick = choose(trip, dev, opts.rxRecorded);
  const seg = segmentation(trip, dev, trip.key);
  const start = qdiscStage(env, trip, dev, pick.queue, seg ? seg.wireBytes : wireBytesOf(trip.bytes.length));
  if (start === undefined) return;
  if (seg) {
    const cycles = seg.kind === 'tso' ? 0 : seg.segments * env.cost.cycles('gsoSegment');
    env.step(trip, { stage: 'gso', kind: seg.kind, segments: seg.segments, mss: seg.mss }, undefined, cycles);
  }
  nicTx(env, trip, dev, pick, seg ? seg.segments : 1, start);
  const segs = seg && seg.segments > 1 ? ` as ${seg.segments} ${seg.kind === 'fragment' ? 'fragments' : 'segments'}` : '';
  trip.end('nic-tx', 'transmitted', `out of ${dev.name} txq ${pick.queue}${segs}`);
}

/** A queue_mapping set by the TC egress program wins (the kernel skips its own pick then); else XPS / skb_tx_hash. */
function choose(trip: Trip, dev: Iface, rxRecorded: boolean): TxPick {
  const set = trip.txQueueSet;
  if (set !== undefined && set < dev.txQueues) return { queue: set, pick: 'tc' };
  return pickTxQueue(trip, dev, rxRecorded);
}

/** bpf_redirect from a TC program: to another interface's egress, or its ingress with BPF_F_INGRESS. */
export function tcRedirect(env: PathEnv, trip: Trip, r: RedirectTarget | undefined, depth: number, from: 'tc-ingress' | 'tc-egress'): void {
  if (!r) {
    trip.end(from, 'dropped', 'TC_ACT_REDIRECT without a bpf_redirect target: skb_do_redirect finds no device');
    return;
  }
  const dev = env.topo.indexed(r.target);
  if (!dev) {
    trip.end(from, 'dropped', `TC_ACT_REDIRECT to ifindex ${r.target}: no such device`);
    return;
  }
  if (depth > RECURSION_LIMIT) {
    trip.end(from, 'dropped', `redirect loop: more than ${RECURSION_LIMIT} nested transmits (Dead loop on virtual device)`);
    return;
  }
  const ingress = ((r.flags ?? 0) & BPF_F_INGRESS) !== 0;
  env.step(trip, { stage: 'redirect', kind: ingress ? 'ingress' : 'ifindex', target: r.target, ifname: dev.name }, undefined);
  if (ingress) env.ingressHandoff(trip, dev, depth);
  else devXmit(env, trip, dev, { rxRecorded: false, depth });
}
