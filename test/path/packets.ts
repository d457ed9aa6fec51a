// Frames for the path model tests, built here from the header layouts (RFC 791, 8200, 793, 768, 792) with their
// own checksum code, so the model's parser and checksum helpers are checked against something independent.

export interface FrameSpec {
  src: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  sport?: number;
  dport?: number;
  /** TCP flags as letters: S, A, F, R, P. */
  flags?: string;
  seq?: number;
  ack?: number;
  payload?: number | Uint8Array;
  ttl?: number;
  df?: boolean;
  srcMac?: string;
  dstMac?: string;
  vlan?: number;
  /** ICMP type/code/id (echo request by default). */
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  /** Raw ICMP body after the 8-byte header (for errors quoting a packet). */
  icmpBody?: Uint8Array;
}

function v4(a: string): number[] {
  return a.split('.').map(Number);
}

function v6(a: string): number[] {
  const [head, tail] = a.split('::');
  const hs = head ? head.split(':') : [];
  const ts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? hs : [...hs, ...Array(8 - hs.length - ts.length).fill('0'), ...ts];
  return groups.flatMap(g => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function mac(m: string): number[] {
  return m.split(':').map(x => parseInt(x, 16));
}

function sum16(bytes: number[], init = 0): number {
  let s = init;
  for (let i = 0; i < bytes.length; i += 2) s += (bytes[i] << 8) + (bytes[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

function csum(bytes: number[], init = 0): number {
  return ~sum16(bytes, init) & 0xffff;
}

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function flagBits(f: string): number {
  let b = 0;
  if (f.includes('F')) b |= 0x01;
  if (f.includes('S')) b |= 0x02;
  if (f.includes('R')) b |= 0x04;
  if (f.includes('P')) b |= 0x08;
  if (f.includes('A')) b |= 0x10;
  return b;
}

function payloadOf(p: number | Uint8Array | undefined): number[] {
  if (p === undefined) return [];
  if (typeof p === 'number') return Array.from({ length: p }, (_, i) => (i * 7 + 3) & 0xff);
  return Array.from(p);
}

function transport(s: FrameSpec, srcA: number[], dstA: number[], protoNum: number, six: boolean): number[] {
  const body = payloadOf(s.payload);
  let l4: number[];
  if (s.proto === 'tcp') {
    l4 = [...u16(s.sport ?? 40000), ...u16(s.dport ?? 80), ...u32(s.seq ?? 1000), ...u32(s.ack ?? 0), 0x50, flagBits(s.flags ?? 'S'), ...u16(64240), 0, 0, 0, 0, ...body];
  } else if (s.proto === 'udp') {
    l4 = [...u16(s.sport ?? 40000), ...u16(s.dport ?? 53), ...u16(8 + body.length), 0, 0, ...body];
  } else {
    const type = s.icmpType ?? (six ? 128 : 8);
    const rest = s.icmpBody ? Array.from(s.icmpBody) : body;
    l4 = [type, s.icmpCode ?? 0, 0, 0, ...u16(s.icmpId ?? 0x1234), ...u16(1), ...rest];
  }
  const pseudo = s.proto !== 'icmp' || six ? sum16([...srcA, ...dstA, 0, protoNum, ...u16(l4.length >> 16), ...u16(l4.length & 0xffff)]) : 0;
  const c = csum(l4, pseudo);
  const at = s.proto === 'tcp' ? 16 : s.proto === 'udp' ? 6 : 2;
  l4[at] = c >> 8;
  l4[at + 1] = c & 0xff;
  return l4;
}

/** An Ethernet frame with IPv4 or IPv6 (picked by the address form) and the transport header asked for. */
export function frame(s: FrameSpec): Uint8Array {
  const six = s.src.includes(':');
  const srcA = six ? v6(s.src) : v4(s.src);
  const dstA = six ? v6(s.dst) : v4(s.dst);
  const protoNum = s.proto === 'tcp' ? 6 : s.proto === 'udp' ? 17 : six ? 58 : 1;
  const l4 = transport(s, srcA, dstA, protoNum, six);
  let ip: number[];
  if (six) {
    ip = [0x60, 0, 0, 0, ...u16(l4.length), protoNum, s.ttl ?? 64, ...srcA, ...dstA];
  } else {
    ip = [0x45, 0, ...u16(20 + l4.length), 0x12, 0x34, s.df ? 0x40 : 0, 0, s.ttl ?? 64, protoNum, 0, 0, ...srcA, ...dstA];
    const c = csum(ip);
    ip[10] = c >> 8;
    ip[11] = c & 0xff;
  }
  const vlan = s.vlan !== undefined ? [0x81, 0x00, ...u16(s.vlan)] : [];
  const eth = [...mac(s.dstMac ?? '02:00:00:00:00:01'), ...mac(s.srcMac ?? '02:00:00:00:00:99'), ...vlan, ...(six ? [0x86, 0xdd] : [0x08, 0x00])];
  return Uint8Array.from([...eth, ...ip, ...l4]);
}

/** Internet checksum over bytes (0 when valid, for a block that contains its checksum). */
export function checksumOf(bytes: Uint8Array, init = 0): number {
  return csum(Array.from(bytes), init);
}

export function pseudoSum(src: Uint8Array, dst: Uint8Array, proto: number, len: number): number {
  return sum16([...src, ...dst, 0, proto, ...u16(len >> 16), ...u16(len & 0xffff)]);
}
