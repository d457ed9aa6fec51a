// Packet-list columns in the manner of Wireshark's: innermost addresses, top protocol, short info.

import { arpOpName } from './arp';
import { hexN, ipv4At, ipv6At, linkAddrAt, macAt } from './format';
import { ethertypeName } from './names';
import { icmpCodeName, icmpTypeName } from './icmp';
import { icmp6TypeName } from './icmpv6';
import type { IcmpLayer, Layer, TcpLayer, UdpLayer } from './layers';
import { u16, u32 } from './read';
import { tcpFlagNames } from './tcp';
import type { Columns } from './types';

const TCP_APPS: ReadonlyMap<number, string> = new Map([[80, 'HTTP'], [8080, 'HTTP'], [53, 'DNS'], [22, 'SSH'], [25, 'SMTP'], [21, 'FTP'], [23, 'TELNET'], [179, 'BGP']]);
const UDP_APPS: ReadonlyMap<number, string> = new Map([
  [53, 'DNS'], [123, 'NTP'], [67, 'DHCP'], [68, 'DHCP'], [161, 'SNMP'], [162, 'SNMP'], [514, 'Syslog'], [5353, 'MDNS'],
  [546, 'DHCPv6'], [547, 'DHCPv6'], [69, 'TFTP'],
]);

export function buildColumns(layers: readonly Layer[], b: Uint8Array, line: string): Columns {
  const cols: Columns = { src: '', dst: '', protocol: '', info: line };
  let top: Layer | undefined;
  for (const l of layers) {
    if (l.quotedBy !== undefined || l.kind === 'data') continue;
    addresses(cols, l, b);
    top = l;
  }
  if (top !== undefined) describe(cols, top, layers, b);
  return cols;
}

/** Later (inner) link and network headers override earlier ones, as in Wireshark's columns. */
function addresses(cols: Columns, l: Layer, b: Uint8Array): void {
  if (l.kind === 'eth' && l.off + 12 <= l.capEnd) {
    cols.src = macAt(b, l.off + 6);
    cols.dst = isBroadcast(b, l.off) ? 'Broadcast' : macAt(b, l.off);
  } else if (l.kind === 'ipv4' && !l.cut && l.hlen >= 20) {
    cols.src = ipv4At(b, l.off + 12);
    cols.dst = ipv4At(b, l.off + 16);
  } else if (l.kind === 'ipv6' && !l.cut) {
    cols.src = ipv6At(b, l.off + 8);
    cols.dst = ipv6At(b, l.off + 24);
  }
}

function isBroadcast(b: Uint8Array, off: number): boolean {
  for (let i = 0; i < 6; i++) if (b[off + i] !== 0xff) return false;
  return true;
}

function describe(cols: Columns, l: Layer, layers: readonly Layer[], b: Uint8Array): void {
  switch (l.kind) {
    case 'tcp':
      return tcpInfo(cols, l, b);
    case 'udp':
      return udpInfo(cols, l);
    case 'icmp':
      return icmpInfo(cols, l, layers, b);
    case 'icmp6':
      return icmp6Info(cols, l, layers, b);
    case 'arp':
      cols.protocol = l.op === 3 || l.op === 4 ? 'RARP' : 'ARP';
      if (!l.cut) cols.info = arpInfo(l.off, l.hln, l.pln, l.op, b);
      return;
    case 'eth':
      cols.protocol = l.cut ? 'Ethernet' : etherProtocol(l.type);
      return;
    case 'vlan':
      cols.protocol = l.cut ? 'VLAN' : etherProtocol(l.type);
      return;
    default:
      cols.protocol = PROTO_NAMES[l.kind];
  }
}

function etherProtocol(type: number): string {
  if (type <= 1500) return 'LLC';
  return ethertypeName(type) ?? hexN(type, 4);
}

const PROTO_NAMES: Record<Layer['kind'], string> = {
  sll: 'SLL', sll2: 'SLL', null: 'NULL', eth: 'Ethernet', vlan: 'VLAN', llc: 'LLC', arp: 'ARP', ipv4: 'IPv4',
  ipv6: 'IPv6', hbh: 'IPv6', dstopt: 'IPv6', rt6: 'IPv6', frag6: 'IPv6', ah: 'AH', esp: 'ESP', ipcomp: 'IPComp',
  tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', icmp6: 'ICMPv6', gre: 'GRE', wccp: 'WCCP', erspan: 'ERSPAN', vxlan: 'VXLAN',
  geneve: 'Geneve', mpls: 'MPLS', data: 'Data',
};

function tcpInfo(cols: Columns, l: TcpLayer, b: Uint8Array): void {
  cols.protocol = 'TCP';
  if (l.sport < 0) return;
  const plen = Math.max(0, l.length - l.hlen);
  if (plen > 0) cols.protocol = TCP_APPS.get(l.dport) ?? TCP_APPS.get(l.sport) ?? 'TCP';
  else if (hasOption(b, l.off + 20, Math.min(l.off + l.hlen, l.capEnd), 30)) cols.protocol = 'MPTCP';
  let s = l.sport + ' → ' + l.dport;
  if (l.hlen >= 20) {
    s += ' [' + tcpFlagNames(l.flags) + '] Seq=' + l.seq + ((l.flags & 0x10) !== 0 ? ' Ack=' + l.ack : '') + ' Win=' + u16(b, l.off + 14) + ' Len=' + plen;
    s += optionInfo(b, l.off + 20, Math.min(l.off + l.hlen, l.capEnd));
  }
  cols.info = s;
}

function optionInfo(b: Uint8Array, p: number, end: number): string {
  let s = '';
  while (p < end) {
    const kind = b[p];
    if (kind === 0) break;
    if (kind === 1) {
      p++;
      continue;
    }
    if (p + 1 >= end || b[p + 1] < 2 || p + b[p + 1] > end) break;
    const len = b[p + 1];
    if (kind === 2 && len === 4) s += ' MSS=' + u16(b, p + 2);
    else if (kind === 3 && len === 3) s += ' WS=' + 2 ** Math.min(b[p + 2], 14);
    else if (kind === 4) s += ' SACK_PERM';
    else if (kind === 8 && len === 10) s += ' TSval=' + u32(b, p + 2) + ' TSecr=' + u32(b, p + 6);
    else if (kind === 5 && len >= 10) s += ' SLE=' + u32(b, p + 2) + ' SRE=' + u32(b, p + 6);
    p += len;
  }
  return s;
}

function hasOption(b: Uint8Array, p: number, end: number, kind: number): boolean {
  while (p < end) {
    if (b[p] === kind) return true;
    if (b[p] === 0) return false;
    if (b[p] === 1) p++;
    else if (p + 1 < end && b[p + 1] >= 2) p += b[p + 1];
    else return false;
  }
  return false;
}

function udpInfo(cols: Columns, l: UdpLayer): void {
  cols.protocol = 'UDP';
  if (l.sport < 0) return;
  const len = l.ulen >= 8 ? l.ulen - 8 : 0;
  if (len > 0) cols.protocol = UDP_APPS.get(l.dport) ?? UDP_APPS.get(l.sport) ?? 'UDP';
  cols.info = l.sport + ' → ' + l.dport + ' Len=' + len;
}

function ttlOf(layers: readonly Layer[], l: IcmpLayer): number | undefined {
  for (let i = layers.indexOf(l) - 1; i >= 0; i--) {
    const x = layers[i];
    if (x.kind === 'ipv4') return x.ttl;
    if (x.kind === 'ipv6') return x.hlim;
  }
  return undefined;
}

function icmpInfo(cols: Columns, l: IcmpLayer, layers: readonly Layer[], b: Uint8Array): void {
  cols.protocol = 'ICMP';
  if (l.type < 0) return;
  const code = icmpCodeName(l.type, l.code);
  let s = icmpTypeName(l.type) + (code !== undefined ? ' (' + code + ')' : '');
  if ((l.type === 0 || l.type === 8) && l.off + 8 <= l.capEnd) {
    const id = u16(b, l.off + 4);
    const seq = u16(b, l.off + 6);
    s += '  id=' + hexN(id, 4) + ', seq=' + seq + '/' + (((seq & 0xff) << 8) | (seq >> 8)) + ', ttl=' + ttlOf(layers, l);
  }
  cols.info = s;
}

function icmp6Info(cols: Columns, l: IcmpLayer, layers: readonly Layer[], b: Uint8Array): void {
  cols.protocol = 'ICMPv6';
  if (l.type < 0) return;
  let s = icmp6TypeName(l.type);
  if ((l.type === 128 || l.type === 129) && l.off + 8 <= l.capEnd) {
    s += ' id=' + hexN(u16(b, l.off + 4), 4) + ', seq=' + u16(b, l.off + 6) + ', hop limit=' + ttlOf(layers, l);
  } else if ((l.type === 135 || l.type === 136) && l.off + 24 <= l.capEnd) {
    s += (l.type === 135 ? ' for ' : ' ') + ipv6At(b, l.off + 8);
  }
  cols.info = s;
}

function arpInfo(off: number, hln: number, pln: number, op: number, b: Uint8Array): string {
  const sha = linkAddrAt(b, off + 8, hln);
  const tha = linkAddrAt(b, off + 8 + hln + pln, hln);
  if (pln !== 4) return arpOpName(op);
  const spa = ipv4At(b, off + 8 + hln);
  const tpa = ipv4At(b, off + 8 + 2 * hln + pln);
  switch (op) {
    case 1:
      return spa === tpa ? 'Gratuitous ARP for ' + spa + ' (Request)' : 'Who has ' + tpa + '? Tell ' + spa;
    case 2:
      return spa + ' is at ' + sha;
    case 3:
      return 'Who is ' + tha + '? Tell ' + sha;
    case 4:
      return tha + ' is at ' + tpa;
    default:
      return arpOpName(op);
  }
}
