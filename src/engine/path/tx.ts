// The transmit end: TX queue choice (XPS, else skb_tx_hash), the qdisc (a FIFO of txqueuelen packets drained at
// line rate), GSO/TSO or IP fragmentation when the packet exceeds the MTU, and the NIC's TX ring. XDP_TX and
// devmap redirects skip the qdisc and use the per-CPU XDP TX ring.

import type { PathEnv } from './env';
import { IPPROTO_TCP, type FlowKey } from './flowkey';
import type { NicTxStep } from './stages';
import type { Iface } from './topology';
import type { Trip } from './trip';

/** Preamble, start delimiter, FCS and inter-frame gap: what a frame costs on the wire beyond its bytes. */
const WIRE_OVERHEAD = 24;

export interface TxPick {
  queue: number;
  pick: NicTxStep['pick'];
}

function reciprocalScale(hash: number, n: number): number {
  return Math.floor(((hash >>> 0) * n) / 0x100000000);
}

/**
 * netdev_pick_tx: XPS first (the scenario's map, or by default CPU i → queue i mod n, as drivers set it up);
 * with XPS disabled (`xps: []`), a forwarded packet keeps its RX queue number and others hash.
 */
export function pickTxQueue(trip: Trip, dev: Iface, rxRecorded: boolean): TxPick {
  if (dev.txQueues <= 1) return { queue: 0, pick: 'single' };
  if (dev.xps === undefined) return { queue: trip.cpu % dev.txQueues, pick: 'xps' };
  const mine = dev.xps[trip.cpu] ?? [];
  if (mine.length === 1) return { queue: mine[0], pick: 'xps' };
  if (mine.length > 1) return { queue: mine[reciprocalScale(trip.hash, mine.length)], pick: 'xps' };
  if (rxRecorded) return { queue: trip.queue % dev.txQueues, pick: 'rx-queue' };
  return { queue: reciprocalScale(trip.hash, dev.txQueues), pick: 'hash' };
}

/** Enqueues on the qdisc; false (and the fate set) when it is full. Returns the time the NIC takes the packet. */
export function qdiscStage(env: PathEnv, trip: Trip, dev: Iface, queue: number, wireBytes: number): number | undefined {
  const tx = env.txState(dev);
  const backlog = tx.backlog[queue];
  while ((backlog.peek() ?? Infinity) <= trip.t) backlog.shift();
  env.step(trip, { stage: 'qdisc', ifname: dev.name, backlog: backlog.length, limit: dev.txqueuelen, queue }, 'qdisc');
  if (backlog.length >= dev.txqueuelen) {
    env.count(dev).txDropped++;
    trip.end('qdisc', 'dropped', `qdisc full on ${dev.name} txq ${queue}: ${backlog.length} packets queued (txqueuelen ${dev.txqueuelen})`);
    return undefined;
  }
  const start = Math.max(trip.t, tx.wireFreeAt);
  tx.wireFreeAt = start + (wireBytes * 8) / dev.bitsPerNs;
  backlog.push(start);
  return start;
}

export interface Segmentation {
  kind: 'tso' | 'gso' | 'fragment';
  segments: number;
  mss: number;
  /** Bytes on the wire including repeated headers. */
  wireBytes: number;
}

/** How a packet larger than the MTU leaves (TCP: TSO on the NIC or GSO in software; else IP fragments). */
export function segmentation(trip: Trip, dev: Iface, k: FlowKey | undefined): Segmentation | undefined {
  const gsoSize = trip.skb?.gso_size ?? 0;
  if (!k || k.family === 0) return undefined;
  const ipPayloadRoom = dev.mtu - (k.l4 >= 0 ? k.l4 - k.l3 : 20);
  const l3Len = trip.bytes.length - k.l3;
  if (gsoSize === 0 && l3Len <= dev.mtu) return undefined;
  if (k.proto === IPPROTO_TCP && k.l4 >= 0) {
    const hdr = k.payload - k.l4;
    const mss = gsoSize > 0 ? Math.min(gsoSize, ipPayloadRoom - hdr) : ipPayloadRoom - hdr;
    const segments = Math.max(1, Math.ceil(k.payloadLen / mss));
    const perSegHeaders = k.payload;
    return { kind: dev.tso ? 'tso' : 'gso', segments, mss, wireBytes: k.payloadLen + segments * (perSegHeaders + WIRE_OVERHEAD) };
  }
  const ihl = k.family === 4 ? 20 : 48; // IPv6 fragments repeat the header plus an 8-byte fragment header
  const chunk = Math.floor((dev.mtu - ihl) / 8) * 8;
  const body = l3Len - (k.family === 4 ? 20 : 40);
  const segments = Math.max(1, Math.ceil(body / chunk));
  return { kind: 'fragment', segments, mss: chunk, wireBytes: body + segments * (k.l3 + ihl + WIRE_OVERHEAD) };
}

/** The frame leaves the NIC: counters, the nic-tx step and the transmitted fate. */
export function nicTx(env: PathEnv, trip: Trip, dev: Iface, pick: TxPick, segments: number, at: number): void {
  trip.t = Math.max(trip.t, at);
  env.step(trip, { stage: 'nic-tx', ifname: dev.name, pick: pick.pick, len: trip.bytes.length, queue: pick.queue }, 'nicTx');
  const c = env.count(dev);
  c.add(pick.queue, 'tx_packets', segments);
  c.add(pick.queue, 'tx_bytes', trip.bytes.length);
  trip.journey.tx = { ifname: dev.name, queue: pick.queue, bytes: trip.bytes };
}

/** XDP_TX and devmap redirects: straight onto the XDP TX ring of this CPU, no qdisc, no GSO. */
export function xdpXmit(env: PathEnv, trip: Trip, dev: Iface): void {
  const queue = trip.cpu % dev.txQueues;
  const tx = env.txState(dev);
  const start = Math.max(trip.t, tx.wireFreeAt);
  tx.wireFreeAt = start + ((trip.bytes.length + WIRE_OVERHEAD) * 8) / dev.bitsPerNs;
  nicTx(env, trip, dev, { queue, pick: 'xdp' }, 1, start);
}

export function wireBytesOf(len: number): number {
  return len + WIRE_OVERHEAD;
}
