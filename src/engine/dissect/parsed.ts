// The compact per-packet result for the packet path model, read off the layer records: L2 addresses and
// tags, the first IP header, the first transport, offsets, and the inner packet of a tunnel.

import { arpLength } from './arp';
import { ipv4At, ipv6At, linkAddrAt, macAt } from './format';
import type { Layer } from './layers';
import { mplsEntries } from './mpls';
import { u16, u32 } from './read';
import type { L3Info, L4Info, L4Name, ParsedPacket, TunnelKind } from './types';

export function buildParsed(layers: readonly Layer[], b: Uint8Array): ParsedPacket {
  return fromLayers(layers, 0, b, 0);
}

function fromLayers(layers: readonly Layer[], start: number, b: Uint8Array, depth: number): ParsedPacket {
  const p: ParsedPacket = { offsets: {} };
  let last: Layer | undefined;
  for (let i = start; i < layers.length; i++) {
    const l = layers[i];
    if (l.quotedBy !== undefined || l.depth < depth) continue;
    if (l.depth > depth) {
      const kind = tunnelKind(last);
      if (kind !== undefined) {
        p.tunnel = { kind, offset: l.off, inner: fromLayers(layers, i, b, depth + 1) };
        const id = tunnelId(last, b);
        if (id !== undefined) p.tunnel.id = id;
      }
      break;
    }
    add(p, l, b);
    last = l;
  }
  return p;
}

function add(p: ParsedPacket, l: Layer, b: Uint8Array): void {
  switch (l.kind) {
    case 'eth':
      if (!l.cut && p.l2 === undefined) p.l2 = { dst: macAt(b, l.off), src: macAt(b, l.off + 6), ethertype: l.type, vlans: [] };
      return;
    case 'vlan':
      if (p.l2 !== undefined && !l.cut) {
        p.l2.vlans.push({ tpid: l.tpid, vid: l.tci & 0xfff, pcp: l.tci >> 13, dei: (l.tci & 0x1000) !== 0 });
        p.l2.ethertype = l.type;
      }
      return;
    case 'mpls':
      if (p.mpls === undefined) p.mpls = mplsEntries(l, b);
      return;
    case 'arp':
      if (!l.cut && p.arp === undefined) p.arp = arpInfo(l.off, l.hln, l.pln, l.pro, l.op, b, l.capEnd, arpLength(l));
      return;
    case 'ipv4':
      if (p.l3 === undefined && !l.cut) {
        p.l3 = {
          version: 4, src: ipv4At(b, l.off + 12), dst: ipv4At(b, l.off + 16), proto: l.proto, ttl: l.ttl,
          fragment: { id: l.id, df: (l.frag & 0x4000) !== 0, mf: (l.frag & 0x2000) !== 0, offset: (l.frag & 0x1fff) * 8 },
        };
        p.offsets.l3 = l.off;
      }
      return;
    case 'ipv6':
      if (p.l3 === undefined && !l.cut) {
        p.l3 = { version: 6, src: ipv6At(b, l.off + 8), dst: ipv6At(b, l.off + 24), proto: l.nh, ttl: l.hlim, extHeaders: [] };
        p.offsets.l3 = l.off;
      }
      return;
    case 'hbh':
    case 'dstopt':
    case 'rt6':
    case 'frag6':
      return addExt(p.l3, l.proto, l.nh, l.kind === 'frag6' ? l.off : -1, l.capEnd, b);
    case 'ah':
      if (p.l3?.version === 6 && p.l4 === undefined) addExt(p.l3, 51, l.nh, -1, l.capEnd, b);
      else if (p.l4 === undefined && l.off <= l.capEnd) setL4(p, l.off, 51, 'ah');
      return;
    case 'tcp':
    case 'udp':
      if (p.l3 !== undefined && p.l4 === undefined && l.sport >= 0) {
        const l4 = setL4(p, l.off, l.kind === 'tcp' ? 6 : 17, l.kind);
        l4.sport = l.sport;
        l4.dport = l.dport;
        if (l.kind === 'tcp' && l.hlen >= 20) l4.tcpFlags = l.flags;
        setPayload(p, l.off + (l.kind === 'tcp' ? l.hlen : 8), l.capEnd, l.kind === 'udp' || l.hlen >= 20);
      }
      return;
    case 'icmp':
    case 'icmp6':
      if (p.l3 !== undefined && p.l4 === undefined && l.type >= 0) {
        const l4 = setL4(p, l.off, l.kind === 'icmp' ? 1 : 58, l.kind === 'icmp' ? 'icmp' : 'icmpv6');
        l4.icmpType = l.type;
        if (l.code >= 0) l4.icmpCode = l.code;
        setPayload(p, l.off + 8, l.capEnd, true);
      }
      return;
    case 'gre':
      if (p.l3 !== undefined && p.l4 === undefined && l.off <= l.capEnd) setL4(p, l.off, 47, 'gre');
      return;
    case 'esp':
      if (p.l3 !== undefined && p.l4 === undefined && l.off <= l.capEnd) setL4(p, l.off, 50, 'esp');
      return;
    case 'data':
      if (p.l3 !== undefined && p.l4 === undefined && l.off <= l.capEnd && l.why.startsWith('IP protocol')) setL4(p, l.off, p.l3.proto, 'other');
      return;
    default:
      return;
  }
}

/** The payload offset, only when the transport header is all there. */
function setPayload(p: ParsedPacket, at: number, capEnd: number, ok: boolean): void {
  if (ok && at <= capEnd) p.offsets.payload = at;
}

function setL4(p: ParsedPacket, off: number, proto: number, name: L4Name): L4Info {
  const l4: L4Info = { proto, name };
  p.l4 = l4;
  p.offsets.l4 = off;
  return l4;
}

function addExt(l3: L3Info | undefined, proto: number, nh: number, fragOff: number, capEnd: number, b: Uint8Array): void {
  if (l3 === undefined || l3.version !== 6 || l3.extHeaders === undefined) return;
  l3.extHeaders.push(proto);
  if (nh >= 0) l3.proto = nh;
  if (fragOff >= 0 && fragOff + 8 <= capEnd) {
    const w = u16(b, fragOff + 2);
    l3.fragment = { id: u32(b, fragOff + 4), df: false, mf: (w & 1) !== 0, offset: w & 0xfff8 };
  }
}

function arpInfo(off: number, hln: number, pln: number, pro: number, op: number, b: Uint8Array, capEnd: number, len: number): ParsedPacket['arp'] {
  const a: NonNullable<ParsedPacket['arp']> = { op };
  if (off + len > capEnd) return a;
  const ip = pro === 0x0800 && pln === 4;
  a.senderMac = linkAddrAt(b, off + 8, hln);
  a.targetMac = linkAddrAt(b, off + 8 + hln + pln, hln);
  if (ip) {
    a.senderIp = ipv4At(b, off + 8 + hln);
    a.targetIp = ipv4At(b, off + 8 + 2 * hln + pln);
  }
  return a;
}

function tunnelKind(last: Layer | undefined): TunnelKind | undefined {
  switch (last?.kind) {
    case 'vxlan':
      return 'vxlan';
    case 'geneve':
      return 'geneve';
    case 'gre':
      return 'gre';
    case 'udp':
      return 'mpls-udp';
    case 'ipv4':
    case 'ipv6':
    case 'ah':
    case 'hbh':
    case 'dstopt':
    case 'rt6':
    case 'frag6':
      return 'ipip';
    default:
      return undefined;
  }
}

function tunnelId(last: Layer | undefined, b: Uint8Array): number | undefined {
  if (last?.kind === 'vxlan' || last?.kind === 'geneve') return last.vni;
  if (last?.kind === 'gre' && (last.flags & 0x2000) !== 0 && (last.flags & 7) === 0) {
    const at = last.off + 4 + ((last.flags & 0xc000) !== 0 ? 4 : 0);
    if (at + 4 <= last.capEnd) return u32(b, at);
  }
  return undefined;
}
