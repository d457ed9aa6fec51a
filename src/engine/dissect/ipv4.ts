// IPv4 (RFC 791): tcpdump's ip_print checks and demultiplexing, and the header tree.

import { onesSum, shouldBe } from './checksum';
import type { Decoder } from './decoder';
import { bitLeaf, expert, has, leaf, node, withKids } from './fields';
import { hexN, ipv4At } from './format';
import { treeIpv4Options } from './ipv4-options';
import type { Ipv4Layer } from './layers';
import { IPPROTO_DCCP, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, ipProtoName } from './names';
import { u16 } from './read';
import type { FieldNode } from './types';

export function decodeIpv4(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  if (!has(off, 1, capEnd)) {
    pushCut(d, off, capEnd);
    d.trunc('ip', off);
    return;
  }
  const version = b[off] >> 4;
  if (version !== 4) {
    d.put((version === 6 ? 'IP6, wrong link-layer encapsulation' : 'IP' + version) + ' (invalid)');
    d.data(off, length, capEnd, 'bad IP version ' + version);
    return;
  }
  d.put('IP ');
  if (!has(off, 20, capEnd)) {
    pushCut(d, off, capEnd);
    d.trunc('ip', off);
    return;
  }
  const hlen = (b[off] & 0x0f) * 4;
  const l: Ipv4Layer = d.push({
    kind: 'ipv4', off, capEnd, cut: false, depth: d.depth,
    hlen, totalLen: u16(b, off + 2), proto: b[off + 9], ttl: b[off + 8], id: u16(b, off + 4), frag: u16(b, off + 6),
  });
  if (length < 20) return d.put('truncated-ip ' + length);
  if (hlen < 20) return d.put('bad-hlen ' + hlen);
  let len = l.totalLen;
  if (length < len) d.put('truncated-ip - ' + (len - length) + ' bytes missing! ');
  if (len < hlen) return d.put('bad-len ' + len);
  capEnd = Math.min(capEnd, off + len);
  l.capEnd = capEnd;
  len -= hlen;
  const talk = d.talking();
  if ((l.frag & 0x1fff) !== 0) {
    if (talk) d.put(ipv4At(b, off + 12) + ' > ' + ipv4At(b, off + 16) + ': ip-proto-' + l.proto);
    d.data(off + hlen, len, capEnd, 'IPv4 fragment');
    return;
  }
  const p = l.proto;
  if (talk && p !== IPPROTO_TCP && p !== IPPROTO_UDP && p !== IPPROTO_SCTP && p !== IPPROTO_DCCP) {
    d.put(ipv4At(b, off + 12) + ' > ' + ipv4At(b, off + 16) + ': ');
  }
  if (!has(off, hlen, capEnd)) {
    l.cut = true;
    d.put(' [remaining caplen(' + Math.max(0, capEnd - off) + ') < header length(' + hlen + ')]');
    d.trunc('ip', off);
    return;
  }
  d.next.ipProto(d, p, off + hlen, len, capEnd, l, (l.frag & 0x2000) !== 0);
}

function pushCut(d: Decoder, off: number, capEnd: number): void {
  d.push({ kind: 'ipv4', off, capEnd, cut: true, depth: d.depth, hlen: 0, totalLen: 0, proto: -1, ttl: 0, id: 0, frag: 0 });
}

const DSCP_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'CS0'], [8, 'CS1'], [16, 'CS2'], [24, 'CS3'], [32, 'CS4'], [40, 'CS5'], [48, 'CS6'], [56, 'CS7'],
  [10, 'AF11'], [12, 'AF12'], [14, 'AF13'], [18, 'AF21'], [20, 'AF22'], [22, 'AF23'], [26, 'AF31'],
  [28, 'AF32'], [30, 'AF33'], [34, 'AF41'], [36, 'AF42'], [38, 'AF43'], [44, 'VOICE-ADMIT'], [46, 'EF'], [1, 'LE'],
]);
const ECN_NAMES = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];

/** The DS field subtree shared with IPv6's traffic class. */
export function dsFieldKids(prefix: string, start: number, len: number, mask: number, shift: number, raw: number): FieldNode[] {
  const ds = (raw >>> shift) & 0xff;
  const dscp = ds >> 2;
  return [
    bitLeaf(prefix + '.dscp', 'Differentiated Services Codepoint', start, len, (mask & ~(3 << shift)) >>> 0, raw, (DSCP_NAMES.get(dscp) ?? 'Unknown') + ' (' + dscp + ')'),
    bitLeaf(prefix + '.ecn', 'Explicit Congestion Notification', start, len, (3 << shift) >>> 0, raw, ECN_NAMES[ds & 3] + ' (' + (ds & 3) + ')'),
  ];
}

export function dsText(ds: number): string {
  return hexN(ds, 2) + ' (DSCP: ' + (DSCP_NAMES.get(ds >> 2) ?? 'Unknown') + ', ECN: ' + ECN_NAMES[ds & 3] + ')';
}

export function treeIpv4(l: Ipv4Layer, b: Uint8Array): FieldNode {
  const o = l.off;
  if (l.cut && l.hlen === 0) return partialIpv4(l, b);
  const src = ipv4At(b, o + 12);
  const dst = ipv4At(b, o + 16);
  const flags = b[o + 6];
  const fragBytes = (l.frag & 0x1fff) * 8;
  const flagNames = [(flags & 0x40) !== 0 ? "Don't fragment" : '', (flags & 0x20) !== 0 ? 'More fragments' : ''].filter(s => s !== '');
  const kids: FieldNode[] = [
    bitLeaf('ip.version', 'Version', o, 1, 0xf0, b[o]),
    { ...bitLeaf('ip.hdr_len', 'Header Length', o, 1, 0x0f, b[o], l.hlen + ' bytes (' + (l.hlen / 4) + ')'), value: l.hlen },
    node('ip.dsfield', 'Differentiated Services Field: ' + dsText(b[o + 1]), o + 1, 1, b[o + 1], dsFieldKids('ip.dsfield', o + 1, 1, 0xff, 0, b[o + 1])),
    leaf('ip.len', 'Total Length', o + 2, 2, l.totalLen),
    leaf('ip.id', 'Identification', o + 4, 2, l.id, hexN(l.id, 4) + ' (' + l.id + ')'),
    withKids(bitLeaf('ip.flags', 'Flags', o + 6, 1, 0xe0, flags, hexN(flags >> 5, 1) + (flagNames.length ? ', ' + flagNames.join(', ') : '')), [
      bitLeaf('ip.flags.rb', 'Reserved bit', o + 6, 1, 0x80, flags, (flags & 0x80) !== 0 ? 'Set' : 'Not set'),
      bitLeaf('ip.flags.df', "Don't fragment", o + 6, 1, 0x40, flags, (flags & 0x40) !== 0 ? 'Set' : 'Not set'),
      bitLeaf('ip.flags.mf', 'More fragments', o + 6, 1, 0x20, flags, (flags & 0x20) !== 0 ? 'Set' : 'Not set'),
    ]),
    bitLeaf('ip.frag_offset', 'Fragment Offset', o + 6, 2, 0x1fff, l.frag, (l.frag & 0x1fff) + ' (' + fragBytes + ' bytes)'),
    leaf('ip.ttl', 'Time to Live', o + 8, 1, l.ttl),
    leaf('ip.proto', 'Protocol', o + 9, 1, l.proto, ipProtoName(l.proto) + ' (' + l.proto + ')'),
    checksumNode(l, b),
    leaf('ip.src', 'Source Address', o + 12, 4, src),
    leaf('ip.dst', 'Destination Address', o + 16, 4, dst),
  ];
  if (l.hlen < 20) kids.push(expert('Bogus IPv4 header length (' + l.hlen + ', must be at least 20)', o, 1));
  else if (l.hlen > 20) kids.push(treeIpv4Options(b, o + 20, l.hlen - 20, l.capEnd));
  if (l.totalLen < l.hlen) kids.push(expert('Bogus IPv4 total length (' + l.totalLen + ')', o + 2, 2));
  return node('ip', 'Internet Protocol Version 4, Src: ' + src + ', Dst: ' + dst, o, Math.max(20, Math.min(l.hlen, l.capEnd - o)), undefined, kids);
}

function checksumNode(l: Ipv4Layer, b: Uint8Array): FieldNode {
  const o = l.off;
  const sent = u16(b, o + 10);
  if (l.hlen < 20 || !has(o, l.hlen, l.capEnd)) return leaf('ip.checksum', 'Header Checksum', o + 10, 2, sent, hexN(sent, 4) + ' [unverified]');
  const sum = onesSum(b, o, l.hlen);
  const ok = sum === 0xffff;
  const note = ok ? ' [correct]' : ' [incorrect, should be ' + hexN(shouldBe(sent, sum), 4) + ']';
  const n = leaf('ip.checksum', 'Header Checksum', o + 10, 2, sent, hexN(sent, 4) + note);
  n.children.push(leaf('ip.checksum.status', 'Header checksum status', o + 10, 2, ok ? 'Good' : 'Bad'));
  return n;
}

/** The fields of a header the capture cut before 20 bytes, as far as they go. */
function partialIpv4(l: Ipv4Layer, b: Uint8Array): FieldNode {
  const o = l.off;
  const got = Math.max(0, l.capEnd - o);
  const kids: FieldNode[] = [];
  const at = (start: number, len: number, make: () => FieldNode): void => {
    if (start + len <= got) kids.push(make());
  };
  at(0, 1, () => bitLeaf('ip.version', 'Version', o, 1, 0xf0, b[o]));
  at(0, 1, () => ({ ...bitLeaf('ip.hdr_len', 'Header Length', o, 1, 0x0f, b[o], (b[o] & 15) * 4 + ' bytes'), value: (b[o] & 15) * 4 }));
  at(1, 1, () => leaf('ip.dsfield', 'Differentiated Services Field', o + 1, 1, b[o + 1], dsText(b[o + 1])));
  at(2, 2, () => leaf('ip.len', 'Total Length', o + 2, 2, u16(b, o + 2)));
  at(4, 2, () => leaf('ip.id', 'Identification', o + 4, 2, u16(b, o + 4), hexN(u16(b, o + 4), 4)));
  at(6, 1, () => bitLeaf('ip.flags', 'Flags', o + 6, 1, 0xe0, b[o + 6], hexN(b[o + 6] >> 5, 1)));
  at(6, 2, () => bitLeaf('ip.frag_offset', 'Fragment Offset', o + 6, 2, 0x1fff, u16(b, o + 6)));
  at(8, 1, () => leaf('ip.ttl', 'Time to Live', o + 8, 1, b[o + 8]));
  at(9, 1, () => leaf('ip.proto', 'Protocol', o + 9, 1, b[o + 9], ipProtoName(b[o + 9]) + ' (' + b[o + 9] + ')'));
  at(10, 2, () => leaf('ip.checksum', 'Header Checksum', o + 10, 2, u16(b, o + 10), hexN(u16(b, o + 10), 4) + ' [unverified]'));
  at(12, 4, () => leaf('ip.src', 'Source Address', o + 12, 4, ipv4At(b, o + 12)));
  kids.push(expert('IPv4 header cut short after ' + got + ' bytes', o, got));
  return node('ip', 'Internet Protocol Version 4 [truncated]', o, got, undefined, kids);
}
