// IPsec AH (RFC 4302), ESP (RFC 4303) and IPComp (RFC 3173) headers as tcpdump prints them without -v.

import type { Decoder } from './decoder';
import { expert, has, leaf, node } from './fields';
import { hexBytes, hexN } from './format';
import type { AhLayer, EspLayer, IpcompLayer } from './layers';
import { ipProtoName } from './names';
import { u16, u32 } from './read';
import type { FieldNode } from './types';

/** Writes "AH(spi=..,seq=..,icv=..): " and returns the header length, or -1 when cut. */
export function decodeAh(d: Decoder, off: number, capEnd: number): number {
  const b = d.b;
  const l: AhLayer = d.push({ kind: 'ah', off, capEnd, cut: true, depth: d.depth, nh: has(off, 1, capEnd) ? b[off] : -1, hlen: 0 });
  if (!has(off, 2, capEnd)) return ahCut(d, off);
  const sumlen = b[off + 1] << 2;
  l.hlen = 8 + sumlen;
  if (!has(off, 8, capEnd)) return ahCut(d, off);
  d.put('AH(spi=' + hexN(u32(b, off + 4), 8));
  if (!has(off, 12, capEnd)) return ahCut(d, off);
  d.put(',seq=0x' + u32(b, off + 8).toString(16));
  if (!has(off + 8, sumlen, capEnd)) {
    d.put(')');
    return ahCut(d, off);
  }
  d.put(',icv=0x' + hexBytes(b, off + 12, Math.max(0, sumlen - 4)) + '): ');
  l.cut = false;
  return l.hlen;
}

function ahCut(d: Decoder, off: number): number {
  d.trunc('ah', off);
  return -1;
}

export function decodeEsp(d: Decoder, off: number, length: number, capEnd: number): void {
  const cut = off + 8 >= capEnd;
  d.push({ kind: 'esp', off, capEnd, cut, depth: d.depth, length });
  if (cut) return d.trunc('esp', off);
  d.put('ESP(spi=' + hexN(u32(d.b, off), 8) + ',seq=0x' + u32(d.b, off + 4).toString(16) + '), length ' + length);
  d.data(off + 8, length - 8, capEnd, 'ESP payload');
}

export function decodeIpcomp(d: Decoder, off: number, length: number, capEnd: number): void {
  const cut = !has(off, 4, capEnd);
  d.push({ kind: 'ipcomp', off, capEnd, cut, depth: d.depth, nh: has(off, 1, capEnd) ? d.b[off] : -1 });
  if (cut) return d.trunc('ipcomp', off);
  d.put('IPComp(cpi=' + hexN(u16(d.b, off + 2), 4) + ')');
  d.data(off + 4, length - 4, capEnd, 'compressed payload');
}

export function treeAh(l: AhLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const kids: FieldNode[] = [];
  if (has(o, 1, l.capEnd)) kids.push(leaf('ah.next_header', 'Next header', o, 1, b[o], ipProtoName(b[o]) + ' (' + b[o] + ')'));
  if (has(o, 2, l.capEnd)) kids.push(leaf('ah.length', 'Length', o + 1, 1, b[o + 1], b[o + 1] + ' (' + l.hlen + ' bytes)'));
  if (has(o, 8, l.capEnd)) kids.push(leaf('ah.spi', 'AH SPI', o + 4, 4, u32(b, o + 4), hexN(u32(b, o + 4), 8)));
  if (has(o, 12, l.capEnd)) kids.push(leaf('ah.sequence', 'AH Sequence', o + 8, 4, u32(b, o + 8)));
  if (l.hlen > 12 && has(o, l.hlen, l.capEnd)) kids.push(leaf('ah.icv', 'AH ICV', o + 12, l.hlen - 12, hexBytes(b, o + 12, l.hlen - 12)));
  if (l.cut) kids.push(expert('AH header cut short', o, Math.max(0, l.capEnd - o)));
  return node('ah', 'Authentication Header', o, Math.max(0, Math.min(l.hlen, l.capEnd - o)), undefined, kids);
}

export function treeEsp(l: EspLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const kids: FieldNode[] = [];
  if (has(o, 4, l.capEnd)) kids.push(leaf('esp.spi', 'ESP SPI', o, 4, u32(b, o), hexN(u32(b, o), 8)));
  if (has(o, 8, l.capEnd)) kids.push(leaf('esp.sequence', 'ESP Sequence', o + 4, 4, u32(b, o + 4)));
  return node('esp', 'Encapsulating Security Payload', o, Math.max(0, Math.min(8, l.capEnd - o)), undefined, kids);
}

export function treeIpcomp(l: IpcompLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const kids: FieldNode[] = [];
  if (has(o, 1, l.capEnd)) kids.push(leaf('ipcomp.next_header', 'Next Header', o, 1, b[o], ipProtoName(b[o]) + ' (' + b[o] + ')'));
  if (has(o, 4, l.capEnd)) kids.push(leaf('ipcomp.cpi', 'CPI', o + 2, 2, u16(b, o + 2), hexN(u16(b, o + 2), 4)));
  return node('ipcomp', 'IP Payload Compression', o, Math.max(0, Math.min(4, l.capEnd - o)), undefined, kids);
}
