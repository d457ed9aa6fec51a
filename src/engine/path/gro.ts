// GRO within one NAPI poll: in-order TCP segments of one flow with the same ACK and header length merge into the
// first segment's sk_buff, which then goes up the stack once as a super-packet (gso_size = the segments' MSS).
// Like tcp_gro_receive: SYN/FIN/RST/URG/CWR segments are never merged and flush their flow first, a segment
// shorter than the MSS or carrying PSH is merged and then flushes, at most 8 flows are held (MAX_GRO_SKBS) and
// a super-packet stops at 64 KB. Everything still held is flushed when the poll ends.

import { fillIPv4Checksum, put16 } from './checksum';
import { sameTuple, tupleOf, type Tuple } from './conntrack';
import { IPPROTO_TCP, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG, type FlowKey } from './flowkey';
import type { GroStep } from './stages';
import type { Trip } from './trip';

const MAX_GRO_SKBS = 8;
const GRO_MAX_SIZE = 65536;
const TCP_CWR = 0x80;
const NO_MERGE = TCP_SYN | TCP_FIN | TCP_RST | TCP_URG | TCP_CWR;

interface Hold {
  /** The flow, with addresses copied out of the head frame. */
  flow: Tuple;
  head: Trip;
  key: FlowKey;
  step: GroStep;
  nextSeq: number;
  ack: number;
  doff: number;
  mss: number;
  size: number;
  payloads: Uint8Array[];
  push: boolean;
}

export interface GroResult {
  step: GroStep;
  /** Super-packets (and held heads) that must go up the stack now, before this packet. */
  flushed: Trip[];
  /** The packet itself continues up the stack now (normal), or waits (held), or is gone (merged). */
  result: GroStep['result'];
}

function be32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function candidate(k: FlowKey | undefined): k is FlowKey {
  if (!k || k.proto !== IPPROTO_TCP || k.l4 < 0 || k.fragment || k.payloadLen <= 0) return false;
  if (k.family === 4 && k.l4 - k.l3 !== 20) return false; // IP options: inet_gro_receive flushes
  if (k.family === 6 && k.l4 - k.l3 !== 40) return false;
  return (k.tcpFlags & NO_MERGE) === 0 && (k.tcpFlags & TCP_ACK) !== 0;
}

export class Gro {
  /** Held flows, oldest first (never more than MAX_GRO_SKBS, so a scan is cheap). */
  private held: Hold[] = [];

  receive(trip: Trip): GroResult {
    const k = trip.key;
    const t = k && (candidate(k) || this.held.length > 0) ? tupleOf(k) : undefined;
    const existing = t ? this.held.find(h => sameTuple(h.flow, t)) : undefined;
    if (!candidate(k) || !t) {
      const flushed = existing ? [this.flush(existing)] : [];
      return { step: { stage: 'gro', result: 'normal', reason: k?.proto === IPPROTO_TCP ? 'not mergeable' : 'not TCP' }, flushed, result: 'normal' };
    }
    const b = trip.bytes;
    const seq = be32(b, k.l4 + 4);
    if (existing && this.fits(existing, k, seq, b)) return this.merge(existing, trip, k);
    const flushed = existing ? [this.flush(existing)] : [];
    if (k.tcpFlags & TCP_PSH) return { step: { stage: 'gro', result: 'normal', reason: 'PSH' }, flushed, result: 'normal' };
    if (this.held.length >= MAX_GRO_SKBS) flushed.push(this.flush(this.held[0]));
    const step: GroStep = { stage: 'gro', result: 'held' };
    this.held.push({
      flow: { ...t, src: t.src.slice(), dst: t.dst.slice() }, head: trip, key: k, step, nextSeq: (seq + k.payloadLen) >>> 0, ack: be32(b, k.l4 + 8), doff: k.payload - k.l4,
      mss: k.payloadLen, size: k.payload + k.payloadLen, payloads: [b.subarray(k.payload, k.payload + k.payloadLen)], push: false,
    });
    return { step, flushed, result: 'held' };
  }

  private fits(h: Hold, k: FlowKey, seq: number, b: Uint8Array): boolean {
    return seq === h.nextSeq && be32(b, k.l4 + 8) === h.ack && k.payload - k.l4 === h.doff && k.payloadLen <= h.mss
      && h.size + k.payloadLen <= GRO_MAX_SIZE;
  }

  private merge(h: Hold, trip: Trip, k: FlowKey): GroResult {
    h.payloads.push(trip.bytes.subarray(k.payload, k.payload + k.payloadLen));
    h.nextSeq = (h.nextSeq + k.payloadLen) >>> 0;
    h.size += k.payloadLen;
    h.push ||= (k.tcpFlags & TCP_PSH) !== 0;
    const step: GroStep = { stage: 'gro', result: 'merged', into: h.head.journey.index };
    const last = k.payloadLen < h.mss || h.push;
    return { step, flushed: last ? [this.flush(h)] : [], result: 'merged' };
  }

  /** Everything held, oldest first (napi_gro_flush at the end of a poll). */
  flushAll(): Trip[] {
    if (this.held.length === 0) return [];
    return [...this.held].map(h => this.flush(h));
  }

  private flush(h: Hold): Trip {
    this.held = this.held.filter(x => x !== h);
    const segs = h.payloads.length;
    h.step.segments = segs;
    if (segs > 1) build(h);
    return h.head;
  }
}

/** The super-packet: the first segment's headers, every payload, lengths and the IPv4 checksum fixed. */
function build(h: Hold): void {
  const k = h.key;
  const head = h.head.bytes;
  const out = new Uint8Array(h.size);
  out.set(head.subarray(0, k.payload), 0);
  let at = k.payload;
  for (const p of h.payloads) {
    out.set(p, at);
    at += p.length;
  }
  if (k.family === 4) {
    put16(out, k.l3 + 2, h.size - k.l3);
    fillIPv4Checksum(out, k.l3);
  } else {
    put16(out, k.l3 + 4, h.size - k.l3 - 40);
  }
  if (h.push) out[k.l4 + 13] |= TCP_PSH;
  h.head.setBytes(out);
  const skb = h.head.skb;
  if (skb) {
    // The first segment's linear part stays; the merged payloads hang off it as frags.
    const linear = skb.len - skb.data_len;
    skb.len = out.length;
    skb.data_len = out.length - linear;
    skb.gso_size = h.mss;
    skb.gso_segs = h.payloads.length;
  }
}
