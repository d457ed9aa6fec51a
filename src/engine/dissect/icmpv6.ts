// ICMPv6 (RFC 4443, ND RFC 4861, MLD): tcpdump's icmp6_print text without -v, quoted packets of error
// messages (tree only), and the tree with neighbour discovery options.

import { shouldBe } from './checksum';
import type { Decoder } from './decoder';
import { expert, has, leaf, node } from './fields';
import { hexN, ipv6At, linkAddrAt } from './format';
import type { IcmpLayer, IpLayer } from './layers';
import { u16, u32 } from './read';
import { transportSum } from './tcp';
import type { FieldNode } from './types';

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'destination unreachable'], [2, 'packet too big'], [3, 'time exceeded in-transit'], [4, 'parameter problem'],
  [128, 'echo request'], [129, 'echo reply'], [130, 'multicast listener query'], [131, 'multicast listener report'],
  [132, 'multicast listener done'], [133, 'router solicitation'], [134, 'router advertisement'],
  [135, 'neighbor solicitation'], [136, 'neighbor advertisement'], [137, 'redirect'], [138, 'router renumbering'],
  [141, 'inverse neighbor solicitation'], [142, 'inverse neighbor advertisement'], [143, 'multicast listener report v2'],
  [144, 'ha discovery request'], [145, 'ha discovery reply'], [146, 'mobile router solicitation'],
  [147, 'mobile router advertisement'], [139, 'node information query'], [140, 'node information reply'],
  [201, 'mtrace message'], [200, 'mtrace response'], [155, 'RPL'],
]);

const UNREACH_CODES = ['unreachable route', ' unreachable prohibited', 'beyond scope', 'unreachable address', 'unreachable port'];
const PARAM_CODES = ['erroneous', 'next header', 'option', 'incomplete header chain'];

/** A step of the line: text so far; `end` stops before ", length"; `cut` means the capture ran out. */
interface Text {
  s: string;
  cut?: boolean;
  end?: boolean;
}

export function decodeIcmp6(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  const l: IcmpLayer = d.push({
    kind: 'icmp6', off, capEnd, cut: !has(off, 4, capEnd), depth: d.depth,
    type: has(off, 1, capEnd) ? b[off] : -1, code: has(off, 2, capEnd) ? b[off + 1] : -1, length,
  });
  if (!has(off, 1, capEnd)) return d.trunc('icmp6', off);
  if (d.talking()) d.put('ICMP6, ' + (TYPE_NAMES.get(l.type) ?? 'unknown icmp6 type (' + l.type + ')'));
  if (!has(off, 2, capEnd)) return d.trunc('icmp6', off);
  if (d.talking()) {
    const t = body(b, off, length, capEnd, l.type, l.code);
    d.put(t.s);
    if (t.cut) d.trunc('icmp6', off);
    else if (!t.end) d.put(', length ' + length);
  }
  if (l.type >= 1 && l.type <= 4 && has(off, 8 + 40, capEnd)) quote(d, d.layers.length - 1, off + 8, capEnd);
}

function quote(d: Decoder, index: number, off: number, capEnd: number): void {
  const saved = d.quotedBy;
  d.mute++;
  d.quotedBy = index;
  if (d.enter(off, capEnd - off, capEnd)) {
    d.next.ipv6(d, off, 40 + u16(d.b, off + 4), capEnd);
    d.leave();
  }
  d.quotedBy = saved;
  d.mute--;
}

function body(b: Uint8Array, o: number, length: number, cap: number, type: number, code: number): Text {
  const need = (n: number): boolean => has(o, n, cap);
  switch (type) {
    case 1:
      return unreach(b, o, cap, code);
    case 2:
      return need(8) ? { s: ', mtu ' + u32(b, o + 4) } : { s: '', cut: true };
    case 3:
      if (code === 0) return need(48) ? { s: ' for ' + ipv6At(b, o + 32) } : { s: '', cut: true };
      return { s: code === 1 ? ' (reassembly)' : ', unknown code (' + code + ')' };
    case 4:
      if (!need(48)) return { s: '', cut: true };
      return { s: code < 4 ? ', ' + PARAM_CODES[code] + ' - octet ' + u32(b, o + 4) : ', code-#' + code };
    case 128:
    case 129:
      return need(8) ? { s: ', id ' + u16(b, o + 4) + ', seq ' + u16(b, o + 6) } : { s: '', cut: true };
    case 130:
      if (length === 24) return mld(b, o, cap);
      if (length >= 28) return mldv2Query(b, o, length, cap);
      return { s: ' unknown-version (len ' + length + ') ' };
    case 131:
    case 132:
      return mld(b, o, cap);
    case 135:
      return need(24) ? { s: ', who has ' + ipv6At(b, o + 8) } : { s: '', cut: true };
    case 136:
      return need(24) ? { s: ', tgt is ' + ipv6At(b, o + 8) } : { s: '', cut: true };
    case 137:
      return need(40) ? { s: ', ' + ipv6At(b, o + 24) + ' to ' + ipv6At(b, o + 8) } : { s: '', cut: true };
    case 143:
      if (length < 8) return { s: ' [invalid len ' + length + ']' };
      return need(8) ? { s: ', ' + u16(b, o + 6) + ' group record(s)' } : { s: '', cut: true };
    case 144:
    case 146:
      return need(6) ? { s: ', id 0x' + u16(b, o + 4).toString(16).padStart(4, '0') } : { s: '', cut: true };
    case 133: case 134: case 138: case 139: case 140: case 141: case 142: case 145: case 147: case 155: case 200: case 201:
      return { s: '' };
    default:
      return { s: ', length ' + length, end: true };
  }
}

function unreach(b: Uint8Array, o: number, cap: number, code: number): Text {
  if (code > 4) return { s: ', unknown unreach code (' + code + ')', end: true };
  let s = ', ' + UNREACH_CODES[code];
  const oip = o + 8;
  if (code === 4) {
    const up = upperLayer(b, oip, cap);
    if (up === undefined || !has(oip, 40, cap)) return { s, cut: true };
    const dst = ipv6At(b, oip + 24);
    const dport = u16(b, up.off + 2);
    if (up.proto === 6) s += ', ' + dst + ' tcp port ' + dport;
    else if (up.proto === 17) s += ', ' + dst + ' udp port ' + dport;
    else s += ', ' + dst + ' protocol ' + up.proto + ' port ' + dport + ' unreachable';
    return { s };
  }
  if (!has(oip, 40, cap)) return { s, cut: true };
  if (code === 2) return { s: s + ' ' + ipv6At(b, oip + 24) + ', source address ' + ipv6At(b, oip + 8) };
  return { s: s + ' ' + ipv6At(b, oip + 24) };
}

/** tcpdump's get_upperlayer: walks the quoted packet's extension headers to a TCP/UDP port pair. */
function upperLayer(b: Uint8Array, ip6: number, cap: number): { off: number; proto: number } | undefined {
  if (!has(ip6, 7, cap)) return undefined;
  let nh = b[ip6 + 6];
  let p = ip6 + 40;
  for (let guard = 0; guard < 64 && p < cap; guard++) {
    if (nh === 6 || nh === 17) return has(p, 4, cap) ? { off: p, proto: nh } : undefined;
    if (nh === 0 || nh === 60 || nh === 43) {
      if (!has(p, 2, cap)) return undefined;
      nh = b[p];
      p += (b[p + 1] + 1) << 3;
    } else if (nh === 44) {
      if (!has(p, 4, cap) || (u16(b, p + 2) & 0xfff8) !== 0) return undefined;
      nh = b[p];
      p += 8;
    } else if (nh === 51) {
      if (!has(p, 2, cap)) return undefined;
      nh = b[p];
      p += (b[p + 1] + 2) << 2;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function mld(b: Uint8Array, o: number, cap: number): Text {
  if (!has(o, 24, cap)) return { s: '' };
  return { s: 'max resp delay: ' + u16(b, o + 4) + ' addr: ' + ipv6At(b, o + 8) };
}

function mldv2Query(b: Uint8Array, o: number, length: number, cap: number): Text {
  if (!has(o, 28, cap)) return { s: ' v2', cut: true };
  let s = ' v2 [gaddr ' + ipv6At(b, o + 8);
  const nsrcs = u16(b, o + 26);
  if (nsrcs > 0) s += length < 28 + nsrcs * 16 ? ' [invalid number of sources]' : ', ' + nsrcs + ' source(s)';
  return { s: s + ']' };
}

// ---- tree ----

const TREE_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'Destination Unreachable'], [2, 'Packet Too Big'], [3, 'Time Exceeded'], [4, 'Parameter Problem'],
  [128, 'Echo (ping) request'], [129, 'Echo (ping) reply'], [130, 'Multicast Listener Query'],
  [131, 'Multicast Listener Report'], [132, 'Multicast Listener Done'], [133, 'Router Solicitation'],
  [134, 'Router Advertisement'], [135, 'Neighbor Solicitation'], [136, 'Neighbor Advertisement'], [137, 'Redirect'],
  [143, 'Multicast Listener Report Message v2'],
]);

export function icmp6TypeName(type: number): string {
  return TREE_TYPES.get(type) ?? 'Unknown (' + type + ')';
}

const ND_OPTIONS: ReadonlyMap<number, string> = new Map([
  [1, 'Source link-layer address'], [2, 'Target link-layer address'], [3, 'Prefix information'],
  [4, 'Redirected header'], [5, 'MTU'], [7, 'Advertisement Interval'], [14, 'Nonce'], [24, 'Route Information'],
  [25, 'Recursive DNS Server'], [31, 'DNS Search List'], [38, 'PREF64'],
]);

export function treeIcmp6(l: IcmpLayer, b: Uint8Array, ip: IpLayer | undefined): FieldNode {
  const o = l.off;
  const title = 'Internet Control Message Protocol v6';
  if (l.type < 0) return node('icmpv6', title + ' [truncated]', o, 0);
  const kids: FieldNode[] = [leaf('icmpv6.type', 'Type', o, 1, l.type, icmp6TypeName(l.type) + ' (' + l.type + ')')];
  if (l.code >= 0) kids.push(leaf('icmpv6.code', 'Code', o + 1, 1, l.code));
  if (has(o, 4, l.capEnd)) kids.push(checksumNode(l, b, ip));
  let hdr = 4;
  if (has(o, 8, l.capEnd)) hdr = bodyKids(l, b, kids);
  if (l.type >= 133 && l.type <= 137 && l.length > hdr) ndOptions(b, o + hdr, o + Math.min(l.length, l.capEnd - o), kids);
  if (l.cut) kids.push(expert('ICMPv6 header cut short', o, Math.max(0, l.capEnd - o)));
  return node('icmpv6', title, o, Math.max(0, Math.min(hdr, l.capEnd - o)), undefined, kids);
}

/** Type-specific fixed fields; returns where options start (relative). */
function bodyKids(l: IcmpLayer, b: Uint8Array, kids: FieldNode[]): number {
  const o = l.off;
  const cap = l.capEnd;
  switch (l.type) {
    case 128:
    case 129:
      kids.push(leaf('icmpv6.echo.identifier', 'Identifier', o + 4, 2, u16(b, o + 4), hexN(u16(b, o + 4), 4)));
      kids.push(leaf('icmpv6.echo.sequence_number', 'Sequence', o + 6, 2, u16(b, o + 6)));
      return 8;
    case 2:
      kids.push(leaf('icmpv6.mtu', 'MTU', o + 4, 4, u32(b, o + 4)));
      return 8;
    case 4:
      kids.push(leaf('icmpv6.pointer', 'Pointer', o + 4, 4, u32(b, o + 4)));
      return 8;
    case 133:
      return 8;
    case 134:
      kids.push(leaf('icmpv6.nd.ra.cur_hop_limit', 'Cur hop limit', o + 4, 1, b[o + 4]));
      kids.push(leaf('icmpv6.nd.ra.flag', 'Flags', o + 5, 1, b[o + 5], hexN(b[o + 5], 2)));
      kids.push(leaf('icmpv6.nd.ra.router_lifetime', 'Router lifetime (s)', o + 6, 2, u16(b, o + 6)));
      if (has(o, 16, cap)) {
        kids.push(leaf('icmpv6.nd.ra.reachable_time', 'Reachable time (ms)', o + 8, 4, u32(b, o + 8)));
        kids.push(leaf('icmpv6.nd.ra.retrans_timer', 'Retrans timer (ms)', o + 12, 4, u32(b, o + 12)));
      }
      return 16;
    case 135:
    case 136:
      if (l.type === 136) kids.push(leaf('icmpv6.nd.na.flag', 'Flags', o + 4, 4, u32(b, o + 4), hexN(u32(b, o + 4), 8) + naFlags(b[o + 4])));
      if (has(o, 24, cap)) kids.push(leaf('icmpv6.nd.' + (l.type === 135 ? 'ns' : 'na') + '.target_address', 'Target Address', o + 8, 16, ipv6At(b, o + 8)));
      return 24;
    case 137:
      if (has(o, 40, cap)) {
        kids.push(leaf('icmpv6.nd.rd.target_address', 'Target Address', o + 8, 16, ipv6At(b, o + 8)));
        kids.push(leaf('icmpv6.nd.rd.destination_address', 'Destination Address', o + 24, 16, ipv6At(b, o + 24)));
      }
      return 40;
    default:
      return 8;
  }
}

function naFlags(v: number): string {
  const f = [(v & 0x80) !== 0 ? 'Router' : '', (v & 0x40) !== 0 ? 'Solicited' : '', (v & 0x20) !== 0 ? 'Override' : ''].filter(s => s);
  return f.length ? ', ' + f.join(', ') : '';
}

function ndOptions(b: Uint8Array, p: number, end: number, kids: FieldNode[]): void {
  while (p + 2 <= end) {
    const type = b[p];
    const len = b[p + 1] * 8;
    const name = ND_OPTIONS.get(type) ?? 'Unknown (' + type + ')';
    if (len === 0 || p + len > end) {
      kids.push(expert('ND option ' + name + ' has a bad length (' + b[p + 1] + ')', p, Math.max(0, end - p)));
      return;
    }
    const okids: FieldNode[] = [leaf('icmpv6.opt.type', 'Type', p, 1, type, name + ' (' + type + ')'), leaf('icmpv6.opt.length', 'Length', p + 1, 1, b[p + 1], b[p + 1] + ' (' + len + ' bytes)')];
    let shown = '';
    if ((type === 1 || type === 2) && len >= 8) {
      const mac = linkAddrAt(b, p + 2, len === 8 ? 6 : len - 2);
      okids.push(leaf('icmpv6.opt.linkaddr', 'Link-layer address', p + 2, len === 8 ? 6 : len - 2, mac));
      shown = ' : ' + mac;
    } else if (type === 3 && len === 32) {
      okids.push(leaf('icmpv6.opt.prefix.length', 'Prefix Length', p + 2, 1, b[p + 2]));
      okids.push(leaf('icmpv6.opt.prefix.flag', 'Flag', p + 3, 1, b[p + 3], hexN(b[p + 3], 2)));
      okids.push(leaf('icmpv6.opt.prefix.valid_lifetime', 'Valid Lifetime', p + 4, 4, u32(b, p + 4)));
      okids.push(leaf('icmpv6.opt.prefix.preferred_lifetime', 'Preferred Lifetime', p + 8, 4, u32(b, p + 8)));
      okids.push(leaf('icmpv6.opt.prefix', 'Prefix', p + 16, 16, ipv6At(b, p + 16)));
      shown = ' : ' + ipv6At(b, p + 16) + '/' + b[p + 2];
    } else if (type === 5 && len === 8) {
      okids.push(leaf('icmpv6.opt.mtu', 'MTU', p + 4, 4, u32(b, p + 4)));
      shown = ' : ' + u32(b, p + 4);
    } else if (type === 25 && len >= 24) {
      okids.push(leaf('icmpv6.opt.rdnss.lifetime', 'Lifetime', p + 4, 4, u32(b, p + 4)));
      for (let a = p + 8; a + 16 <= p + len; a += 16) okids.push(leaf('icmpv6.opt.rdnss', 'Recursive DNS Servers', a, 16, ipv6At(b, a)));
    }
    kids.push(node('icmpv6.opt', 'ICMPv6 Option (' + name + shown + ')', p, len, undefined, okids));
    p += len;
  }
}

function checksumNode(l: IcmpLayer, b: Uint8Array, ip: IpLayer | undefined): FieldNode {
  const o = l.off;
  const sent = u16(b, o + 2);
  const n = leaf('icmpv6.checksum', 'Checksum', o + 2, 2, sent, hexN(sent, 4) + ' [unverified]');
  if (ip === undefined || ip.kind !== 'ipv6' || l.length < 4 || !has(o, l.length, l.capEnd)) return n;
  const sum = transportSum(b, ip, 58, o, l.length);
  const ok = sum === 0xffff;
  n.label = 'Checksum: ' + hexN(sent, 4) + (ok ? ' [correct]' : ' [incorrect, should be ' + hexN(shouldBe(sent, sum), 4) + ']');
  n.children.push(leaf('icmpv6.checksum.status', 'Checksum Status', o + 2, 2, ok ? 'Good' : 'Bad'));
  return n;
}
