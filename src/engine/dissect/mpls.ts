// MPLS label stack (RFC 3032): entries to the bottom-of-stack bit, then IPv4/IPv6 chosen by the explicit
// null labels or the first nibble, as tcpdump does.

import type { Decoder } from './decoder';
import { bitLeaf, has, node } from './fields';
import type { MplsLayer } from './layers';
import { u32 } from './read';
import type { FieldNode, MplsEntry } from './types';

export function decodeMpls(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  d.put('MPLS');
  const l: MplsLayer = d.push({ kind: 'mpls', off, capEnd, cut: false, depth: d.depth, count: 0 });
  let p = off;
  let entry = 0;
  do {
    if (length < 4) {
      d.put(' (invalid)');
      if (!has(p, Math.max(0, length), capEnd)) d.trunc('mpls', p);
      return;
    }
    if (!has(p, 4, capEnd)) {
      l.cut = true;
      return d.trunc('mpls', p);
    }
    entry = u32(b, p);
    d.put(' (label ' + (entry >>> 12) + ', tc ' + ((entry >>> 9) & 7) + ((entry & 0x100) !== 0 ? ', [S]' : '') + ', ttl ' + (entry & 0xff) + ')');
    l.count++;
    p += 4;
    length -= 4;
  } while ((entry & 0x100) === 0);
  const label = entry >>> 12;
  let version = label === 0 || label === 3 ? 4 : label === 2 ? 6 : 0;
  if (version === 0) {
    if (length < 1) return;
    if (!has(p, 1, capEnd)) return d.trunc('mpls', p);
    const first = b[p];
    version = first >= 0x45 && first <= 0x4f ? 4 : first >= 0x60 && first <= 0x6f ? 6 : 0;
  }
  if (version === 0) return d.data(p, length, capEnd, 'MPLS payload');
  d.put(' ');
  if (version === 4) d.next.ipv4(d, p, length, capEnd);
  else d.next.ipv6(d, p, length, capEnd);
}

export function mplsEntries(l: MplsLayer, b: Uint8Array): MplsEntry[] {
  const out: MplsEntry[] = [];
  for (let i = 0; i < l.count; i++) {
    const e = u32(b, l.off + 4 * i);
    out.push({ label: e >>> 12, tc: (e >>> 9) & 7, bottom: (e & 0x100) !== 0, ttl: e & 0xff });
  }
  return out;
}

export function treeMpls(l: MplsLayer, b: Uint8Array): FieldNode[] {
  return mplsEntries(l, b).map((e, i) => {
    const o = l.off + 4 * i;
    const w = u32(b, o);
    return node('mpls', 'MultiProtocol Label Switching Header, Label: ' + e.label + ', Exp: ' + e.tc + ', S: ' + (e.bottom ? 1 : 0) + ', TTL: ' + e.ttl, o, 4, undefined, [
      bitLeaf('mpls.label', 'MPLS Label', o, 4, 0xfffff000, w),
      bitLeaf('mpls.exp', 'MPLS Experimental Bits', o, 4, 0x00000e00, w),
      bitLeaf('mpls.bottom', 'MPLS Bottom Of Label Stack', o, 4, 0x00000100, w),
      bitLeaf('mpls.ttl', 'MPLS TTL', o, 4, 0x000000ff, w),
    ]);
  });
}
