// Test-only frame builders with correct lengths and checksums, and a classic pcap writer, so synthetic
// packets can be checked against tcpdump and tshark.

export type Bytes = number[];

export const MAC_A = [0x02, 0, 0, 0, 0, 0x0a];
export const MAC_B = [0x02, 0, 0, 0, 0, 0x01];

export function be16(v: number): Bytes {
  return [(v >> 8) & 0xff, v & 0xff];
}

export function be32(v: number): Bytes {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function ip4(s: string): Bytes {
  return s.split('.').map(Number);
}

export function ip6(s: string): Bytes {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap(g => be16(parseInt(g, 16)));
}

function sum16(bytes: Bytes, init = 0): number {
  let s = init;
  for (let i = 0; i < bytes.length; i += 2) s += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

export function checksum(bytes: Bytes, init = 0): number {
  return ~sum16(bytes, init) & 0xffff;
}

export function ether(payload: Bytes, type: number, dst = MAC_B, src = MAC_A): Bytes {
  return [...dst, ...src, ...be16(type), ...payload];
}

export function vlanTag(tpid: number, tci: number): Bytes {
  return [...be16(tpid), ...be16(tci)];
}

export interface Ip4Opts {
  src?: string;
  dst?: string;
  ttl?: number;
  id?: number;
  frag?: number;
  tos?: number;
  options?: Bytes;
  totalLen?: number;
}

export function ipv4(proto: number, payload: Bytes, o: Ip4Opts = {}): Bytes {
  const opts = o.options ?? [];
  const hlen = 20 + opts.length;
  const total = o.totalLen ?? hlen + payload.length;
  const h = [0x40 | (hlen / 4), o.tos ?? 0, ...be16(total), ...be16(o.id ?? 1), ...be16(o.frag ?? 0), o.ttl ?? 64, proto, 0, 0, ...ip4(o.src ?? '192.0.2.10'), ...ip4(o.dst ?? '198.51.100.20'), ...opts];
  const c = checksum(h);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return [...h, ...payload];
}

export interface Ip6Opts {
  src?: string;
  dst?: string;
  hlim?: number;
  plen?: number;
}

export function ipv6(nh: number, payload: Bytes, o: Ip6Opts = {}): Bytes {
  return [0x60, 0, 0, 0, ...be16(o.plen ?? payload.length), nh, o.hlim ?? 64, ...ip6(o.src ?? '2001:db8::10'), ...ip6(o.dst ?? '2001:db8::1'), ...payload];
}

/** Transport checksum over the pseudo-header of an IPv4 or IPv6 packet built above (fixes bytes in place). */
export function fixTransport(ipPacket: Bytes, l4Off: number, proto: number, sumAt: number): Bytes {
  const v6 = ipPacket[0] >> 4 === 6;
  const seg = ipPacket.slice(l4Off);
  seg[sumAt] = 0;
  seg[sumAt + 1] = 0;
  const src = v6 ? ipPacket.slice(8, 24) : ipPacket.slice(12, 16);
  const dst = v6 ? ipPacket.slice(24, 40) : ipPacket.slice(16, 20);
  const ph = v6 ? [...src, ...dst, ...be32(seg.length), 0, 0, 0, proto] : [...src, ...dst, 0, proto, ...be16(seg.length)];
  const c = checksum(seg, sum16(ph));
  const out = ipPacket.slice();
  out[l4Off + sumAt] = c >> 8;
  out[l4Off + sumAt + 1] = c & 0xff;
  return out;
}

export interface TcpOpts {
  seq?: number;
  ack?: number;
  flags?: number;
  win?: number;
  urg?: number;
  options?: Bytes;
  hlen?: number;
}

export function tcp(sport: number, dport: number, payload: Bytes, o: TcpOpts = {}): Bytes {
  const opts = o.options ?? [];
  const hlen = o.hlen ?? 20 + opts.length;
  return [...be16(sport), ...be16(dport), ...be32(o.seq ?? 1000), ...be32(o.ack ?? 0), (hlen / 4) << 4, o.flags ?? 0x02, ...be16(o.win ?? 64240), 0, 0, ...be16(o.urg ?? 0), ...opts, ...payload];
}

export function udp(sport: number, dport: number, payload: Bytes, len?: number): Bytes {
  return [...be16(sport), ...be16(dport), ...be16(len ?? 8 + payload.length), 0, 0, ...payload];
}

/** ICMP / ICMPv6 header with its 4-byte rest-of-header; ICMPv4 checksum filled in. */
export function icmp(type: number, code: number, rest: Bytes, body: Bytes = [], v6 = false): Bytes {
  const m = [type, code, 0, 0, ...rest, ...body];
  if (!v6) {
    const c = checksum(m);
    m[2] = c >> 8;
    m[3] = c & 0xff;
  }
  return m;
}

/** Ethernet + IPv4 + TCP/UDP/ICMP with checksums. */
export function eth4(proto: number, l4: Bytes, o: Ip4Opts = {}): Bytes {
  let p = ipv4(proto, l4, o);
  const hl = (p[0] & 0xf) * 4;
  if (proto === 6) p = fixTransport(p, hl, 6, 16);
  if (proto === 17) p = fixTransport(p, hl, 17, 6);
  return ether(p, 0x0800);
}

/** Ethernet + IPv6 + transport (nh is the first next header; l4 at `l4Off` after the fixed header). */
export function eth6(nh: number, body: Bytes, o: Ip6Opts = {}, l4Proto?: number, l4Off = 0): Bytes {
  let p = ipv6(nh, body, o);
  const proto = l4Proto ?? nh;
  if (proto === 6) p = fixTransport(p, 40 + l4Off, 6, 16);
  if (proto === 17) p = fixTransport(p, 40 + l4Off, 17, 6);
  if (proto === 58) p = fixTransport(p, 40 + l4Off, 58, 2);
  return ether(p, 0x86dd);
}

export function pad60(frame: Bytes): Bytes {
  return frame.length >= 60 ? frame : [...frame, ...Array(60 - frame.length).fill(0)];
}

export interface PcapFrame {
  data: Bytes;
  wireLength?: number;
}

/** A little-endian microsecond pcap file for the given frames and link type. */
export function pcapFile(frames: PcapFrame[], linkType = 1): Uint8Array {
  const parts: number[] = [];
  const le32 = (v: number): Bytes => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  parts.push(...le32(0xa1b2c3d4), 2, 0, 4, 0, ...le32(0), ...le32(0), ...le32(262144), ...le32(linkType));
  frames.forEach((f, i) => {
    parts.push(...le32(1700000000 + i), ...le32(0), ...le32(f.data.length), ...le32(f.wireLength ?? f.data.length), ...f.data);
  });
  return Uint8Array.from(parts);
}
