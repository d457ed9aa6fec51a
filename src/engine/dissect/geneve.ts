// Geneve (RFC 8926, UDP 6081): base header, options, then the payload by protocol type (Ethernet or IP).

import type { Decoder } from './decoder';
import { bitLeaf, expert, has, leaf, node } from './fields';
import { hexN } from './format';
import type { GeneveLayer } from './layers';
import { ETH_TEB, ethertypeText } from './names';
import { u16, u24 } from './read';
import type { FieldNode } from './types';

export function decodeGeneve(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  d.put('Geneve');
  if (length < 8 || !has(off, 8, capEnd)) {
    d.push({ kind: 'geneve', off, capEnd, cut: true, depth: d.depth, vni: -1, proto: -1, optLen: 0 });
    if (length < 8) return d.put(' [length ' + length + ' < 8] (invalid)');
    return d.trunc('geneve', off);
  }
  const version = b[off] >> 6;
  const l: GeneveLayer = d.push({ kind: 'geneve', off, capEnd, cut: false, depth: d.depth, vni: u24(b, off + 4), proto: u16(b, off + 2), optLen: (b[off] & 0x3f) * 4 });
  if (version !== 0) return d.put(' ERROR: unknown-version ' + version);
  d.put(', Flags [' + flagText(b[off + 1]) + '], vni 0x' + l.vni.toString(16));
  if (b[off + 7] !== 0) d.put(', rsvd 0x' + b[off + 7].toString(16));
  const rest = length - 8;
  if (rest < l.optLen) return d.put(' truncated-geneve - ' + (l.optLen - rest) + ' bytes missing');
  if (l.optLen > 0) {
    if (!has(off + 8, l.optLen, capEnd)) {
      l.cut = true;
      d.put(', options [');
      return d.trunc('geneve', off);
    }
    d.put(', options [' + l.optLen + ' bytes]');
  }
  d.put(': ');
  const inner = off + 8 + l.optLen;
  const len = rest - l.optLen;
  if (!d.enter(inner, len, capEnd)) return;
  if (!d.next.ethertype(d, l.proto, inner, len, capEnd)) {
    if (l.proto === ETH_TEB) d.next.ether(d, inner, len, capEnd);
    else {
      d.put('geneve-proto-0x' + l.proto.toString(16));
      d.data(inner, len, capEnd, 'Geneve payload');
    }
  }
  d.leave();
}

function flagText(f: number): string {
  const names = ['O', 'C', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6'];
  let s = '';
  for (let i = 0; i < 8; i++) if ((f & (0x80 >> i)) !== 0) s += names[i];
  return s === '' ? 'none' : s;
}

export function treeGeneve(l: GeneveLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const title = 'Generic Network Virtualization Encapsulation';
  if (l.vni < 0) return node('geneve', title + ' [truncated]', o, Math.max(0, l.capEnd - o));
  const kids: FieldNode[] = [
    bitLeaf('geneve.version', 'Version', o, 1, 0xc0, b[o]),
    bitLeaf('geneve.option_len', 'Length', o, 1, 0x3f, b[o], l.optLen + ' bytes'),
    node('geneve.flags', 'Flags: ' + hexN(b[o + 1], 2), o + 1, 1, b[o + 1], [
      bitLeaf('geneve.flags.oam', 'Operations, Administration and Management Frame', o + 1, 1, 0x80, b[o + 1], (b[o + 1] & 0x80) ? 'True' : 'False'),
      bitLeaf('geneve.flags.critical', 'Critical Options Present', o + 1, 1, 0x40, b[o + 1], (b[o + 1] & 0x40) ? 'True' : 'False'),
    ]),
    leaf('geneve.proto_type', 'Protocol Type', o + 2, 2, l.proto, l.proto === ETH_TEB ? 'Transparent Ethernet bridging (0x6558)' : ethertypeText(l.proto)),
    leaf('geneve.vni', 'Virtual Network Identifier (VNI)', o + 4, 3, l.vni, hexN(l.vni, 6)),
  ];
  let p = o + 8;
  const end = Math.min(o + 8 + l.optLen, l.capEnd);
  while (p + 4 <= end) {
    const olen = 4 + (b[p + 3] & 0x1f) * 4;
    const okids = [
      leaf('geneve.option.class', 'Class', p, 2, u16(b, p), hexN(u16(b, p), 4)),
      leaf('geneve.option.type', 'Type', p + 2, 1, b[p + 2], hexN(b[p + 2], 2) + ((b[p + 2] & 0x80) ? ' (critical)' : '')),
      leaf('geneve.option.length', 'Length', p + 3, 1, olen, olen + ' bytes'),
    ];
    kids.push(node('geneve.option', 'Option: class ' + hexN(u16(b, p), 4) + ' type ' + hexN(b[p + 2], 2), p, Math.min(olen, end - p), undefined, okids));
    if (p + olen > o + 8 + l.optLen) {
      kids.push(expert('Option length runs past the options', p + 3, 1));
      break;
    }
    p += olen;
  }
  return node('geneve', title, o, Math.max(0, Math.min(8 + l.optLen, l.capEnd - o)), undefined, kids);
}
