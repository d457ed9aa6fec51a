// One tshark run per capture for the whole test process: every field any comparison needs, memoized.

import { tsharkFields } from './tools';

export const COMPARED_FIELDS = [
  'eth.src', 'eth.dst', 'eth.type', 'vlan.id', 'vlan.priority', 'ieee8021ad.id',
  'ip.src', 'ip.dst', 'ip.ttl', 'ip.proto', 'ip.len', 'ip.id', 'ip.flags', 'ip.frag_offset', 'ip.checksum', 'ip.hdr_len', 'ip.dsfield',
  'ip.rec_rt', 'ip.empty_rt', 'ip.opt.ra',
  'ipv6.src', 'ipv6.dst', 'ipv6.nxt', 'ipv6.plen', 'ipv6.hlim', 'ipv6.routing.type', 'ipv6.routing.segleft', 'ipv6.routing.srh.addr',
  'ipv6.fraghdr.ident', 'ipv6.fraghdr.offset', 'ipv6.fraghdr.more',
  'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.window_size_value', 'tcp.hdr_len', 'tcp.len', 'tcp.checksum',
  'tcp.options.mss_val', 'tcp.options.wscale.shift', 'tcp.options.timestamp.tsval', 'tcp.options.timestamp.tsecr', 'tcp.options.sack_le',
  'udp.srcport', 'udp.dstport', 'udp.length', 'udp.checksum',
  'icmp.type', 'icmp.code', 'icmp.ident', 'icmp.seq', 'icmp.checksum', 'icmp.redir_gw', 'icmp.mtu',
  'icmpv6.type', 'icmpv6.code', 'icmpv6.mtu', 'icmpv6.nd.ns.target_address', 'icmpv6.opt.linkaddr', 'icmpv6.opt.prefix',
  'arp.opcode', 'arp.src.proto_ipv4', 'arp.dst.proto_ipv4', 'arp.src.hw_mac', 'arp.dst.hw_mac',
  'gre.proto', 'vxlan.vni', 'geneve.vni', 'mpls.label', 'mpls.ttl', 'mpls.bottom', 'ah.spi', 'esp.spi',
];

const COLUMNS = ['_ws.col.Source', '_ws.col.Destination', '_ws.col.Protocol', '_ws.col.Info'];
const ALL = [...COMPARED_FIELDS, ...COLUMNS];

export type Row = Map<string, string[]>;

const cache = new Map<string, Row[]>();

/** Per frame, each field's values (all occurrences, tree order). */
export function tsharkTable(file: string): Row[] {
  let rows = cache.get(file);
  if (rows === undefined) {
    rows = tsharkFields(file, ALL).map(cells => new Map(ALL.map((f, i) => [f, cells[i] ?? []])));
    cache.set(file, rows);
  }
  return rows;
}

/** A column's text as tshark shows it (the Info column may itself contain commas). */
export function column(row: Row, name: 'Source' | 'Destination' | 'Protocol' | 'Info'): string {
  return (row.get('_ws.col.' + name) ?? []).join(',');
}
