// Link-layer framings other than Ethernet found in captures: Linux cooked v1/v2, BSD loopback, raw IP.

import type { Decoder } from './decoder';
import { decodeEthernet } from './ethernet';
import { has, leaf, node } from './fields';
import { hexN, linkAddrAt } from './format';
import type { LinkLayer } from './layers';
import { ethertypeText } from './names';
import { u16, u32 } from './read';
import type { FieldNode } from './types';
import { decodeTypeChain } from './vlan';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export function decodeLink(d: Decoder, linkType: number, length: number, capEnd: number): void {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return decodeEthernet(d, 0, length, capEnd);
    case LINKTYPE_RAW:
    case 12:
    case 14:
      return rawIp(d, length, capEnd);
    case LINKTYPE_IPV4:
      return d.next.ipv4(d, 0, length, capEnd);
    case LINKTYPE_IPV6:
      return d.next.ipv6(d, 0, length, capEnd);
    case LINKTYPE_LINUX_SLL:
      return cooked(d, 'sll', 16, 14, length, capEnd);
    case LINKTYPE_LINUX_SLL2:
      return cooked(d, 'sll2', 20, 0, length, capEnd);
    case LINKTYPE_NULL:
      return loopback(d, length, capEnd);
    default:
      d.put('[link type ' + linkType + ' not supported]');
      return d.data(0, length, capEnd, 'link type ' + linkType);
  }
}

function rawIp(d: Decoder, length: number, capEnd: number): void {
  if (length < 1) return d.put('truncated-ip ' + length);
  if (!has(0, 1, capEnd)) return d.trunc('ipn', 0);
  const v = d.b[0] >> 4;
  if (v === 4) return d.next.ipv4(d, 0, length, capEnd);
  if (v === 6) return d.next.ipv6(d, 0, length, capEnd);
  d.put('unknown ip ' + v);
  d.data(0, length, capEnd, 'unknown IP version');
}

function cooked(d: Decoder, kind: 'sll' | 'sll2', hlen: number, protoAt: number, length: number, capEnd: number): void {
  if (!has(0, hlen, capEnd) || length < hlen) {
    d.push({ kind, off: 0, capEnd, cut: true, depth: d.depth, hlen, proto: -1 });
    return d.trunc(kind, 0);
  }
  const proto = u16(d.b, protoAt);
  d.push({ kind, off: 0, capEnd, cut: false, depth: d.depth, hlen, proto });
  decodeTypeChain(d, hlen, proto, length - hlen, capEnd, -1, length);
}

/** BSD loopback: a 4-byte address family in the capturing host's byte order. */
function loopback(d: Decoder, length: number, capEnd: number): void {
  if (!has(0, 4, capEnd)) {
    d.push({ kind: 'null', off: 0, capEnd, cut: true, depth: d.depth, hlen: 4, proto: -1 });
    return d.trunc('null', 0);
  }
  const be = u32(d.b, 0);
  const family = be > 0xffff ? ((d.b[0] | (d.b[1] << 8) | (d.b[2] << 16)) | (d.b[3] << 24)) >>> 0 : be;
  d.push({ kind: 'null', off: 0, capEnd, cut: false, depth: d.depth, hlen: 4, proto: family });
  if (family === 2) return d.next.ipv4(d, 4, length - 4, capEnd);
  if (family === 24 || family === 28 || family === 30 || family === 10) return d.next.ipv6(d, 4, length - 4, capEnd);
  d.put('AF ' + family + ', length ' + length);
  d.data(4, length - 4, capEnd, 'address family ' + family);
}

const PKT_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];

export function treeLink(l: LinkLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  if (l.kind === 'null') {
    const kids = l.cut ? [] : [leaf('null.family', 'Family', o, 4, l.proto)];
    return node('null', 'Null/Loopback', o, Math.min(4, l.capEnd - o), undefined, kids);
  }
  const title = l.kind === 'sll' ? 'Linux cooked capture v1' : 'Linux cooked capture v2';
  if (l.cut) return node('sll', title + ' [truncated]', o, Math.max(0, l.capEnd - o));
  const kids: FieldNode[] = [];
  const v1 = l.kind === 'sll';
  const pkt = v1 ? u16(b, o) : b[o + 10];
  const hatype = v1 ? u16(b, o + 2) : u16(b, o + 8);
  const halen = v1 ? u16(b, o + 4) : b[o + 11];
  const addrOff = v1 ? o + 6 : o + 12;
  if (!v1) kids.push(leaf('sll.ifindex', 'Interface index', o + 4, 4, u32(b, o + 4)));
  kids.push(
    leaf('sll.pkttype', 'Packet type', v1 ? o : o + 10, v1 ? 2 : 1, pkt, (PKT_TYPES[pkt] ?? 'Unknown') + ' (' + pkt + ')'),
    leaf('sll.hatype', 'Link-layer address type', v1 ? o + 2 : o + 8, 2, hatype),
    leaf('sll.halen', 'Link-layer address length', v1 ? o + 4 : o + 11, v1 ? 2 : 1, halen),
    leaf('sll.src.eth', 'Source', addrOff, 8, linkAddrAt(b, addrOff, Math.min(halen, 8))),
    leaf('sll.etype', 'Protocol', v1 ? o + 14 : o, 2, l.proto, l.proto > 1500 ? ethertypeText(l.proto) : hexN(l.proto, 4)),
  );
  return node('sll', title, o, l.hlen, undefined, kids);
}
