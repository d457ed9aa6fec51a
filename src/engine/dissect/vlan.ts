// 802.1Q / 802.1ad tags (any depth), then the 802.3 LLC case or the ethertype of the payload.

import type { Decoder } from './decoder';
import { bitLeaf, has, leaf, node } from './fields';
import { hexN, macAt } from './format';
import type { LlcLayer, VlanLayer } from './layers';
import { ethertypeText, isVlanTpid } from './names';
import { u16 } from './read';
import type { FieldNode } from './types';

/**
 * Decodes what follows an Ethernet type field at `off`. `ethOff`/`frameLen` locate the Ethernet header
 * and its wire length for tcpdump's fallback line on unknown types.
 */
export function decodeTypeChain(
  d: Decoder,
  off: number,
  type: number,
  length: number,
  capEnd: number,
  ethOff: number,
  frameLen: number,
): void {
  while (isVlanTpid(type)) {
    if (capEnd - off < 4 || length < 4) {
      const tci = capEnd - off >= 2 ? u16(d.b, off) : -1;
      d.push({ kind: 'vlan', off, capEnd, cut: true, depth: d.depth, tpid: type, tci, type: -1 });
      d.trunc('vlan', off);
      return;
    }
    const tci = u16(d.b, off);
    const inner = u16(d.b, off + 2);
    d.push({ kind: 'vlan', off, capEnd, cut: false, depth: d.depth, tpid: type, tci, type: inner });
    if (d.talking()) d.put(tciText(tci) + (inner > 1500 ? ', ethertype ' + ethertypeText(inner) : '') + ', ');
    off += 4;
    length -= 4;
    type = inner;
  }
  if (type <= 1500) {
    decodeLlc(d, off, Math.min(length, type), capEnd);
    return;
  }
  if (d.next.ethertype(d, type, off, length, capEnd)) return;
  // tcpdump without -e falls back to the MAC addresses and the type, then a hex dump we leave out.
  if (ethOff >= 0 && has(ethOff, 12, capEnd)) d.put(macAt(d.b, ethOff + 6) + ' > ' + macAt(d.b, ethOff) + ', ');
  d.put('ethertype ' + ethertypeText(type) + ', length ' + frameLen + ': ');
  d.data(off, length, capEnd, 'ethertype ' + hexN(type, 4));
}

function tciText(tci: number): string {
  return 'vlan ' + (tci & 0xfff) + ', p ' + (tci >> 13) + ((tci & 0x1000) !== 0 ? ', DEI' : '');
}

const SAP_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, 'Null'],
  [0x06, 'IP'],
  [0x42, 'STP'],
  [0xaa, 'SNAP'],
  [0xe0, 'IPX'],
  [0xf0, 'NetBeui'],
  [0xfe, 'OSI'],
  [0xff, 'Global'],
]);

function sapText(sap: number): string {
  return (SAP_NAMES.get(sap & 0xfe) ?? 'Unknown') + ' (' + hexN(sap & 0xfe, 2) + ')';
}

/** IEEE 802.3 length frame: the 802.2 LLC header (and SNAP); the payload itself is not decoded. */
function decodeLlc(d: Decoder, off: number, length: number, capEnd: number): void {
  const end = Math.min(capEnd, off + Math.max(0, length));
  d.put('802.3, length ' + length + ': ');
  if (end - off < 3) {
    d.push({ kind: 'llc', off, capEnd: end, cut: true, depth: d.depth, length });
    d.trunc('llc', off);
    return;
  }
  d.push({ kind: 'llc', off, capEnd: end, cut: false, depth: d.depth, length });
  const b = d.b;
  d.put('LLC, dsap ' + sapText(b[off]) + ((b[off] & 1) !== 0 ? ' Group' : ' Individual'));
  d.put(', ssap ' + sapText(b[off + 1]) + ((b[off + 1] & 1) !== 0 ? ' Response' : ' Command'));
  d.put(', ctrl ' + hexN(b[off + 2], 2));
  if (b[off] === 0xaa && b[off + 1] === 0xaa && has(off + 3, 5, end)) {
    const oui = (b[off + 3] << 16) | (b[off + 4] << 8) | b[off + 5];
    d.put(': oui ' + hexN(oui, 8) + ', pid ' + hexN(u16(b, off + 6), 4));
  }
  d.data(off + 3, length - 3, end, 'llc payload');
}

export function treeVlan(l: VlanLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const title = l.tpid === 0x88a8 ? '802.1ad Provider Bridge (Q-in-Q)' : '802.1Q Virtual LAN';
  const tci = l.tci;
  // Wireshark names an 802.1ad S-tag's fields ieee8021ad.*, an 802.1Q tag's vlan.*.
  const pre = l.tpid === 0x88a8 ? 'ieee8021ad' : 'vlan';
  const kids = tci < 0 ? [] : [
    bitLeaf(pre + '.priority', 'Priority', o, 2, 0xe000, tci),
    bitLeaf(pre + '.dei', 'DEI', o, 2, 0x1000, tci),
    bitLeaf(pre + '.id', 'ID', o, 2, 0x0fff, tci),
  ];
  if (l.cut) return node(pre, title + ' [truncated]', o, Math.max(0, l.capEnd - o), undefined, kids);
  kids.push(leaf(l.type <= 1500 ? 'vlan.len' : 'vlan.etype', l.type <= 1500 ? 'Length' : 'Type', o + 2, 2, l.type, l.type <= 1500 ? undefined : ethertypeText(l.type)));
  return node(pre, title + ', PRI: ' + (tci >> 13) + ', DEI: ' + ((tci >> 12) & 1) + ', ID: ' + (tci & 0xfff), o, 4, undefined, kids);
}

export function treeLlc(l: LlcLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  if (l.cut) return node('llc', 'Logical-Link Control [truncated]', o, Math.max(0, l.capEnd - o));
  const kids = [
    leaf('llc.dsap', 'DSAP', o, 1, b[o], sapText(b[o])),
    leaf('llc.ssap', 'SSAP', o + 1, 1, b[o + 1], sapText(b[o + 1])),
    leaf('llc.control', 'Control field', o + 2, 1, b[o + 2], hexN(b[o + 2], 2)),
  ];
  let len = 3;
  if (b[o] === 0xaa && b[o + 1] === 0xaa && has(o + 3, 5, l.capEnd)) {
    const oui = (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5];
    kids.push(leaf('llc.oui', 'Organization Code', o + 3, 3, oui, hexN(oui, 6)));
    kids.push(leaf('llc.pid', 'PID', o + 6, 2, u16(b, o + 6), hexN(u16(b, o + 6), 4)));
    len = 8;
  }
  return node('llc', 'Logical-Link Control', o, len, undefined, kids);
}
