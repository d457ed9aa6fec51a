// The decoded-header records the decoders leave behind. They hold offsets and numbers only (no strings),
// so a summary pays for them cheaply; the tree builders and the parsed summary read them afterwards.

interface Base {
  /** First byte of this header in the frame. */
  off: number;
  /** Captured bytes usable by this layer end here (tcpdump's snapend: capture end, cut to IP length). */
  capEnd: number;
  /** The header itself was not fully captured. */
  cut: boolean;
  /** Encapsulation depth: 0 outermost; each tunnel adds one. */
  depth: number;
  /** Index of the ICMP/ICMPv6 layer quoting this one, if it is part of an error message's payload. */
  quotedBy?: number;
}

export interface LinkLayer extends Base {
  kind: 'sll' | 'sll2' | 'null';
  hlen: number;
  proto: number;
}
export interface EthLayer extends Base {
  kind: 'eth';
  type: number;
}
export interface VlanLayer extends Base {
  kind: 'vlan';
  tpid: number;
  tci: number;
  type: number;
}
export interface LlcLayer extends Base {
  kind: 'llc';
  length: number;
}
export interface ArpLayer extends Base {
  kind: 'arp';
  hrd: number;
  pro: number;
  hln: number;
  pln: number;
  op: number;
}
export interface Ipv4Layer extends Base {
  kind: 'ipv4';
  hlen: number;
  totalLen: number;
  proto: number;
  ttl: number;
  id: number;
  /** The 16-bit flags + fragment offset field. */
  frag: number;
}
export interface Ipv6Layer extends Base {
  kind: 'ipv6';
  plen: number;
  nh: number;
  hlim: number;
}
export interface Ip6ExtLayer extends Base {
  kind: 'hbh' | 'dstopt' | 'rt6' | 'frag6';
  /** Protocol number of this header (0, 60, 43, 44). */
  proto: number;
  nh: number;
  hlen: number;
}
export interface AhLayer extends Base {
  kind: 'ah';
  nh: number;
  hlen: number;
}
export interface EspLayer extends Base {
  kind: 'esp';
  length: number;
}
export interface IpcompLayer extends Base {
  kind: 'ipcomp';
  nh: number;
}
export interface TcpLayer extends Base {
  kind: 'tcp';
  sport: number;
  dport: number;
  hlen: number;
  flags: number;
  /** Segment length (header + payload) from the IP layer. */
  length: number;
  /** Sequence and acknowledgment numbers as printed (relative when a tracker is in use). */
  seq: number;
  ack: number;
}
export interface UdpLayer extends Base {
  kind: 'udp';
  sport: number;
  dport: number;
  ulen: number;
  length: number;
}
export interface IcmpLayer extends Base {
  kind: 'icmp' | 'icmp6';
  type: number;
  code: number;
  length: number;
}
export interface GreLayer extends Base {
  kind: 'gre';
  flags: number;
  proto: number;
  hlen: number;
  length: number;
}
export interface WccpLayer extends Base {
  kind: 'wccp';
}
export interface ErspanLayer extends Base {
  kind: 'erspan';
  version: number;
  hlen: number;
}
export interface VxlanLayer extends Base {
  kind: 'vxlan';
  flags: number;
  vni: number;
}
export interface GeneveLayer extends Base {
  kind: 'geneve';
  vni: number;
  proto: number;
  optLen: number;
}
export interface MplsLayer extends Base {
  kind: 'mpls';
  /** Number of complete label stack entries. */
  count: number;
}
/** Bytes nothing decoded: an unknown protocol, an encrypted payload, or the depth limit. */
export interface DataLayer extends Base {
  kind: 'data';
  /** Wire length of the undecoded part. */
  length: number;
  why: string;
}

export type Layer =
  | LinkLayer
  | EthLayer
  | VlanLayer
  | LlcLayer
  | ArpLayer
  | Ipv4Layer
  | Ipv6Layer
  | Ip6ExtLayer
  | AhLayer
  | EspLayer
  | IpcompLayer
  | TcpLayer
  | UdpLayer
  | IcmpLayer
  | GreLayer
  | WccpLayer
  | ErspanLayer
  | VxlanLayer
  | GeneveLayer
  | MplsLayer
  | DataLayer;

export type IpLayer = Ipv4Layer | Ipv6Layer;
