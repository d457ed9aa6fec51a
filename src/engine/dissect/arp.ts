// ARP and RARP (RFC 826 / RFC 903): tcpdump's one-liners and the field tree.

import type { Decoder } from './decoder';
import { has, leaf, node } from './fields';
import { hexN, ipv4At, linkAddrAt } from './format';
import type { ArpLayer } from './layers';
import { ethertypeName, ethertypeText } from './names';
import { u16 } from './read';
import type { FieldNode } from './types';

const OP_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'Request'],
  [2, 'Reply'],
  [3, 'Reverse Request'],
  [4, 'Reverse Reply'],
  [8, 'Inverse Request'],
  [9, 'Inverse Reply'],
  [10, 'NACK Reply'],
]);

/** Operations tcpdump spells out; others get the name and a hex dump. */
const PRINTED_OPS: ReadonlySet<number> = new Set([1, 2, 3, 4, 8, 9]);

const HRD_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'Ethernet'],
  [6, 'TokenRing'],
  [7, 'ArcNet'],
  [15, 'FrameRelay'],
  [19, 'ATM (RFC 2225)'],
  [23, 'STRIP'],
  [24, 'IEEE 1394'],
]);

const ARP_FIXED = 8;

export function decodeArp(d: Decoder, off: number, length: number, capEnd: number): void {
  const b = d.b;
  if (!has(off, ARP_FIXED, capEnd)) {
    d.push({ kind: 'arp', off, capEnd, cut: true, depth: d.depth, hrd: 0, pro: 0, hln: 0, pln: 0, op: 0 });
    d.trunc('arp', off);
    return;
  }
  const l: ArpLayer = d.push({
    kind: 'arp', off, capEnd, cut: false, depth: d.depth,
    hrd: u16(b, off), pro: u16(b, off + 2), hln: b[off + 4], pln: b[off + 5], op: u16(b, off + 6),
  });
  if (!has(off, arpLength(l), capEnd)) {
    l.cut = true;
    d.trunc('arp', off);
    return;
  }
  if (!d.talking()) return;
  d.put('ARP, ');
  const ipv4 = (l.pro === 0x0800 || l.pro === 0x1000) && l.pln === 4;
  if (!ipv4 || l.hln === 0) {
    const hrd = HRD_NAMES.get(l.hrd) ?? 'Unknown Hardware (' + l.hrd + ')';
    const pro = ethertypeName(l.pro) ?? 'Unknown Protocol (' + hexN(l.pro, 4) + ')';
    d.put(hrd + ' (len ' + l.hln + '), ' + pro + ' (len ' + l.pln + '), length ' + length);
    return;
  }
  const op = OP_NAMES.get(l.op) ?? 'Unknown (' + l.op + ')';
  if (!PRINTED_OPS.has(l.op)) {
    d.put(op + ' '); // tcpdump hex-dumps the rest
    return;
  }
  d.put(op + ' ' + opText(l, b) + ', length ' + length);
}

function opText(l: ArpLayer, b: Uint8Array): string {
  const sha = linkAddrAt(b, l.off + 8, l.hln);
  const spa = ipv4At(b, l.off + 8 + l.hln);
  const thaOff = l.off + 8 + l.hln + l.pln;
  const tha = linkAddrAt(b, thaOff, l.hln);
  const tpa = ipv4At(b, thaOff + l.hln);
  switch (l.op) {
    case 1:
      return 'who-has ' + tpa + (nonZero(b, thaOff, l.hln) ? ' (' + tha + ')' : '') + ' tell ' + spa;
    case 2:
      return spa + ' is-at ' + sha;
    case 3:
    case 8:
      return 'who-is ' + tha + ' tell ' + sha;
    case 4:
      return tha + ' at ' + tpa;
    default:
      return sha + ' at ' + spa;
  }
}

function nonZero(b: Uint8Array, off: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (b[off + i] !== 0) return true;
  return false;
}

/** Bytes the header occupies with its address fields. */
export function arpLength(l: ArpLayer): number {
  return ARP_FIXED + 2 * l.hln + 2 * l.pln;
}

export function arpOpName(op: number): string {
  return OP_NAMES.get(op) ?? 'Unknown (' + op + ')';
}

export function treeArp(l: ArpLayer, b: Uint8Array): FieldNode {
  const o = l.off;
  const title = 'Address Resolution Protocol';
  if (!has(o, ARP_FIXED, l.capEnd)) return node('arp', title + ' [truncated]', o, Math.max(0, l.capEnd - o));
  const kids: FieldNode[] = [
    leaf('arp.hw.type', 'Hardware type', o, 2, l.hrd, (HRD_NAMES.get(l.hrd) ?? 'Unknown') + ' (' + l.hrd + ')'),
    leaf('arp.proto.type', 'Protocol type', o + 2, 2, l.pro, ethertypeText(l.pro)),
    leaf('arp.hw.size', 'Hardware size', o + 4, 1, l.hln),
    leaf('arp.proto.size', 'Protocol size', o + 5, 1, l.pln),
    leaf('arp.opcode', 'Opcode', o + 6, 2, l.op, arpOpName(l.op).toLowerCase() + ' (' + l.op + ')'),
  ];
  let p = o + 8;
  const addr = (name: string, title: string, len: number, isIp: boolean): void => {
    if (!has(p, len, l.capEnd) || len === 0) {
      p += len;
      return;
    }
    const v = isIp && len === 4 ? ipv4At(b, p) : linkAddrAt(b, p, len);
    kids.push(leaf(name, title, p, len, v));
    p += len;
  };
  const ip = (l.pro === 0x0800 || l.pro === 0x1000) && l.pln === 4;
  addr('arp.src.hw_mac', 'Sender MAC address', l.hln, false);
  addr(ip ? 'arp.src.proto_ipv4' : 'arp.src.proto', 'Sender IP address', l.pln, ip);
  addr('arp.dst.hw_mac', 'Target MAC address', l.hln, false);
  addr(ip ? 'arp.dst.proto_ipv4' : 'arp.dst.proto', 'Target IP address', l.pln, ip);
  const shown = l.op === 1 ? ' (request)' : l.op === 2 ? ' (reply)' : '';
  return node('arp', title + shown, o, Math.min(arpLength(l), l.capEnd - o), undefined, kids);
}
