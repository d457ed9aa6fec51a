// GRE (RFC 2784/2890) and enhanced GRE v1 (PPTP, RFC 2637), plus the payloads carried by protocol type:
// IP, IPv6, MPLS, transparent Ethernet, ERSPAN I/II/III and WCCP redirect (decoded for the tree; tcpdump
// 4.99 prints the last ones as "gre-proto-0x...").

import type { Decoder } from './decoder';
import { bitLeaf, expert, has, leaf, node } from './fields';
import { hexN } from './format';
import type { ErspanLayer, GreLayer, WccpLayer } from './layers';
import { ETH_IPV4, ETH_IPV6, ETH_MPLS, ETH_MPLS_MC, ETH_TEB, ethertypeText } from './names';
import { u16, u32 } from './read';
import type { FieldNode } from './types';

const GRE_CP = 0x8000;
const GRE_RP = 0x4000;
const GRE_KP = 0x2000;
const GRE_SP = 0x1000;
const GRE_AP = 0x0080;
const ERSPAN_II = 0x88be;
const ERSPAN_III = 0x22eb;
const WCCP = 0x883e;

export function decodeGre(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  const l: GreLayer = d.push({ kind: 'gre', off, capEnd, cut: true, depth: d.depth, flags: -1, proto: -1, hlen: 0, length });
  if (!has(off, 2, capEnd)) return d.trunc('gre', off);
  l.flags = u16(b, off);
  const vers = l.flags & 7;
  d.put('GREv' + vers);
  if (vers > 1) return d.put(' ERROR: unknown-version');
  if (!has(off, 4, capEnd) || length < 4) return d.trunc('gre', off);
  l.proto = u16(b, off + 2);
  const h = vers === 0 ? headerV0(d, l) : headerV1(d, l);
  if (h < 0) return d.trunc('gre', off);
  l.hlen = h;
  l.cut = false;
  d.put(', length ' + length);
  if (vers === 1 && (l.flags & GRE_SP) === 0) return;
  d.put(': ');
  payload(d, l, off + h, length - h, capEnd);
}

/** Optional fields of version 0; returns the header length or -1 when cut. */
function headerV0(d: Decoder, l: GreLayer): number {
  const b = d.b;
  let p = l.off + 4;
  const room = (n: number): boolean => has(p, n, l.capEnd) && p + n <= l.off + l.length;
  if ((l.flags & (GRE_CP | GRE_RP)) !== 0) {
    if (!room(4)) return -1;
    d.put(', off 0x' + u16(b, p + 2).toString(16));
    p += 4;
  }
  if ((l.flags & GRE_KP) !== 0) {
    if (!room(4)) return -1;
    d.put(', key=0x' + u32(b, p).toString(16));
    p += 4;
  }
  if ((l.flags & GRE_SP) !== 0) {
    if (!room(4)) return -1;
    d.put(', seq ' + u32(b, p));
    p += 4;
  }
  if ((l.flags & GRE_RP) !== 0) {
    for (let guard = 0; guard < 64; guard++) {
      if (!room(4)) return -1;
      const af = u16(b, p);
      const srelen = b[p + 3];
      p += 4;
      if (af === 0 && srelen === 0) break;
      if (!room(srelen)) return -1;
      p += srelen;
    }
  }
  return p - l.off;
}

function headerV1(d: Decoder, l: GreLayer): number {
  const b = d.b;
  let p = l.off + 4;
  const room = (n: number): boolean => has(p, n, l.capEnd) && p + n <= l.off + l.length;
  if ((l.flags & GRE_KP) !== 0) {
    if (!room(4)) return -1;
    d.put(', call ' + u16(b, p + 2));
    p += 4;
  }
  if ((l.flags & GRE_SP) !== 0) {
    if (!room(4)) return -1;
    d.put(', seq ' + u32(b, p));
    p += 4;
  }
  if ((l.flags & GRE_AP) !== 0) {
    if (!room(4)) return -1;
    d.put(', ack ' + u32(b, p));
    p += 4;
  }
  if ((l.flags & GRE_SP) === 0) d.put(', no-payload');
  return p - l.off;
}

function payload(d: Decoder, l: GreLayer, off: number, length: number, capEnd: number): void {
  const proto = l.proto;
  if ((l.flags & 7) === 1) {
    d.put('gre-proto-0x' + proto.toString(16));
    return d.data(off, length, capEnd, 'GREv1 payload');
  }
  if (proto === ETH_IPV4 || proto === ETH_IPV6 || proto === ETH_MPLS || proto === ETH_MPLS_MC || proto === ETH_TEB) {
    if (!d.enter(off, length, capEnd)) return;
    if (proto === ETH_TEB) d.next.ether(d, off, length, capEnd);
    else d.next.ethertype(d, proto, off, length, capEnd);
    return d.leave();
  }
  d.put('gre-proto-0x' + proto.toString(16));
  if (proto === WCCP || proto === ERSPAN_II || proto === ERSPAN_III) {
    d.mute++; // tcpdump 4.99 stops at the protocol number; the tree still shows what is inside
    if (d.enter(off, length, capEnd)) {
      if (proto === WCCP) wccp(d, off, length, capEnd);
      else erspan(d, l, proto, off, length, capEnd);
      d.leave();
    }
    d.mute--;
    return;
  }
  d.data(off, length, capEnd, 'GRE payload');
}

/** WCCP redirect header (4 bytes) unless the payload already looks like IPv4, then IPv4. */
function wccp(d: Decoder, off: number, length: number, capEnd: number): void {
  if (!has(off, 1, capEnd)) return;
  if (d.b[off] >> 4 !== 4) {
    d.push({ kind: 'wccp', off, capEnd, cut: !has(off, 4, capEnd), depth: d.depth });
    off += 4;
    length -= 4;
  }
  d.next.ipv4(d, off, length, capEnd);
}

/** ERSPAN type II (8-byte header, sequence number present) and type III (12 bytes + optional 8). */
function erspan(d: Decoder, gre: GreLayer, proto: number, off: number, length: number, capEnd: number): void {
  if (proto === ERSPAN_II && (gre.flags & GRE_SP) === 0) {
    d.push({ kind: 'erspan', off, capEnd, cut: false, depth: d.depth, version: 1, hlen: 0 });
    return d.next.ether(d, off, length, capEnd);
  }
  if (!has(off, 1, capEnd)) return;
  const version = d.b[off] >> 4;
  let hlen = proto === ERSPAN_II ? 8 : 12;
  if (proto === ERSPAN_III && has(off, 12, capEnd) && (d.b[off + 11] & 0x01) !== 0) hlen += 8;
  const l: ErspanLayer = d.push({ kind: 'erspan', off, capEnd, cut: !has(off, hlen, capEnd), depth: d.depth, version, hlen });
  if (l.cut) return;
  d.next.ether(d, off + hlen, length - hlen, capEnd);
}

// ---- tree ----

export function treeGre(l: GreLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const title = 'Generic Routing Encapsulation';
  if (l.flags < 0) return node('gre', title + ' [truncated]', o, Math.max(0, l.capEnd - o));
  const f = l.flags;
  const kids: FieldNode[] = [
    node('gre.flags_and_version', 'Flags and Version: ' + hexN(f, 4), o, 2, f, [
      bitLeaf('gre.flags.checksum', 'Checksum Bit', o, 2, GRE_CP, f, (f & GRE_CP) ? 'Yes' : 'No'),
      bitLeaf('gre.flags.routing', 'Routing Bit', o, 2, GRE_RP, f, (f & GRE_RP) ? 'Yes' : 'No'),
      bitLeaf('gre.flags.key', 'Key Bit', o, 2, GRE_KP, f, (f & GRE_KP) ? 'Yes' : 'No'),
      bitLeaf('gre.flags.sequence_number', 'Sequence Number Bit', o, 2, GRE_SP, f, (f & GRE_SP) ? 'Yes' : 'No'),
      bitLeaf('gre.flags.ack', 'Acknowledgment Bit', o, 2, GRE_AP, f, (f & GRE_AP) ? 'Yes' : 'No'),
      bitLeaf('gre.flags.version', 'Version', o, 2, 0x0007, f),
    ]),
  ];
  if (l.proto >= 0) kids.push(leaf('gre.proto', 'Protocol Type', o + 2, 2, l.proto, greProtoText(l.proto)));
  let p = o + 4;
  const end = l.cut ? l.capEnd : o + l.hlen;
  if ((f & 7) === 0 && (f & (GRE_CP | GRE_RP)) !== 0 && p + 4 <= end) {
    kids.push(leaf('gre.checksum', 'Checksum', p, 2, u16(b, p), hexN(u16(b, p), 4)), leaf('gre.offset', 'Offset', p + 2, 2, u16(b, p + 2)));
    p += 4;
  }
  if ((f & GRE_KP) !== 0 && p + 4 <= end) {
    if ((f & 7) === 1) kids.push(leaf('gre.key.payload_length', 'Payload Length', p, 2, u16(b, p)), leaf('gre.key.call_id', 'Call ID', p + 2, 2, u16(b, p + 2)));
    else kids.push(leaf('gre.key', 'Key', p, 4, u32(b, p), hexN(u32(b, p), 8) + ' (' + u32(b, p) + ')'));
    p += 4;
  }
  if ((f & GRE_SP) !== 0 && p + 4 <= end) {
    kids.push(leaf('gre.sequence_number', 'Sequence Number', p, 4, u32(b, p)));
    p += 4;
  }
  if ((f & 7) === 1 && (f & GRE_AP) !== 0 && p + 4 <= end) kids.push(leaf('gre.ack_number', 'Acknowledgment Number', p, 4, u32(b, p)));
  if (l.cut) kids.push(expert('GRE header cut short', o, Math.max(0, l.capEnd - o)));
  return node('gre', title + ' (' + greProtoText(l.proto) + ')', o, Math.max(0, Math.min(Math.max(4, l.hlen), l.capEnd - o)), undefined, kids);
}

function greProtoText(proto: number): string {
  if (proto === ERSPAN_II) return 'ERSPAN (0x88be)';
  if (proto === ERSPAN_III) return 'ERSPAN III (0x22eb)';
  if (proto === WCCP) return 'WCCP (0x883e)';
  return ethertypeText(proto);
}

export function treeWccp(l: WccpLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  if (l.cut) return node('wccp', 'WCCP Redirect Header [truncated]', o, Math.max(0, l.capEnd - o));
  const f = b[o];
  return node('wccp', 'WCCP Redirect Header', o, 4, undefined, [
    leaf('wccp.flags', 'Flags', o, 1, f, 'T:' + (f >> 7) + ' A:' + ((f >> 6) & 1) + ' U:' + ((f >> 5) & 1)),
    leaf('wccp.service_id', 'Service ID', o + 1, 1, b[o + 1]),
    leaf('wccp.alt_bucket', 'Alternate Bucket', o + 2, 1, b[o + 2]),
    leaf('wccp.pri_bucket', 'Primary Bucket', o + 3, 1, b[o + 3]),
  ]);
}

export function treeErspan(l: ErspanLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  if (l.hlen === 0) return node('erspan', 'Encapsulated Remote Switch Packet ANalysis Type I', o, 0);
  if (l.cut) return node('erspan', 'Encapsulated Remote Switch Packet ANalysis [truncated]', o, Math.max(0, l.capEnd - o));
  const w = u16(b, o);
  const kids = [
    bitLeaf('erspan.version', 'Version', o, 2, 0xf000, w),
    bitLeaf('erspan.vlan', 'Vlan', o, 2, 0x0fff, w),
    bitLeaf('erspan.spanid', 'SpanID', o + 2, 2, 0x03ff, u16(b, o + 2)),
  ];
  const type = l.version === 1 ? 'II' : l.version === 2 ? 'III' : String(l.version);
  return node('erspan', 'Encapsulated Remote Switch Packet ANalysis Type ' + type, o, l.hlen, undefined, kids);
}
