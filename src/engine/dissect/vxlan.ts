// VXLAN (RFC 7348, UDP 4789): 8-byte header, then an inner Ethernet frame decoded recursively.

import type { Decoder } from './decoder';
import { bitLeaf, has, leaf, node } from './fields';
import type { VxlanLayer } from './layers';
import { u24 } from './read';
import type { FieldNode } from './types';

export const VXLAN_HLEN = 8;

export function decodeVxlan(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  d.put('VXLAN');
  const l: VxlanLayer = d.push({ kind: 'vxlan', off, capEnd, cut: true, depth: d.depth, flags: -1, vni: -1 });
  if (length < VXLAN_HLEN) return d.put(' (invalid)');
  if (!has(off, 1, capEnd)) return d.trunc('vxlan', off);
  l.flags = b[off];
  d.put(', flags [' + ((l.flags & 0x08) !== 0 ? 'I' : 'invalid') + '] (0x' + l.flags.toString(16).padStart(2, '0') + '), ');
  if (!has(off + 4, 3, capEnd)) return d.trunc('vxlan', off);
  l.vni = u24(b, off + 4);
  // tcpdump ends this part with a newline; a one-line summary joins with ": " as for Geneve.
  d.put('vni ' + l.vni + ': ');
  if (!has(off, VXLAN_HLEN, capEnd)) return d.trunc('vxlan', off);
  l.cut = false;
  if (!d.enter(off + VXLAN_HLEN, length - VXLAN_HLEN, capEnd)) return;
  d.next.ether(d, off + VXLAN_HLEN, length - VXLAN_HLEN, capEnd);
  d.leave();
}

export function treeVxlan(l: VxlanLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  if (l.cut || l.vni < 0) return node('vxlan', 'Virtual eXtensible Local Area Network [truncated]', o, Math.max(0, l.capEnd - o));
  return node('vxlan', 'Virtual eXtensible Local Area Network', o, VXLAN_HLEN, undefined, [
    node('vxlan.flags', 'Flags: 0x' + ((b[o] << 8) | b[o + 1]).toString(16).padStart(4, '0'), o, 2, (b[o] << 8) | b[o + 1], [
      bitLeaf('vxlan.flag_i', 'VXLAN Network ID (VNI)', o, 1, 0x08, b[o], (b[o] & 0x08) !== 0 ? 'True' : 'False'),
    ]),
    leaf('vxlan.vni', 'VXLAN Network Identifier (VNI)', o + 4, 3, l.vni),
    leaf('vxlan.reserved8', 'Reserved', o + 7, 1, b[o + 7]),
  ]);
}
