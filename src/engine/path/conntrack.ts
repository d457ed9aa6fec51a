// Connection tracking as nf_conntrack does it, reduced to what decides a packet's ctinfo: entries keyed by the
// original and the reply tuple, NEW until a reply has been seen, ESTABLISHED after, RELATED for ICMP errors about
// a tracked connection, INVALID for what cannot start or belong to one. TCP follows enough of the kernel's state
// table to know when a segment may open a connection (SYN, or a mid-stream ACK with nf_conntrack_tcp_loose=1),
// when one is closing, and when a new SYN may reuse the tuple. An entry is inserted ("confirmed") only when its
// first packet survives to the end of the input or postrouting hook, like the kernel's confirm step.

import {
  IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, isEcho, isIcmpError, parseIpAt, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN,
  type FlowKey,
} from './flowkey';
import { Fifo } from './fifo';
import type { CtState } from './stages';

export interface Tuple {
  proto: number;
  src: Uint8Array;
  dst: Uint8Array;
  sport: number;
  dport: number;
}

export type TcpState = 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'NONE';

export interface Conn {
  id: number;
  orig: Tuple;
  /** The tuple replies carry; NAT rewrites it before the entry is confirmed. */
  reply: Tuple;
  tcp: TcpState;
  seenReply: boolean;
  confirmed: boolean;
  lastSeenNs: number;
  timeoutNs: number;
  /** Which NAT manipulations were set up when the connection was new. */
  dnat: boolean;
  snat: boolean;
}

export interface CtLookup {
  state: CtState;
  conn?: Conn;
  dir: 'original' | 'reply';
  /** Why a packet is INVALID or UNTRACKED. */
  reason?: string;
}

const S = 1_000_000_000;
/** The kernel's default timeouts (net.netfilter.nf_conntrack_*_timeout*). */
const TCP_TIMEOUT: Record<TcpState, number> = {
  SYN_SENT: 120 * S, SYN_RECV: 60 * S, ESTABLISHED: 432000 * S, FIN_WAIT: 120 * S, CLOSE_WAIT: 60 * S,
  LAST_ACK: 30 * S, TIME_WAIT: 120 * S, CLOSE: 10 * S, NONE: 30 * S,
};
const UDP_TIMEOUT = 30 * S;
const UDP_STREAM_TIMEOUT = 120 * S;
const ICMP_TIMEOUT = 30 * S;
const GENERIC_TIMEOUT = 600 * S;
export const DEFAULT_CONNTRACK_MAX = 262144;

/** A 32-bit hash of a tuple (FNV-1a over its fields), for the table's buckets. */
export function tupleHash(t: Tuple): number {
  let h = 0x811c9dc5 ^ t.proto;
  h = Math.imul(h ^ t.sport, 0x01000193);
  h = Math.imul(h ^ t.dport, 0x01000193);
  for (let i = 0; i < t.src.length; i++) h = Math.imul(h ^ t.src[i], 0x01000193);
  for (let i = 0; i < t.dst.length; i++) h = Math.imul(h ^ (t.dst[i] + 0x100), 0x01000193);
  return h >>> 0;
}

export function sameTuple(a: Tuple, b: Tuple): boolean {
  if (a.proto !== b.proto || a.sport !== b.sport || a.dport !== b.dport || a.src.length !== b.src.length) return false;
  for (let i = 0; i < a.src.length; i++) if (a.src[i] !== b.src[i] || a.dst[i] !== b.dst[i]) return false;
  return true;
}

export function ownTuple(t: Tuple): Tuple {
  return { ...t, src: t.src.slice(), dst: t.dst.slice() };
}

export function invert(t: Tuple): Tuple {
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

/**
 * The tuple of a packet, or undefined when conntrack cannot track it (non-IP, a fragment without ports). The
 * addresses are views into the frame: copy them (`ownTuple`) before keeping the tuple.
 */
export function tupleOf(k: FlowKey): Tuple | undefined {
  if (k.family === 0) return undefined;
  const ports = k.proto === IPPROTO_TCP || k.proto === IPPROTO_UDP;
  if (ports && k.l4 < 0) return undefined;
  // ICMP echo: the identifier on both sides, so a reply finds its request's entry.
  const echo = isEcho(k);
  return {
    proto: k.proto, src: k.src, dst: k.dst,
    sport: ports || echo ? k.sport : 0, dport: ports ? k.dport : echo ? k.sport : 0,
  };
}

function tcpNewState(flags: number): TcpState | undefined {
  if (flags & TCP_RST) return undefined;
  if ((flags & (TCP_SYN | TCP_ACK)) === TCP_SYN) return 'SYN_SENT';
  if (flags & TCP_SYN) return undefined; // SYN+ACK without a connection
  if (flags & TCP_FIN) return undefined;
  if (flags & TCP_ACK) return 'ESTABLISHED'; // mid-stream pickup (nf_conntrack_tcp_loose)
  return undefined;
}

function tcpNext(c: Conn, dir: 'original' | 'reply', flags: number): TcpState {
  if (flags & TCP_RST) return 'CLOSE';
  const s = c.tcp;
  if (flags & TCP_SYN) {
    if (dir === 'reply' && flags & TCP_ACK && s === 'SYN_SENT') return 'SYN_RECV';
    return s;
  }
  if (flags & TCP_FIN) {
    if (s === 'FIN_WAIT' || s === 'CLOSE_WAIT') return 'LAST_ACK';
    return s === 'LAST_ACK' || s === 'TIME_WAIT' ? s : 'FIN_WAIT';
  }
  if (flags & TCP_ACK) {
    if (s === 'SYN_RECV' && dir === 'original') return 'ESTABLISHED';
    if (s === 'LAST_ACK') return 'TIME_WAIT';
    if (s === 'FIN_WAIT') return 'CLOSE_WAIT';
  }
  return s;
}

function timeoutOf(c: Conn): number {
  if (c.orig.proto === IPPROTO_TCP) return TCP_TIMEOUT[c.tcp];
  if (c.orig.proto === IPPROTO_UDP) return c.seenReply ? UDP_STREAM_TIMEOUT : UDP_TIMEOUT;
  if (c.orig.proto === IPPROTO_ICMP || c.orig.proto === IPPROTO_ICMPV6) return ICMP_TIMEOUT;
  return GENERIC_TIMEOUT;
}

interface Slot {
  conn: Conn;
  dir: 'original' | 'reply';
}

export class Conntrack {
  /** Buckets by tupleHash; each slot is one direction of one connection. */
  private readonly table = new Map<number, Slot[]>();
  /** Connections in insertion order, oldest first, for early drop and garbage collection. */
  private readonly order = new Fifo<Conn>();
  private nextId = 1;
  private count = 0;
  /** Packets dropped because the table was full. */
  dropsFull = 0;

  constructor(private readonly max = DEFAULT_CONNTRACK_MAX) {}

  get size(): number {
    return this.count;
  }

  /** Looks up (or prepares, unconfirmed) the connection of a packet at time `now`. */
  classify(k: FlowKey, b: Uint8Array, now: number): CtLookup {
    if (isIcmpError(k)) return this.related(k, b, now);
    const t = tupleOf(k);
    if (!t) return { state: 'UNTRACKED', dir: 'original', reason: k.family === 0 ? 'not IP' : 'fragment without transport header' };
    const slot = this.find(t, now);
    if (slot) return this.existing(slot, k, now);
    return this.fresh(ownTuple(t), k, now);
  }

  private find(t: Tuple, now: number): Slot | undefined {
    const bucket = this.table.get(tupleHash(t));
    const slot = bucket?.find(s => sameTuple(s.dir === 'original' ? s.conn.orig : s.conn.reply, t));
    if (!slot) return undefined;
    if (now - slot.conn.lastSeenNs <= slot.conn.timeoutNs) return slot;
    this.remove(slot.conn);
    return undefined;
  }

  private existing(slot: Slot, k: FlowKey, now: number): CtLookup {
    const c = slot.conn;
    if (c.orig.proto === IPPROTO_TCP) {
      // A new SYN on a closed or closing connection starts over, as the kernel lets TIME_WAIT tuples be reused.
      const reopen = (k.tcpFlags & (TCP_SYN | TCP_ACK)) === TCP_SYN && slot.dir === 'original' && (c.tcp === 'TIME_WAIT' || c.tcp === 'CLOSE');
      if (reopen) {
        this.remove(c);
        return this.fresh(c.orig, k, now);
      }
      c.tcp = tcpNext(c, slot.dir, k.tcpFlags);
    }
    if (slot.dir === 'reply') c.seenReply = true;
    c.lastSeenNs = now;
    c.timeoutNs = timeoutOf(c);
    const state: CtState = slot.dir === 'reply' || c.seenReply ? 'ESTABLISHED' : 'NEW';
    return { state, conn: c, dir: slot.dir };
  }

  private fresh(t: Tuple, k: FlowKey, now: number): CtLookup {
    let tcp: TcpState = 'NONE';
    if (t.proto === IPPROTO_TCP) {
      const s = tcpNewState(k.tcpFlags);
      if (!s) return { state: 'INVALID', dir: 'original', reason: 'TCP segment that cannot open a connection (no SYN, or RST/FIN/SYN-ACK)' };
      tcp = s;
    }
    const conn: Conn = {
      id: this.nextId++, orig: t, reply: invert(t), tcp, seenReply: false, confirmed: false, lastSeenNs: now, timeoutNs: 0,
      dnat: false, snat: false,
    };
    conn.timeoutNs = timeoutOf(conn);
    return { state: 'NEW', conn, dir: 'original' };
  }

  /** An ICMP error is RELATED when the packet it quotes belongs to a tracked connection. */
  private related(k: FlowKey, b: Uint8Array, now: number): CtLookup {
    const inner = parseIpAt(b, k.l4 + 8);
    const t = inner ? tupleOf(inner) : undefined;
    const slot = t ? this.find(t, now) : undefined;
    if (!slot) return { state: 'INVALID', dir: 'original', reason: 'ICMP error about no tracked connection' };
    // The quoted packet went one way; the error travels the other.
    const dir = slot.dir === 'original' ? 'reply' : 'original';
    return { state: 'RELATED', conn: slot.conn, dir };
  }

  /** Inserts a new connection under both tuples; false when the table is full. */
  confirm(c: Conn): boolean {
    if (c.confirmed) return true;
    if (this.count >= this.max && !this.evictOne()) {
      this.dropsFull++;
      return false;
    }
    this.collect(c.lastSeenNs);
    c.confirmed = true;
    this.insert(c.orig, { conn: c, dir: 'original' });
    this.insert(c.reply, { conn: c, dir: 'reply' });
    this.order.push(c);
    this.count++;
    return true;
  }

  private insert(t: Tuple, slot: Slot): void {
    const h = tupleHash(t);
    const bucket = this.table.get(h);
    if (bucket) bucket.push(slot);
    else this.table.set(h, [slot]);
  }

  private unlink(t: Tuple, c: Conn): void {
    const h = tupleHash(t);
    const bucket = this.table.get(h);
    if (!bucket) return;
    const rest = bucket.filter(s => s.conn !== c);
    if (rest.length === 0) this.table.delete(h);
    else this.table.set(h, rest);
  }

  private remove(c: Conn): void {
    if (!c.confirmed) return;
    this.unlink(c.orig, c);
    this.unlink(c.reply, c);
    c.confirmed = false;
    this.count--;
  }

  /** Early drop: the oldest few entries that never saw a reply make room, as the kernel's early_drop does. */
  private evictOne(): boolean {
    this.dropRemoved();
    const n = Math.min(16, this.order.length);
    for (let i = 0; i < n; i++) {
      const c = this.order.at(i);
      if (c && c.confirmed && !c.seenReply) {
        this.remove(c);
        return true;
      }
    }
    return false;
  }

  /** Forgets removed connections at the front of the insertion order. */
  private dropRemoved(): void {
    while (this.order.length > 0 && !(this.order.peek() as Conn).confirmed) this.order.shift();
  }

  /** Garbage collection, a few entries per insertion so the table stays bounded over long captures. */
  private collect(now: number): void {
    // Look at a few of the oldest entries: expired ones go, live ones move to the back of the line.
    for (let i = 0; i < 8 && this.order.length > 0; i++) {
      const c = this.order.shift() as Conn;
      if (!c.confirmed) continue;
      if (now - c.lastSeenNs > c.timeoutNs) this.remove(c);
      else this.order.push(c);
    }
  }

}
