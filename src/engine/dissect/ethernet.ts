// Ethernet II / IEEE 802.3 framing: the 14-byte header, then the type chain (tags, LLC or ethertype).

import type { Decoder } from './decoder';
import { has, leaf, node } from './fields';
import { macAt } from './format';
import type { EthLayer } from './layers';
import { ethertypeText } from './names';
import { u16 } from './read';
import type { FieldNode } from './types';
import { decodeTypeChain } from './vlan';

export const ETH_HLEN = 14;

export function decodeEthernet(d: Decoder, off: number, length: number, capEnd: number): void {
  if (capEnd - off < ETH_HLEN || length < ETH_HLEN) {
    d.push({ kind: 'eth', off, capEnd, cut: true, depth: d.depth, type: -1 });
    d.trunc('ether', off);
    return;
  }
  const type = u16(d.b, off + 12);
  d.push({ kind: 'eth', off, capEnd, cut: false, depth: d.depth, type });
  decodeTypeChain(d, off + ETH_HLEN, type, length - ETH_HLEN, capEnd, off, length);
}

export function treeEthernet(l: EthLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const kids: FieldNode[] = [];
  if (has(o, 6, l.capEnd)) kids.push(leaf('eth.dst', 'Destination', o, 6, macAt(b, o)));
  if (has(o + 6, 6, l.capEnd)) kids.push(leaf('eth.src', 'Source', o + 6, 6, macAt(b, o + 6)));
  if (l.cut) {
    return node('eth', 'Ethernet II [truncated]', o, Math.max(0, Math.min(ETH_HLEN, l.capEnd - o)), undefined, kids);
  }
  const is8023 = l.type <= 1500;
  if (is8023) kids.push(leaf('eth.len', 'Length', o + 12, 2, l.type));
  else kids.push(leaf('eth.type', 'Type', o + 12, 2, l.type, ethertypeText(l.type)));
  const title = (is8023 ? 'IEEE 802.3 Ethernet' : 'Ethernet II') + ', Src: ' + macAt(b, o + 6) + ', Dst: ' + macAt(b, o);
  return node('eth', title, o, ETH_HLEN, undefined, kids);
}
