// IPv6 extension headers: hop-by-hop and destination options, routing (type 0 and SRv6 type 4), fragment.
// Each decoder writes tcpdump's text and returns the header length, or -1 when printing stops there.

import type { Decoder } from './decoder';
import { bitLeaf, expert, has, leaf, node } from './fields';
import { hexN, ipv6At } from './format';
import type { Ip6ExtLayer } from './layers';
import { ipProtoName } from './names';
import { u16, u32 } from './read';
import type { FieldNode } from './types';

function push(d: Decoder, kind: Ip6ExtLayer['kind'], proto: number, off: number, hlen: number, capEnd: number, cut: boolean): Ip6ExtLayer {
  const nh = has(off, 1, capEnd) ? d.b[off] : -1;
  return d.push({ kind, proto, off, capEnd, cut, depth: d.depth, nh, hlen });
}

export function decodeHbh(d: Decoder, off: number, capEnd: number): number {
  return decodeOptions(d, off, capEnd, 'hbh', 0, 'HBH ', 'hbhopt', true);
}

export function decodeDstopt(d: Decoder, off: number, capEnd: number): number {
  // Without -v tcpdump does not look inside destination options.
  return decodeOptions(d, off, capEnd, 'dstopt', 60, 'DSTOPT ', 'dstopt', false);
}

function decodeOptions(
  d: Decoder, off: number, capEnd: number, kind: 'hbh' | 'dstopt', proto: number, text: string, tag: string, check: boolean,
): number {
  if (!has(off, 2, capEnd)) {
    push(d, kind, proto, off, 0, capEnd, true);
    d.trunc(tag, off);
    return -1;
  }
  const hlen = (d.b[off + 1] + 1) * 8;
  const cut = !has(off, hlen, capEnd);
  const l = push(d, kind, proto, off, hlen, capEnd, cut);
  if (cut) {
    d.trunc(tag, off);
    return -1;
  }
  d.put(text);
  if (check && !optionsWellFormed(d.b, off + 2, hlen - 2)) {
    l.cut = true;
    d.trunc(tag, off);
    return -1;
  }
  return hlen;
}

/** tcpdump's ip6_opt_process length checks (it gives up with "[|hbhopt]" on a bad option length). */
function optionsWellFormed(b: Uint8Array, off: number, len: number): boolean {
  let i = 0;
  while (i < len) {
    const type = b[off + i];
    if (type === 0) {
      i++;
      continue;
    }
    if (len - i < 2) return false;
    const olen = b[off + i + 1] + 2;
    if (len - i < olen) return false;
    const need = type === 0x05 ? 4 : type === 0xc2 ? 6 : type === 0xc9 ? 18 : 0;
    if (len - i < need) return false;
    i += olen;
  }
  return true;
}

export function decodeFrag6(d: Decoder, off: number, ipOff: number, plen: number, capEnd: number): number {
  if (!has(off, 4, capEnd)) {
    push(d, 'frag6', 44, off, 8, capEnd, true);
    d.trunc('frag6', off);
    return -1;
  }
  push(d, 'frag6', 44, off, 8, capEnd, !has(off, 8, capEnd));
  const fragOff = u16(d.b, off + 2) & 0xfff8;
  const fragLen = (40 + plen - (off - ipOff) - 8) >>> 0;
  d.put('frag (' + fragOff + '|' + fragLen + ')');
  if (fragOff !== 0) {
    d.data(off + 8, fragLen, capEnd, 'IPv6 fragment');
    return -1;
  }
  d.put(' ');
  return 8;
}

export function decodeRt6(d: Decoder, off: number, capEnd: number): number {
  const b = d.b;
  if (!has(off, 2, capEnd)) {
    push(d, 'rt6', 43, off, 0, capEnd, true);
    d.trunc(has(off, 1, capEnd) ? 'rt6' : 'ip6', off);
    return -1;
  }
  const len = b[off + 1];
  const l = push(d, 'rt6', 43, off, (len + 1) * 8, capEnd, !has(off, (len + 1) * 8, capEnd));
  d.put('RT6 (len=' + len);
  if (!has(off, 3, capEnd)) return rtCut(d, l);
  const type = b[off + 2];
  d.put(', type=' + type + (type === 0 ? ' [Deprecated]' : ''));
  if (!has(off, 4, capEnd)) return rtCut(d, l);
  d.put(', segleft=' + b[off + 3]);
  if (type === 0 || type === 2) return routeType0(d, l, len);
  if (type === 4) return routeSrh(d, l, len);
  d.put(' (unknown type) (invalid)');
  return -1;
}

function rtCut(d: Decoder, l: Ip6ExtLayer): number {
  l.cut = true;
  d.trunc('rt6', l.off);
  return -1;
}

function routeType0(d: Decoder, l: Ip6ExtLayer, len: number): number {
  const b = d.b;
  const off = l.off;
  if (!has(off, 8, l.capEnd)) return rtCut(d, l);
  const rsv = u32(b, off + 4);
  if (rsv !== 0) d.put(', rsv=0x' + rsv.toString(16));
  if (len % 2 === 1) {
    d.put(' (invalid length ' + len + ') (invalid)');
    return -1;
  }
  return segments(d, l, len / 2);
}

function routeSrh(d: Decoder, l: Ip6ExtLayer, len: number): number {
  const b = d.b;
  const off = l.off;
  if (!has(off, 5, l.capEnd)) return rtCut(d, l);
  const last = b[off + 4];
  d.put(', last-entry=' + last);
  if (!has(off, 6, l.capEnd)) return rtCut(d, l);
  if (b[off + 5] !== 0) d.put(', flags=0x' + b[off + 5].toString(16));
  if (!has(off, 8, l.capEnd)) return rtCut(d, l);
  d.put(', tag=' + u16(b, off + 6).toString(16));
  if (len % 2 === 1) {
    d.put(' (invalid length ' + len + ') (invalid)');
    return -1;
  }
  return segments(d, l, last + 1);
}

function segments(d: Decoder, l: Ip6ExtLayer, count: number): number {
  for (let i = 0; i < count; i++) {
    const a = l.off + 8 + 16 * i;
    if (!has(a, 16, l.capEnd)) return rtCut(d, l);
    d.put(', [' + i + ']' + ipv6At(d.b, a));
  }
  d.put(') ');
  return l.hlen;
}

// ---- tree ----

const OPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, 'Pad1'], [0x01, 'PadN'], [0x04, 'Tunnel Encapsulation Limit'], [0x05, 'Router Alert'],
  [0x26, 'Quick-Start'], [0x63, 'RPL Option'], [0xc2, 'Jumbo Payload'], [0xc9, 'Home Address'],
  [0x8b, 'ILNP Nonce'], [0x8c, 'Line-Identification Option'], [0x31, 'IOAM'], [0x6d, 'MPL Option'],
]);

const TITLES: Record<Ip6ExtLayer['kind'], [string, string]> = {
  hbh: ['ipv6.hopopts', 'IPv6 Hop-by-Hop Option'],
  dstopt: ['ipv6.dstopts', 'Destination Options for IPv6'],
  rt6: ['ipv6.routing', 'Routing Header for IPv6'],
  frag6: ['ipv6.fraghdr', 'Fragment Header for IPv6'],
};

export function treeIp6Ext(l: Ip6ExtLayer, b: Uint8Array): FieldNode {
  const [name, title] = TITLES[l.kind];
  const o = l.off;
  const kids: FieldNode[] = [];
  const pre = l.kind === 'frag6' ? 'ipv6.fraghdr' : name;
  if (has(o, 1, l.capEnd)) kids.push(leaf(pre + '.nxt', 'Next Header', o, 1, b[o], ipProtoName(b[o]) + ' (' + b[o] + ')'));
  if (l.kind === 'frag6') fragKids(l, b, kids);
  else if (has(o, 2, l.capEnd)) {
    kids.push(leaf(pre + '.len', 'Length', o + 1, 1, b[o + 1], b[o + 1] + ' (' + l.hlen + ' bytes)'));
    if (l.kind === 'rt6') routeKids(l, b, kids);
    else optionKids(l, b, kids);
  }
  if (l.cut) kids.push(expert('Header cut short or malformed', o, Math.max(0, l.capEnd - o)));
  const shown = l.kind === 'rt6' && has(o, 3, l.capEnd) ? title + ' (' + routeTypeName(b[o + 2]) + ')' : title;
  return node(name, shown, o, Math.max(0, Math.min(l.hlen, l.capEnd - o)), undefined, kids);
}

function optionKids(l: Ip6ExtLayer, b: Uint8Array, kids: FieldNode[]): void {
  const end = Math.min(l.off + l.hlen, l.capEnd);
  let p = l.off + 2;
  while (p < end) {
    const type = b[p];
    const oname = OPTION_NAMES.get(type) ?? 'Unknown (' + hexN(type, 2) + ')';
    if (type === 0) {
      kids.push(node('ipv6.opt', oname, p, 1, undefined, [leaf('ipv6.opt.type', 'Type', p, 1, type, oname + ' (' + hexN(type, 2) + ')')]));
      p++;
      continue;
    }
    if (p + 2 > end) {
      kids.push(expert('Option length missing', p, end - p));
      return;
    }
    const olen = b[p + 1];
    const okids = [leaf('ipv6.opt.type', 'Type', p, 1, type, oname + ' (' + hexN(type, 2) + ')'), leaf('ipv6.opt.length', 'Length', p + 1, 1, olen)];
    if (p + 2 + olen > end) {
      kids.push(node('ipv6.opt', oname, p, end - p, undefined, [...okids, expert('Option runs past the header', p + 1, 1)]));
      return;
    }
    if (type === 0x05 && olen === 2) okids.push(leaf('ipv6.opt.router_alert', 'Router Alert', p + 2, 2, u16(b, p + 2)));
    if (type === 0xc2 && olen === 4) okids.push(leaf('ipv6.opt.jumbo', 'Payload Length', p + 2, 4, u32(b, p + 2)));
    if (type === 0xc9 && olen >= 16) okids.push(leaf('ipv6.opt.mipv6.home_address', 'Home Address', p + 2, 16, ipv6At(b, p + 2)));
    kids.push(node('ipv6.opt', oname, p, 2 + olen, undefined, okids));
    p += 2 + olen;
  }
}

function routeTypeName(type: number): string {
  if (type === 0) return 'Type 0 (deprecated)';
  if (type === 2) return 'Type 2 (Mobile IPv6)';
  if (type === 3) return 'RPL Source Route';
  if (type === 4) return 'Segment Routing';
  return 'Unknown type ' + type;
}

function routeKids(l: Ip6ExtLayer, b: Uint8Array, kids: FieldNode[]): void {
  const o = l.off;
  if (!has(o, 4, l.capEnd)) return;
  const type = b[o + 2];
  kids.push(leaf('ipv6.routing.type', 'Type', o + 2, 1, type, routeTypeName(type) + ' (' + type + ')'));
  kids.push(leaf('ipv6.routing.segleft', 'Segments Left', o + 3, 1, b[o + 3]));
  const end = Math.min(o + l.hlen, l.capEnd);
  if (type === 4 && has(o, 8, l.capEnd)) {
    kids.push(leaf('ipv6.routing.srh.last_entry', 'Last Entry', o + 4, 1, b[o + 4]));
    kids.push(leaf('ipv6.routing.srh.flags', 'Flags', o + 5, 1, b[o + 5], hexN(b[o + 5], 2)));
    kids.push(leaf('ipv6.routing.srh.tag', 'Tag', o + 6, 2, u16(b, o + 6), hexN(u16(b, o + 6), 4)));
    for (let i = 0; i <= b[o + 4] && o + 8 + 16 * (i + 1) <= end; i++) {
      const a = o + 8 + 16 * i;
      kids.push(leaf('ipv6.routing.srh.addr', 'Address[' + i + ']', a, 16, ipv6At(b, a), ipv6At(b, a) + (i === b[o + 3] ? ' [next segment]' : '')));
    }
    return;
  }
  if ((type === 0 || type === 2) && has(o, 8, l.capEnd)) {
    kids.push(leaf('ipv6.routing.type0.reserved', 'Reserved', o + 4, 4, u32(b, o + 4), hexN(u32(b, o + 4), 8)));
    for (let a = o + 8, i = 0; a + 16 <= end; a += 16, i++) kids.push(leaf('ipv6.routing.type0.addr', 'Address[' + (i + 1) + ']', a, 16, ipv6At(b, a)));
  }
}

function fragKids(l: Ip6ExtLayer, b: Uint8Array, kids: FieldNode[]): void {
  const o = l.off;
  if (!has(o, 4, l.capEnd)) return;
  const w = u16(b, o + 2);
  kids.push(leaf('ipv6.fraghdr.reserved_octet', 'Reserved octet', o + 1, 1, b[o + 1], hexN(b[o + 1], 2)));
  kids.push(bitLeaf('ipv6.fraghdr.offset', 'Offset', o + 2, 2, 0xfff8, w, (w >> 3) + ' (' + (w & 0xfff8) + ' bytes)'));
  kids.push(bitLeaf('ipv6.fraghdr.reserved_bits', 'Reserved bits', o + 2, 2, 0x0006, w));
  kids.push({ ...bitLeaf('ipv6.fraghdr.more', 'More Fragments', o + 2, 2, 0x0001, w, (w & 1) !== 0 ? 'Yes' : 'No'), value: (w & 1) !== 0 });
  if (has(o, 8, l.capEnd)) kids.push(leaf('ipv6.fraghdr.ident', 'Identification', o + 4, 4, u32(b, o + 4), hexN(u32(b, o + 4), 8)));
}
