// UDP (RFC 768): tcpdump's udp_print checks, the tunnel ports it decodes (VXLAN, Geneve, MPLS), and the tree.

import type { Decoder } from './decoder';
import { expert, has, leaf, node } from './fields';
import { hexBytes, hexN } from './format';
import { decodeGeneve } from './geneve';
import type { IpLayer, UdpLayer } from './layers';
import { decodeMpls } from './mpls';
import { u16 } from './read';
import { ipPair, portsText, transportSum } from './tcp';
import { shouldBe } from './checksum';
import type { FieldNode } from './types';
import { decodeVxlan } from './vxlan';

export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;
export const MPLS_UDP_PORT = 6635;

export function decodeUdp(d: Decoder, off: number, length: number, capEnd: number, ip: IpLayer, frag: boolean): void {
  const b = d.b;
  const direct = (ip.kind === 'ipv4' ? ip.proto : ip.nh) === 17;
  if (!has(off, 4, capEnd)) {
    d.push({ kind: 'udp', off, capEnd, cut: true, depth: d.depth, sport: -1, dport: -1, ulen: 0, length });
    if (d.talking()) d.put(ipPair(b, ip).join(' > ') + ': ');
    return d.trunc('udp', off);
  }
  const sport = u16(b, off);
  const dport = u16(b, off + 2);
  const l: UdpLayer = d.push({ kind: 'udp', off, capEnd, cut: !has(off, 8, capEnd), depth: d.depth, sport, dport, ulen: -1, length });
  const ports = d.talking() ? portsText(b, ip, direct, sport, dport) : '';
  if (length < 8) return d.put(ports + 'truncated-udp ' + length);
  if (!has(off + 4, 2, capEnd)) {
    d.put(ports);
    return d.trunc('udp', off);
  }
  let ulen = u16(b, off + 4);
  l.ulen = ulen;
  if (ulen === 0 && length > 65535) ulen = length;
  if (ulen < 8) return d.put(ports + 'truncated-udplength ' + ulen);
  ulen -= 8;
  let len = length - 8;
  if (ulen < len) len = ulen;
  d.put(ports);
  const p = off + 8;
  if (p > capEnd) return d.trunc('udp', off);
  if (sport === VXLAN_PORT || dport === VXLAN_PORT) return decodeVxlan(d, p, len, capEnd);
  if (dport === GENEVE_PORT) return decodeGeneve(d, p, len, capEnd);
  if (sport === MPLS_UDP_PORT || dport === MPLS_UDP_PORT) return tunnelMpls(d, p, len, capEnd);
  if (d.talking()) d.put(ulen > len && !frag ? 'UDP, bad length ' + ulen + ' > ' + len : 'UDP, length ' + ulen);
  d.data(p, len, capEnd, 'UDP payload');
}

function tunnelMpls(d: Decoder, off: number, length: number, capEnd: number): void {
  if (!d.enter(off, length, capEnd)) return;
  decodeMpls(d, off, length, capEnd);
  d.leave();
}

export function treeUdp(l: UdpLayer, b: Uint8Array, ip: IpLayer | undefined): FieldNode {
  const o = l.off;
  const title = 'User Datagram Protocol';
  if (l.sport < 0) return node('udp', title + ' [truncated]', o, Math.max(0, l.capEnd - o), undefined, [expert('UDP header cut short', o, Math.max(0, l.capEnd - o))]);
  const kids: FieldNode[] = [leaf('udp.srcport', 'Source Port', o, 2, l.sport), leaf('udp.dstport', 'Destination Port', o + 2, 2, l.dport)];
  if (has(o, 8, l.capEnd)) {
    const ulen = u16(b, o + 4);
    kids.push(leaf('udp.length', 'Length', o + 4, 2, ulen));
    if (ulen < 8) kids.push(expert('Bad length value ' + ulen + ' < UDP header length 8', o + 4, 2));
    else if (ulen > l.length) kids.push(expert('Bad length value ' + ulen + ' > IP payload length ' + l.length, o + 4, 2));
    kids.push(checksumNode(l, b, ip, ulen));
    const pay = Math.max(0, Math.min(ulen, l.length) - 8);
    const cap = Math.min(pay, Math.max(0, l.capEnd - o - 8));
    const tunnel = l.sport === VXLAN_PORT || l.dport === VXLAN_PORT || l.dport === GENEVE_PORT || l.sport === MPLS_UDP_PORT || l.dport === MPLS_UDP_PORT;
    if (cap > 0 && !tunnel) kids.push(leaf('udp.payload', 'UDP payload (' + pay + ' bytes)', o + 8, cap, hexBytes(b, o + 8, Math.min(cap, 64)), cap + ' captured bytes'));
  } else {
    kids.push(expert('UDP header cut short', o, Math.max(0, l.capEnd - o)));
  }
  return node('udp', title + ', Src Port: ' + l.sport + ', Dst Port: ' + l.dport, o, Math.max(0, Math.min(8, l.capEnd - o)), undefined, kids);
}

function checksumNode(l: UdpLayer, b: Uint8Array, ip: IpLayer | undefined, ulen: number): FieldNode {
  const o = l.off;
  const sent = u16(b, o + 6);
  const n = leaf('udp.checksum', 'Checksum', o + 6, 2, sent, hexN(sent, 4) + ' [unverified]');
  if (ip === undefined || ulen < 8 || ulen > l.length || !has(o, ulen, l.capEnd)) return n;
  if (sent === 0 && ip.kind === 'ipv4') {
    n.label = 'Checksum: 0x0000 [zero-value ignored]';
    return n;
  }
  const sum = transportSum(b, ip, 17, o, ulen);
  const ok = sum === 0xffff;
  n.label = 'Checksum: ' + hexN(sent, 4) + (ok ? ' [correct]' : ' [incorrect, should be ' + hexN(shouldBe(sent, sum), 4) + ']');
  n.children.push(leaf('udp.checksum.status', 'Checksum Status', o + 6, 2, ok ? 'Good' : 'Bad'));
  return n;
}
