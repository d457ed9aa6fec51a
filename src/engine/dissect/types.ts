// Public shapes of the dissector: the field tree, the compact parsed summary used by the packet path
// model, the list columns, and the options.

/** One node of the details tree; start/length are byte offsets into the frame for the bytes pane. */
export interface FieldNode {
  /** Wireshark-style field name ("ip.src", "tcp.flags.syn"); protocol nodes use the protocol name. */
  name: string;
  /** What the details pane shows, e.g. "Source Address: 192.0.2.10". */
  label: string;
  start: number;
  length: number;
  /** For bit fields: the mask within the field's bytes (big-endian), e.g. 0x4000 for IPv4 DF. */
  bitMask?: number;
  value?: string | number | boolean;
  children: FieldNode[];
}

export interface VlanTag {
  tpid: number;
  vid: number;
  pcp: number;
  dei: boolean;
}

export interface MplsEntry {
  label: number;
  tc: number;
  bottom: boolean;
  ttl: number;
}

export interface L2Info {
  dst: string;
  src: string;
  /** The final ethertype after all tags (or the 802.3 length field value when <= 1500). */
  ethertype: number;
  vlans: VlanTag[];
}

export interface FragmentInfo {
  id: number;
  /** IPv4 only. */
  df: boolean;
  mf: boolean;
  /** Fragment offset in bytes. */
  offset: number;
}

export interface L3Info {
  version: 4 | 6;
  src: string;
  dst: string;
  /** Upper-layer protocol after IPv6 extension headers (IPv4: the protocol field). */
  proto: number;
  /** TTL or hop limit. */
  ttl: number;
  /** IPv4: always present. IPv6: present when a fragment header is. */
  fragment?: FragmentInfo;
  /** IPv6 extension header protocol numbers in order (hop-by-hop 0, routing 43, ...). */
  extHeaders?: number[];
}

export type L4Name = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'gre' | 'esp' | 'ah' | 'other';

export interface L4Info {
  proto: number;
  name: L4Name;
  sport?: number;
  dport?: number;
  /** TCP flag bits as in the header's 12-bit flags field (FIN 0x001 ... CWR 0x080, AE 0x100). */
  tcpFlags?: number;
  icmpType?: number;
  icmpCode?: number;
}

export interface ArpInfo {
  op: number;
  senderIp?: string;
  targetIp?: string;
  senderMac?: string;
  targetMac?: string;
}

export interface Offsets {
  l3?: number;
  l4?: number;
  payload?: number;
}

export type TunnelKind = 'vxlan' | 'geneve' | 'gre' | 'ipip' | 'mpls-udp';

export interface TunnelInfo {
  kind: TunnelKind;
  /** VNI (VXLAN/Geneve) or GRE key when present. */
  id?: number;
  /** Byte offset where the encapsulated packet starts. */
  offset: number;
  inner: ParsedPacket;
}

/** Where the capture ended inside a header. */
export interface CutInfo {
  /** tcpdump's protocol tag, e.g. "tcp" as in "[|tcp]". */
  layer: string;
  offset: number;
}

/** Compact result for the packet path model: flow keys and offsets. */
export interface ParsedPacket {
  l2?: L2Info;
  /** MPLS label stack (ethertype 0x8847/0x8848, or the inner stack of MPLS over UDP). */
  mpls?: MplsEntry[];
  arp?: ArpInfo;
  l3?: L3Info;
  l4?: L4Info;
  offsets: Offsets;
  tunnel?: TunnelInfo;
  cut?: CutInfo;
}

export interface Columns {
  src: string;
  dst: string;
  protocol: string;
  info: string;
}

export interface PacketSummary {
  /** tcpdump -n style one-line summary. */
  line: string;
  columns: Columns;
  parsed: ParsedPacket;
}

/** Remembers initial sequence numbers per connection so TCP numbers print relative, as tcpdump does. */
export interface TcpSeqTracker {
  /** Returns [seq, ack, seqBase, ackBase] after applying tcpdump's relative-numbering rule. */
  relative(key: string, reversed: boolean, syn: boolean, seq: number, ack: number): [number, number, number, number];
}

export interface DissectOptions {
  /** pcap LINKTYPE of the frame; default 1 (Ethernet). */
  linkType?: number;
  /** Original length on the wire; default the frame length. Shorter captures then read as snapped. */
  wireLength?: number;
  /** Print TCP sequence numbers relative to the connection (tcpdump's default); absolute when absent. */
  tcpSeq?: TcpSeqTracker;
  /** Maximum encapsulation depth (tunnels in tunnels); default 8. */
  maxDepth?: number;
}
