// ICMP for IPv4 (RFC 792): tcpdump's icmp_print text, the quoted packet of error messages (decoded for the
// tree, silent in the line as tcpdump without -v), and the tree.

import { onesSum, shouldBe } from './checksum';
import type { Decoder } from './decoder';
import { expert, has, leaf, node } from './fields';
import { hexN, ipv4At, msOfDay } from './format';
import type { IcmpLayer } from './layers';
import { u16, u32 } from './read';
import type { FieldNode } from './types';

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'echo reply'], [4, 'source quench'], [8, 'echo request'], [10, 'router solicitation'],
  [13, 'time stamp request'], [14, 'time stamp reply'], [15, 'information request'], [16, 'information reply'],
  [17, 'address mask request'],
]);

const UNREACH: ReadonlyArray<[string, string]> = [
  ['net ', ' unreachable'], ['host ', ' unreachable'], ['', ''], ['', ''], ['', ' unreachable - need to frag'],
  ['', ' unreachable - source route failed'], ['net ', ' unreachable - unknown'], ['host ', ' unreachable - unknown'],
  ['', ' unreachable - source host isolated'], ['net ', ' unreachable - admin prohibited'],
  ['host ', ' unreachable - admin prohibited'], ['net ', ' unreachable - tos prohibited'],
  ['host ', ' unreachable - tos prohibited'], ['host ', ' unreachable - admin prohibited filter'],
  ['host ', ' unreachable - host precedence violation'], ['host ', ' unreachable - precedence cutoff'],
];

/** ICMP types whose body quotes the offending IP header. */
export function icmpQuotes(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

export function decodeIcmp(d: Decoder, off: number, length: number, capEnd: number): void {
  const cut = !has(off, 4, capEnd);
  const l: IcmpLayer = d.push({
    kind: 'icmp', off, capEnd, cut, depth: d.depth,
    type: has(off, 1, capEnd) ? d.b[off] : -1, code: has(off, 2, capEnd) ? d.b[off + 1] : -1, length,
  });
  if (d.talking() || !has(off, 2, capEnd)) {
    const text = has(off, 2, capEnd) ? describe(d.b, off, capEnd, l.type, l.code) : undefined;
    if (text === undefined) d.trunc('icmp', off);
    else d.put('ICMP ' + text + ', length ' + length);
  }
  if (icmpQuotes(l.type) && has(off, 8 + 20, capEnd)) quote(d, d.layers.length - 1, off + 8, capEnd);
  else d.data(off + 8, length - 8, capEnd, 'ICMP data');
}

/** Decodes the quoted IPv4 packet for the tree, without writing to the line. */
function quote(d: Decoder, icmpIndex: number, off: number, capEnd: number): void {
  const saved = d.quotedBy;
  d.mute++;
  d.quotedBy = icmpIndex;
  if (d.enter(off, capEnd - off, capEnd)) {
    const ipLen = u16(d.b, off + 2);
    d.next.ipv4(d, off, ipLen, Math.min(capEnd, off + ipLen));
    d.leave();
  }
  d.quotedBy = saved;
  d.mute--;
}

/** tcpdump's text for the type, or undefined where it would run out of captured bytes. */
function describe(b: Uint8Array, o: number, cap: number, type: number, code: number): string | undefined {
  const need = (n: number): boolean => has(o, n, cap);
  switch (type) {
    case 0:
    case 8:
      if (!need(8)) return undefined;
      return 'echo ' + (type === 8 ? 'request' : 'reply') + ', id ' + u16(b, o + 4) + ', seq ' + u16(b, o + 6);
    case 3:
      return unreachText(b, o, cap, code);
    case 5: {
      if (!need(28)) return undefined;
      const dst = ipv4At(b, o + 24);
      const gw = ipv4At(b, o + 4);
      const kinds = ['redirect ' + dst + ' to net ', 'redirect ' + dst + ' to host ', 'redirect-tos ' + dst + ' to net ', 'redirect-tos ' + dst + ' to host '];
      return code < 4 ? kinds[code] + gw : 'redirect-#' + code + ' ' + dst + ' to ' + gw;
    }
    case 9:
      return routerAdvert(b, o, cap);
    case 11:
      if (!need(28)) return undefined;
      return code === 0 ? 'time exceeded in-transit' : code === 1 ? 'ip reassembly time exceeded' : 'time exceeded-#' + code;
    case 12:
      if (code !== 0) return 'parameter problem - code ' + code;
      return need(5) ? 'parameter problem - octet ' + b[o + 4] : undefined;
    case 18:
      return need(12) ? 'address mask is 0x' + u32(b, o + 8).toString(16).padStart(8, '0') : undefined;
    case 13:
      return need(8) ? 'time stamp query id ' + u16(b, o + 4) + ' seq ' + u16(b, o + 6) : undefined;
    case 14:
      if (!need(20)) return undefined;
      return 'time stamp reply id ' + u16(b, o + 4) + ' seq ' + u16(b, o + 6) + ': org ' + msOfDay(u32(b, o + 8)) +
        ', recv ' + msOfDay(u32(b, o + 12)) + ', xmit ' + msOfDay(u32(b, o + 16));
    default:
      return TYPE_NAMES.get(type) ?? 'type-#' + type;
  }
}

function unreachText(b: Uint8Array, o: number, cap: number, code: number): string | undefined {
  if (code === 3) {
    if (!has(o, 9, cap)) return undefined;
    const hlen = (b[o + 8] & 0x0f) * 4;
    if (!has(o + 8 + hlen + 2, 2, cap) || !has(o, 28, cap)) return undefined;
    const dport = u16(b, o + 8 + hlen + 2);
    const proto = b[o + 17];
    const dst = ipv4At(b, o + 24);
    if (proto === 6) return dst + ' tcp port ' + dport + ' unreachable';
    if (proto === 17) return dst + ' udp port ' + dport + ' unreachable';
    return dst + ' protocol ' + proto + ' port ' + dport + ' unreachable';
  }
  if (!has(o, 28, cap)) return undefined;
  const dst = ipv4At(b, o + 24);
  if (code === 2) return dst + ' protocol ' + b[o + 17] + ' unreachable';
  if (code === 4) {
    const mtu = u16(b, o + 6);
    return dst + ' unreachable - need to frag' + (mtu !== 0 ? ' (mtu ' + mtu + ')' : '');
  }
  const t = UNREACH[code];
  return t === undefined ? dst + ' unreachable - #' + code : t[0] + dst + t[1];
}

function routerAdvert(b: Uint8Array, o: number, cap: number): string | undefined {
  if (!has(o, 8, cap)) return undefined;
  const life = u16(b, o + 6);
  const two = (n: number): string => String(n).padStart(2, '0');
  let s = 'router advertisement lifetime ';
  s += life < 60 ? String(life) : life < 3600 ? Math.floor(life / 60) + ':' + two(life % 60) : Math.floor(life / 3600) + ':' + two(Math.floor((life % 3600) / 60)) + ':' + two(life % 60);
  const num = b[o + 4];
  s += ' ' + num + ':';
  if (b[o + 5] !== 2) return s + ' [size ' + b[o + 5] + ']';
  for (let i = 0; i < num; i++) {
    const e = o + 8 + 8 * i;
    if (!has(e, 8, cap)) return undefined;
    s += ' {' + ipv4At(b, e) + ' ' + u32(b, e + 4) + '}';
  }
  return s;
}

// ---- tree ----

const TREE_TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'Echo (ping) reply'], [3, 'Destination unreachable'], [4, 'Source quench'], [5, 'Redirect'],
  [8, 'Echo (ping) request'], [9, 'Router advertisement'], [10, 'Router solicitation'], [11, 'Time-to-live exceeded'],
  [12, 'Parameter problem'], [13, 'Timestamp request'], [14, 'Timestamp reply'], [17, 'Address mask request'],
  [18, 'Address mask reply'],
]);

const UNREACH_CODES = [
  'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable', 'Fragmentation needed',
  'Source route failed', 'Destination network unknown', 'Destination host unknown', 'Source host isolated',
  'Network administratively prohibited', 'Host administratively prohibited', 'Network unreachable for TOS',
  'Host unreachable for TOS', 'Communication administratively filtered', 'Host precedence violation',
  'Precedence cutoff in effect',
];

export function icmpTypeName(type: number): string {
  return TREE_TYPES.get(type) ?? 'Unknown type ' + type;
}

export function icmpCodeName(type: number, code: number): string | undefined {
  if (type === 3) return UNREACH_CODES[code];
  if (type === 11) return code === 0 ? 'Time to live exceeded in transit' : code === 1 ? 'Fragment reassembly time exceeded' : undefined;
  if (type === 5) return ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host'][code];
  return undefined;
}

export function treeIcmp(l: IcmpLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const kids: FieldNode[] = [];
  if (l.type < 0) return node('icmp', 'Internet Control Message Protocol [truncated]', o, 0);
  kids.push(leaf('icmp.type', 'Type', o, 1, l.type, l.type + ' (' + icmpTypeName(l.type) + ')'));
  if (l.code >= 0) kids.push(leaf('icmp.code', 'Code', o + 1, 1, l.code, l.code + (icmpCodeName(l.type, l.code) ? ' (' + icmpCodeName(l.type, l.code) + ')' : '')));
  if (has(o, 4, l.capEnd)) kids.push(checksumNode(l, b));
  if (has(o, 8, l.capEnd)) bodyKids(l, b, kids);
  if (l.cut) kids.push(expert('ICMP header cut short', o, Math.max(0, l.capEnd - o)));
  return node('icmp', 'Internet Control Message Protocol', o, Math.max(0, Math.min(8, l.capEnd - o)), undefined, kids);
}

function bodyKids(l: IcmpLayer, b: Uint8Array, kids: FieldNode[]): void {
  const o = l.off;
  switch (l.type) {
    case 0: case 8: case 13: case 14: case 15: case 16: case 17: case 18:
      kids.push(leaf('icmp.ident', 'Identifier (BE)', o + 4, 2, u16(b, o + 4), u16(b, o + 4) + ' (' + hexN(u16(b, o + 4), 4) + ')'));
      kids.push(leaf('icmp.seq', 'Sequence Number (BE)', o + 6, 2, u16(b, o + 6), u16(b, o + 6) + ' (' + hexN(u16(b, o + 6), 4) + ')'));
      return;
    case 3:
      if (l.code === 4) kids.push(leaf('icmp.mtu', 'MTU of next hop', o + 6, 2, u16(b, o + 6)));
      else kids.push(leaf('icmp.unused', 'Unused', o + 4, 4, u32(b, o + 4), hexN(u32(b, o + 4), 8)));
      return;
    case 5:
      kids.push(leaf('icmp.redir_gw', 'Gateway Address', o + 4, 4, ipv4At(b, o + 4)));
      return;
    case 12:
      kids.push(leaf('icmp.pointer', 'Pointer', o + 4, 1, b[o + 4]));
      return;
    default:
      return;
  }
}

function checksumNode(l: IcmpLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const sent = u16(b, o + 2);
  const n = leaf('icmp.checksum', 'Checksum', o + 2, 2, sent, hexN(sent, 4) + ' [unverified]');
  if (l.length < 4 || !has(o, l.length, l.capEnd)) return n;
  const sum = onesSum(b, o, l.length);
  const ok = sum === 0xffff;
  n.label = 'Checksum: ' + hexN(sent, 4) + (ok ? ' [correct]' : ' [incorrect, should be ' + hexN(shouldBe(sent, sum), 4) + ']');
  n.children.push(leaf('icmp.checksum.status', 'Checksum Status', o + 2, 2, ok ? 'Good' : 'Bad'));
  return n;
}
