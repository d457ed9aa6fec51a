// The packets the kernel sends back on its own: a TCP RST for a segment no socket wants (tcp_v4_send_reset /
// tcp_v6_send_reset), ICMP errors (icmp_send / icmp6_send: port or host unreachable, time exceeded, fragmentation
// needed), and echo replies. They are built whole (Ethernet, IP, transport, checksums) and attached to the
// journey; they are not themselves run through the model.

import { fillIPv4Checksum, onesSum, pseudoSum, put16 } from './checksum';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type FlowKey } from './flowkey';
import type { KernelReply } from './stages';

const DEFAULT_TTL = 64;
/** icmp_send quotes as much as fits in 576 bytes; icmp6_send as much as fits in the IPv6 minimum MTU. */
const ICMP_MAX = 576;
const ICMPV6_MAX = 1280;

/** Ethernet (and VLAN tags) of the original with the MAC addresses swapped. */
function l2Reply(orig: Uint8Array, k: FlowKey, out: Uint8Array): void {
  out.set(orig.subarray(0, k.l3), 0);
  out.set(orig.subarray(6, 12), 0);
  out.set(orig.subarray(0, 6), 6);
}

/** Writes an IP header at k.l3 of `out`; returns the offset of the transport header. */
function ipHeader(out: Uint8Array, k: FlowKey, at: number, proto: number, payloadLen: number, tos: number, df: boolean): number {
  if (k.family === 4) {
    out[at] = 0x45;
    out[at + 1] = tos;
    put16(out, at + 2, 20 + payloadLen);
    put16(out, at + 6, df ? 0x4000 : 0);
    out[at + 8] = DEFAULT_TTL;
    out[at + 9] = proto;
    out.set(k.dst, at + 12);
    out.set(k.src, at + 16);
    fillIPv4Checksum(out, at);
    return at + 20;
  }
  out[at] = 0x60;
  put16(out, at + 4, payloadLen);
  out[at + 6] = proto;
  out[at + 7] = DEFAULT_TTL;
  out.set(k.dst, at + 8);
  out.set(k.src, at + 24);
  return at + 40;
}

function be32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function put32(b: Uint8Array, o: number, v: number): void {
  put16(b, o, v >>> 16);
  put16(b, o + 2, v & 0xffff);
}

/** The RST the kernel answers a segment with when no socket takes it; undefined for an RST (never answered). */
export function tcpReset(orig: Uint8Array, k: FlowKey): KernelReply | undefined {
  if (k.l4 < 0 || k.tcpFlags & TCP_RST) return undefined;
  const ipLen = k.family === 4 ? 20 : 40;
  const out = new Uint8Array(k.l3 + ipLen + 20);
  l2Reply(orig, k, out);
  const tos = k.family === 4 ? orig[k.l3 + 1] : 0;
  const th = ipHeader(out, k, k.l3, IPPROTO_TCP, 20, tos, true);
  put16(out, th, k.dport);
  put16(out, th + 2, k.sport);
  if (k.tcpFlags & TCP_ACK) {
    put32(out, th + 4, be32(orig, k.l4 + 8));
    out[th + 13] = TCP_RST;
  } else {
    const seq = be32(orig, k.l4 + 4);
    const span = k.payloadLen + (k.tcpFlags & TCP_SYN ? 1 : 0) + (k.tcpFlags & TCP_FIN ? 1 : 0);
    put32(out, th + 8, (seq + span) >>> 0);
    out[th + 13] = TCP_RST | TCP_ACK;
  }
  out[th + 12] = 5 << 4;
  const sum = onesSum(out, th, th + 20, pseudoSum(k.dst, k.src, IPPROTO_TCP, 20));
  put16(out, th + 16, ~sum & 0xffff);
  return { kind: 'tcp-reset', bytes: out };
}

export interface IcmpError {
  kind: string;
  /** ICMPv4 type/code and the ICMPv6 equivalent. */
  v4: [number, number];
  v6: [number, number];
}

export const ICMP_PORT_UNREACHABLE: IcmpError = { kind: 'icmp-port-unreachable', v4: [3, 3], v6: [1, 4] };
export const ICMP_HOST_UNREACHABLE: IcmpError = { kind: 'icmp-host-unreachable', v4: [3, 1], v6: [1, 3] };
export const ICMP_NET_UNREACHABLE: IcmpError = { kind: 'icmp-net-unreachable', v4: [3, 0], v6: [1, 0] };
export const ICMP_ADMIN_PROHIBITED: IcmpError = { kind: 'icmp-admin-prohibited', v4: [3, 13], v6: [1, 1] };
export const ICMP_PROTO_UNREACHABLE: IcmpError = { kind: 'icmp-protocol-unreachable', v4: [3, 2], v6: [4, 1] };
export const ICMP_TIME_EXCEEDED: IcmpError = { kind: 'icmp-time-exceeded', v4: [11, 0], v6: [3, 0] };
export const ICMP_FRAG_NEEDED: IcmpError = { kind: 'icmp-frag-needed', v4: [3, 4], v6: [2, 0] };

/**
 * An ICMP error about `orig`, sent from `from` (the local address answering) back to the packet's source.
 * `mtu` fills the next-hop MTU of "fragmentation needed" / "packet too big".
 */
export function icmpError(orig: Uint8Array, k: FlowKey, err: IcmpError, from: Uint8Array, mtu = 0): KernelReply {
  const v6 = k.family === 6;
  const ipLen = v6 ? 40 : 20;
  const quoteAvail = Math.min(k.ipLen, orig.length - k.l3);
  const quote = Math.max(0, Math.min(quoteAvail, (v6 ? ICMPV6_MAX : ICMP_MAX) - ipLen - 8));
  const out = new Uint8Array(k.l3 + ipLen + 8 + quote);
  l2Reply(orig, k, out);
  const proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
  // The reply goes from `from` to the original source: build the header as if answering a packet sent to `from`.
  const answering: FlowKey = { ...k, dst: from };
  const tos = v6 ? 0 : (orig[k.l3 + 1] & 0x1e) | 0xc0;
  const ih = ipHeader(out, answering, k.l3, proto, 8 + quote, tos, false);
  const [type, code] = v6 ? err.v6 : err.v4;
  out[ih] = type;
  out[ih + 1] = code;
  if (mtu > 0) {
    if (v6) put32(out, ih + 4, mtu);
    else put16(out, ih + 6, mtu);
  }
  out.set(orig.subarray(k.l3, k.l3 + quote), ih + 8);
  const initial = v6 ? pseudoSum(from, k.src, IPPROTO_ICMPV6, 8 + quote) : 0;
  put16(out, ih + 2, ~onesSum(out, ih, ih + 8 + quote, initial) & 0xffff);
  return { kind: err.kind, bytes: out };
}

/** The kernel's echo reply to an echo request addressed to this machine. */
export function echoReply(orig: Uint8Array, k: FlowKey): KernelReply {
  const v6 = k.family === 6;
  const ipLen = v6 ? 40 : 20;
  const icmpLen = Math.max(0, Math.min(k.ipLen, orig.length - k.l3) - (k.l4 - k.l3));
  const out = new Uint8Array(k.l3 + ipLen + icmpLen);
  l2Reply(orig, k, out);
  const tos = v6 ? 0 : orig[k.l3 + 1];
  const proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
  const ih = ipHeader(out, k, k.l3, proto, icmpLen, tos, false);
  out.set(orig.subarray(k.l4, k.l4 + icmpLen), ih);
  out[ih] = v6 ? 129 : 0;
  put16(out, ih + 2, 0);
  const initial = v6 ? pseudoSum(k.dst, k.src, IPPROTO_ICMPV6, icmpLen) : 0;
  put16(out, ih + 2, ~onesSum(out, ih, ih + icmpLen, initial) & 0xffff);
  return { kind: 'icmp-echo-reply', bytes: out };
}
