// Just enough header parsing for the path model: Ethernet and VLAN tags, IPv4 or IPv6 (walking the common
// extension headers), and the TCP/UDP/ICMP fields that make a flow key. The full dissector lives elsewhere;
// this one is small so it can run at every stage that needs a 5-tuple.

export const ETH_P_IP = 0x0800;
export const ETH_P_IPV6 = 0x86dd;
export const ETH_P_ARP = 0x0806;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMPV6 = 58;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export interface FlowKey {
  /** EtherType after any VLAN tags. */
  ethType: number;
  /** Offset of the network header; VLAN TCI of the outer tag (-1 when untagged). */
  l3: number;
  vlanTci: number;
  family: 4 | 6 | 0;
  /** Views into the frame (not copies). */
  src: Uint8Array;
  dst: Uint8Array;
  proto: number;
  /** Offset of the transport header, -1 for a non-first fragment or an unparsed chain. */
  l4: number;
  /** Bytes of the IP packet (header included) according to its length field. */
  ipLen: number;
  ttl: number;
  /** Part of a fragmented datagram (offset ≠ 0 or more-fragments set). */
  fragment: boolean;
  /** IPv4 Don't Fragment. */
  df: boolean;
  /** Ports for TCP/UDP; for ICMP echo the identifier in sport (dport 0). */
  sport: number;
  dport: number;
  tcpFlags: number;
  icmpType: number;
  icmpCode: number;
  /** Transport payload offset and length (TCP after options, UDP after its header). */
  payload: number;
  payloadLen: number;
}

/** Anything that can turn frame bytes into a flow key; `parseFlow` is the model's own. */
export type FlowKeyOf = (bytes: Uint8Array) => FlowKey | undefined;

const EMPTY = new Uint8Array(0);

function be16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function blankKey(ethType: number, l3: number, vlanTci: number): FlowKey {
  return {
    ethType, l3, vlanTci, family: 0, src: EMPTY, dst: EMPTY, proto: 0, l4: -1, ipLen: 0, ttl: 0, fragment: false,
    df: false, sport: 0, dport: 0, tcpFlags: 0, icmpType: 0, icmpCode: 0, payload: 0, payloadLen: 0,
  };
}

/** Parses a frame; undefined when it is shorter than an Ethernet header. Non-IP frames get family 0. */
export const parseFlow: FlowKeyOf = (b: Uint8Array): FlowKey | undefined => {
  if (b.length < 14) return undefined;
  let off = 12;
  let ethType = be16(b, off);
  let vlanTci = -1;
  while ((ethType === 0x8100 || ethType === 0x88a8 || ethType === 0x9100) && off + 6 <= b.length) {
    if (vlanTci < 0) vlanTci = be16(b, off + 2);
    off += 4;
    ethType = be16(b, off);
  }
  const key = blankKey(ethType, off + 2, vlanTci);
  if (ethType === ETH_P_IP) parseIPv4(b, key);
  else if (ethType === ETH_P_IPV6) parseIPv6(b, key);
  return key;
};

/** Parses an IP packet starting at `off` (the packet an ICMP error quotes); undefined when it is not IP. */
export function parseIpAt(b: Uint8Array, off: number): FlowKey | undefined {
  if (off >= b.length) return undefined;
  const version = b[off] >> 4;
  const key = blankKey(version === 6 ? ETH_P_IPV6 : ETH_P_IP, off, -1);
  if (version === 4) parseIPv4(b, key);
  else if (version === 6) parseIPv6(b, key);
  return key.family === 0 ? undefined : key;
}

function parseIPv4(b: Uint8Array, k: FlowKey): void {
  const o = k.l3;
  if (o + 20 > b.length || b[o] >> 4 !== 4) return;
  const ihl = (b[o] & 0x0f) * 4;
  if (ihl < 20 || o + ihl > b.length) return;
  k.family = 4;
  k.ipLen = be16(b, o + 2);
  k.ttl = b[o + 8];
  k.proto = b[o + 9];
  k.src = b.subarray(o + 12, o + 16);
  k.dst = b.subarray(o + 16, o + 20);
  const frag = be16(b, o + 6);
  k.df = (frag & 0x4000) !== 0;
  k.fragment = (frag & 0x3fff) !== 0;
  const end = Math.min(b.length, o + Math.max(k.ipLen, ihl));
  if ((frag & 0x1fff) === 0) parseL4(b, k, o + ihl, end);
}

const V6_EXT_HBH = 0;
const V6_EXT_ROUTING = 43;
const V6_EXT_FRAGMENT = 44;
const V6_EXT_DSTOPTS = 60;
const V6_EXT_AH = 51;

function parseIPv6(b: Uint8Array, k: FlowKey): void {
  const o = k.l3;
  if (o + 40 > b.length || b[o] >> 4 !== 6) return;
  k.family = 6;
  k.ipLen = be16(b, o + 4) + 40;
  k.ttl = b[o + 7];
  k.src = b.subarray(o + 8, o + 24);
  k.dst = b.subarray(o + 24, o + 40);
  const end = Math.min(b.length, o + k.ipLen);
  let next = b[o + 6];
  let p = o + 40;
  for (let hops = 0; hops < 8 && p + 8 <= end; hops++) {
    if (next === V6_EXT_HBH || next === V6_EXT_ROUTING || next === V6_EXT_DSTOPTS) {
      next = b[p];
      p += (b[p + 1] + 1) * 8;
    } else if (next === V6_EXT_AH) {
      next = b[p];
      p += (b[p + 1] + 2) * 4;
    } else if (next === V6_EXT_FRAGMENT) {
      const fo = be16(b, p + 2);
      k.fragment = true;
      next = b[p];
      p += 8;
      if ((fo & 0xfff8) !== 0) {
        k.proto = next;
        return;
      }
    } else {
      break;
    }
  }
  k.proto = next;
  parseL4(b, k, p, end);
}

function parseL4(b: Uint8Array, k: FlowKey, o: number, end: number): void {
  // Ports need only 4 bytes: an ICMP error quotes just 8 bytes of the transport header.
  if (k.proto === IPPROTO_TCP && o + 4 <= end) {
    k.l4 = o;
    k.sport = be16(b, o);
    k.dport = be16(b, o + 2);
    if (o + 20 > end) return;
    k.tcpFlags = b[o + 13];
    k.payload = Math.min(end, o + (b[o + 12] >> 4) * 4);
    k.payloadLen = end - k.payload;
    return;
  }
  if (k.proto === IPPROTO_UDP && o + 4 <= end) {
    k.l4 = o;
    k.sport = be16(b, o);
    k.dport = be16(b, o + 2);
    if (o + 8 > end) return;
    k.payload = o + 8;
    k.payloadLen = end - k.payload;
    return;
  }
  if ((k.proto === IPPROTO_ICMP || k.proto === IPPROTO_ICMPV6) && o + 8 <= end) {
    k.l4 = o;
    k.icmpType = b[o];
    k.icmpCode = b[o + 1];
    if (isEcho(k)) k.sport = be16(b, o + 4);
    k.payload = o + 8;
    k.payloadLen = end - k.payload;
  }
}

/** ICMP echo request/reply (v4 8/0, v6 128/129): the identifier plays the role of a port for conntrack. */
export function isEcho(k: FlowKey): boolean {
  if (k.proto === IPPROTO_ICMP) return k.icmpType === 8 || k.icmpType === 0;
  if (k.proto === IPPROTO_ICMPV6) return k.icmpType === 128 || k.icmpType === 129;
  return false;
}

/** ICMP error messages, which quote the packet they are about (v4 3/4/5/11/12, v6 1-4). */
export function isIcmpError(k: FlowKey): boolean {
  if (k.proto === IPPROTO_ICMP) return k.icmpType === 3 || k.icmpType === 4 || k.icmpType === 5 || k.icmpType === 11 || k.icmpType === 12;
  if (k.proto === IPPROTO_ICMPV6) return k.icmpType >= 1 && k.icmpType <= 4;
  return false;
}

export function protoName(proto: number): string {
  switch (proto) {
    case IPPROTO_TCP: return 'tcp';
    case IPPROTO_UDP: return 'udp';
    case IPPROTO_ICMP: return 'icmp';
    case IPPROTO_ICMPV6: return 'icmpv6';
    default: return `proto ${proto}`;
  }
}
