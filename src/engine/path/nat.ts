// NAT as nf_nat applies it: a connection's NAT binding lives in its conntrack entry (the reply tuple), and each
// NAT hook applies one kind of manipulation to every packet of the connection in either direction:
// destination at prerouting and output, source at input and postrouting. A packet's target address is read off
// the other direction's tuple, so DNAT'd requests and their un-DNAT'd replies come from the same rule.

import { formatIP, sameAddr } from './addr';
import { get16, put16, fillIPv4Checksum, replaceBytes, replaceBytesUdp } from './checksum';
import type { Conn } from './conntrack';
import { IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, type FlowKey } from './flowkey';

export type Manip = 'src' | 'dst';

/** Manipulation type of a NAT hook. */
export function manipAt(hook: 'prerouting' | 'output' | 'input' | 'postrouting'): Manip {
  return hook === 'prerouting' || hook === 'output' ? 'dst' : 'src';
}

function portsApply(proto: number): boolean {
  return proto === IPPROTO_TCP || proto === IPPROTO_UDP;
}

/** Where the packet's `manip` side should point, given its connection and direction. */
function target(c: Conn, dir: 'original' | 'reply', manip: Manip): { addr: Uint8Array; port: number } {
  const other = dir === 'original' ? c.reply : c.orig;
  return manip === 'dst' ? { addr: other.src, port: other.sport } : { addr: other.dst, port: other.dport };
}

/**
 * Rewrites the packet for this hook if its connection is NATed and the packet does not already carry the target
 * address and port. Returns a short description ("dnat 10.0.0.2:8080") or undefined when nothing changed.
 */
export function applyNat(b: Uint8Array, k: FlowKey, c: Conn, dir: 'original' | 'reply', manip: Manip): string | undefined {
  const t = target(c, dir, manip);
  const cur = manip === 'dst' ? k.dst : k.src;
  const curPort = manip === 'dst' ? k.dport : k.sport;
  const ports = portsApply(k.proto) && k.l4 >= 0;
  const addrChanges = !sameAddr(cur, t.addr);
  const portChanges = ports && curPort !== t.port;
  if (!addrChanges && !portChanges) return undefined;
  if (addrChanges) rewriteAddr(b, k, manip, t.addr);
  if (portChanges) rewritePort(b, k, manip, t.port);
  const what = dir === 'original' ? (manip === 'dst' ? 'dnat' : 'snat') : manip === 'dst' ? 'un-snat' : 'un-dnat';
  const host = t.addr.length === 16 ? `[${formatIP(t.addr)}]` : formatIP(t.addr);
  return ports ? `${what} ${host}:${t.port}` : `${what} ${formatIP(t.addr)}`;
}

/** Offset of the transport checksum covering the pseudo-header, or -1 (ICMPv4 has none). */
function l4ChecksumAt(k: FlowKey, b: Uint8Array): number {
  if (k.l4 < 0 || k.fragment) return -1;
  const off = k.proto === IPPROTO_TCP ? k.l4 + 16 : k.proto === IPPROTO_UDP ? k.l4 + 6 : k.proto === IPPROTO_ICMPV6 ? k.l4 + 2 : -1;
  return off >= 0 && off + 2 <= b.length ? off : -1;
}

function rewriteAddr(b: Uint8Array, k: FlowKey, manip: Manip, to: Uint8Array): void {
  const field = manip === 'dst' ? k.dst : k.src;
  const from = field.slice();
  const csum = l4ChecksumAt(k, b);
  if (csum >= 0 && k.proto === IPPROTO_UDP) replaceBytesUdp(b, csum, from, to);
  else if (csum >= 0) replaceBytes(b, csum, from, to);
  field.set(to);
  if (k.family === 4) fillIPv4Checksum(b, k.l3);
}

function rewritePort(b: Uint8Array, k: FlowKey, manip: Manip, port: number): void {
  const off = k.l4 + (manip === 'dst' ? 2 : 0);
  const from = get16(b, off);
  const csum = l4ChecksumAt(k, b);
  const fromBytes = Uint8Array.of(from >> 8, from & 0xff);
  const toBytes = Uint8Array.of(port >> 8, port & 0xff);
  if (csum >= 0 && k.proto === IPPROTO_UDP) replaceBytesUdp(b, csum, fromBytes, toBytes);
  else if (csum >= 0) replaceBytes(b, csum, fromBytes, toBytes);
  put16(b, off, port);
  if (manip === 'dst') k.dport = port;
  else k.sport = port;
}

/** Sets up a NAT binding on a new connection: replies will come from (DNAT) or go to (SNAT) the new address. */
export function bindNat(c: Conn, manip: Manip, addr: Uint8Array, port: number | undefined): void {
  if (manip === 'dst') {
    c.reply = { ...c.reply, src: addr, sport: port ?? c.reply.sport };
    c.dnat = true;
  } else {
    c.reply = { ...c.reply, dst: addr, dport: port ?? c.reply.dport };
    c.snat = true;
  }
}
