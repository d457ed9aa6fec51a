// IPv6 (RFC 8200): tcpdump's ip6_print walk over extension headers into the payload, and the header tree.

import type { Decoder } from './decoder';
import { bitLeaf, expert, has, leaf, node, withKids } from './fields';
import { ipv6At } from './format';
import { dsFieldKids, dsText } from './ipv4';
import { decodeDstopt, decodeFrag6, decodeHbh, decodeRt6 } from './ipv6-ext';
import type { Ipv6Layer } from './layers';
import {
  IPPROTO_DCCP, IPPROTO_DSTOPTS, IPPROTO_FRAGMENT, IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_SCTP, IPPROTO_TCP,
  IPPROTO_UDP, ipProtoName,
} from './names';
import { u16, u32 } from './read';
import type { FieldNode } from './types';

export const IP6_HLEN = 40;

export function decodeIpv6(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  if (!has(off, IP6_HLEN, capEnd)) {
    d.push({ kind: 'ipv6', off, capEnd, cut: true, depth: d.depth, plen: 0, nh: -1, hlim: 0 });
    d.trunc('ip6', off);
    return;
  }
  const l: Ipv6Layer = d.push({ kind: 'ipv6', off, capEnd, cut: false, depth: d.depth, plen: u16(b, off + 4), nh: b[off + 6], hlim: b[off + 7] });
  if (length < IP6_HLEN) return d.put('truncated-ip6 ' + length);
  d.put('IP6 ');
  if (b[off] >> 4 !== 6) return d.put('version error: ' + (b[off] >> 4) + ' != 6');
  let len: number;
  if (l.plen !== 0) {
    len = l.plen + IP6_HLEN;
    if (length < len) d.put('truncated-ip6 - ' + (len - length) + ' bytes missing!');
  } else {
    len = length + IP6_HLEN; // tcpdump's provisional length while it looks for a Jumbo Payload option
  }
  capEnd = Math.min(capEnd, off + len);
  l.capEnd = capEnd;
  walkIpv6(d, l, off + IP6_HLEN, l.nh, len - IP6_HLEN, capEnd, false);
}

/**
 * The extension-header loop of ip6_print from the header of type `nh` at `cp` (`len` payload bytes from
 * there); hands the upper layer to the IP demultiplexer. Also resumes a walk behind AH (muted).
 */
export function walkIpv6(d: Decoder, l: Ipv6Layer, cp: number, nh: number, len: number, capEnd: number, sawExt: boolean): void {
  const b = d.b;
  const off = l.off;
  let fragmented = false;
  for (let guard = 0; guard < 512; guard++) {
    if (cp === off + IP6_HLEN && d.talking() && nh !== IPPROTO_TCP && nh !== IPPROTO_UDP && nh !== IPPROTO_DCCP && nh !== IPPROTO_SCTP) {
      d.put(ipv6At(b, off + 8) + ' > ' + ipv6At(b, off + 24) + ': ');
    }
    let advance: number;
    switch (nh) {
      case IPPROTO_HOPOPTS:
        advance = decodeHbh(d, cp, capEnd);
        break;
      case IPPROTO_DSTOPTS:
        advance = decodeDstopt(d, cp, capEnd);
        break;
      case IPPROTO_FRAGMENT:
        advance = decodeFrag6(d, cp, off, l.plen, capEnd);
        if (advance > 0 && capEnd <= cp + advance) return;
        fragmented = true;
        break;
      case IPPROTO_ROUTING:
        advance = decodeRt6(d, cp, capEnd);
        break;
      default:
        if (l.plen === 0) {
          if (sawExt) return d.trunc('ip6', cp);
          len = 0; // no payload length and no jumbo option: tcpdump looks no further than the header
          capEnd = Math.min(capEnd, off + IP6_HLEN);
        }
        d.next.ipProto(d, nh, cp, len, capEnd, l, fragmented);
        return;
    }
    if (advance < 0) return;
    sawExt = true;
    nh = b[cp];
    if (len < advance) return d.trunc('ip6', cp + advance);
    cp += advance;
    len -= advance;
  }
}

export function treeIpv6(l: Ipv6Layer, b: Uint8Array): FieldNode {
  const o = l.off;
  if (l.cut) return partialIpv6(l, b);
  const word = u32(b, o);
  const tc = (word >>> 20) & 0xff;
  const src = ipv6At(b, o + 8);
  const dst = ipv6At(b, o + 24);
  const kids: FieldNode[] = [
    bitLeaf('ipv6.version', 'Version', o, 1, 0xf0, b[o]),
    withKids(bitLeaf('ipv6.tclass', 'Traffic Class', o, 4, 0x0ff00000, word, dsText(tc)), dsFieldKids('ipv6.tclass', o, 4, 0x0ff00000, 20, word)),
    bitLeaf('ipv6.flow', 'Flow Label', o, 4, 0x000fffff, word, '0x' + (word & 0xfffff).toString(16).padStart(5, '0')),
    leaf('ipv6.plen', 'Payload Length', o + 4, 2, l.plen),
    leaf('ipv6.nxt', 'Next Header', o + 6, 1, l.nh, ipProtoName(l.nh) + ' (' + l.nh + ')'),
    leaf('ipv6.hlim', 'Hop Limit', o + 7, 1, l.hlim),
    leaf('ipv6.src', 'Source Address', o + 8, 16, src),
    leaf('ipv6.dst', 'Destination Address', o + 24, 16, dst),
  ];
  return node('ipv6', 'Internet Protocol Version 6, Src: ' + src + ', Dst: ' + dst, o, IP6_HLEN, undefined, kids);
}

/** The fields of a header the capture cut before 40 bytes, as far as they go. */
function partialIpv6(l: Ipv6Layer, b: Uint8Array): FieldNode {
  const o = l.off;
  const got = Math.max(0, l.capEnd - o);
  const kids: FieldNode[] = [];
  if (got >= 1) kids.push(bitLeaf('ipv6.version', 'Version', o, 1, 0xf0, b[o]));
  if (got >= 6) kids.push(leaf('ipv6.plen', 'Payload Length', o + 4, 2, u16(b, o + 4)));
  if (got >= 7) kids.push(leaf('ipv6.nxt', 'Next Header', o + 6, 1, b[o + 6], ipProtoName(b[o + 6]) + ' (' + b[o + 6] + ')'));
  if (got >= 8) kids.push(leaf('ipv6.hlim', 'Hop Limit', o + 7, 1, b[o + 7]));
  if (got >= 24) kids.push(leaf('ipv6.src', 'Source Address', o + 8, 16, ipv6At(b, o + 8)));
  kids.push(expert('IPv6 header cut short after ' + got + ' bytes', o, got));
  return node('ipv6', 'Internet Protocol Version 6 [truncated]', o, got, undefined, kids);
}
