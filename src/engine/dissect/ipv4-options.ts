// IPv4 options as tree nodes: record route, source routes, timestamp, router alert and the rest by name.

import { expert, has, leaf, node } from './fields';
import { ipv4At } from './format';
import { u32 } from './read';
import type { FieldNode } from './types';

const OPTION_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'End of Options List (EOL)'],
  [1, 'No Operation (NOP)'],
  [7, 'Record Route (RR)'],
  [68, 'Time Stamp (TS)'],
  [130, 'Security (SEC)'],
  [131, 'Loose Source Route (LSR)'],
  [133, 'Extended Security (ESEC)'],
  [136, 'Stream ID (SID)'],
  [137, 'Strict Source Route (SSR)'],
  [148, 'Router Alert (RTRALT)'],
  [25, 'Quick-Start (QS)'],
  [82, 'Traceroute (TR)'],
]);

export function ipv4OptionName(type: number): string {
  return OPTION_NAMES.get(type) ?? 'Unknown (' + type + ')';
}

export function treeIpv4Options(b: Uint8Array, start: number, len: number, capEnd: number): FieldNode {
  const kids: FieldNode[] = [];
  const end = start + len;
  let p = start;
  const names: string[] = [];
  while (p < end) {
    if (!has(p, 1, capEnd)) {
      kids.push(expert('Options cut short by the capture', p, 0));
      break;
    }
    const type = b[p];
    names.push(ipv4OptionName(type).replace(/ \(.*\)$/, ''));
    if (type === 0 || type === 1) {
      kids.push(node('ip.opt.type', 'IP Option - ' + ipv4OptionName(type), p, 1, type));
      p++;
      if (type === 0) break;
      continue;
    }
    if (!has(p, 2, capEnd) || p + 1 >= end) {
      kids.push(expert('Option length missing', p, 1));
      break;
    }
    const olen = b[p + 1];
    if (olen < 2 || p + olen > end) {
      kids.push(expert('Bogus option length ' + olen, p + 1, 1));
      break;
    }
    kids.push(optionNode(b, p, olen, capEnd));
    p += olen;
  }
  return node('ip.options', 'Options: (' + len + ' bytes), ' + names.join(', '), start, Math.max(0, Math.min(len, capEnd - start)), undefined, kids);
}

function optionNode(b: Uint8Array, p: number, olen: number, capEnd: number): FieldNode {
  const type = b[p];
  const kids: FieldNode[] = [
    leaf('ip.opt.type', 'Type', p, 1, type, type + ' (copied ' + (type >> 7) + ', class ' + ((type >> 5) & 3) + ', number ' + (type & 0x1f) + ')'),
    leaf('ip.opt.len', 'Length', p + 1, 1, olen),
  ];
  if (has(p, olen, capEnd)) optionBody(b, p, olen, kids);
  else kids.push(expert('Option cut short by the capture', p, Math.max(0, capEnd - p)));
  return node('ip.opt', 'IP Option - ' + ipv4OptionName(type) + ' (' + olen + ' bytes)', p, Math.max(0, Math.min(olen, capEnd - p)), undefined, kids);
}

function optionBody(b: Uint8Array, p: number, olen: number, kids: FieldNode[]): void {
  switch (b[p]) {
    case 7:
    case 131:
    case 137:
      return routeBody(b, p, olen, kids);
    case 68:
      return timestampBody(b, p, olen, kids);
    case 148:
      if (olen >= 4) kids.push(leaf('ip.opt.ra', 'Router Alert', p + 2, 2, (b[p + 2] << 8) | b[p + 3]));
      return;
    default:
      return;
  }
}

function routeBody(b: Uint8Array, p: number, olen: number, kids: FieldNode[]): void {
  if (olen < 3) return;
  const ptr = b[p + 2];
  kids.push(leaf('ip.opt.ptr', 'Pointer', p + 2, 1, ptr));
  const record = b[p] === 7;
  for (let a = p + 3; a + 4 <= p + olen; a += 4) {
    // Slots from the pointer on are not filled in yet (Wireshark's ip.empty_rt).
    const filled = a - p + 1 < ptr;
    const name = record ? (filled ? 'ip.rec_rt' : 'ip.empty_rt') : 'ip.src_rt';
    const title = record ? (filled ? 'Recorded Route' : 'Empty Route') : 'Source Route';
    kids.push(leaf(name, title, a, 4, ipv4At(b, a), ipv4At(b, a) + (a - p + 1 === ptr ? ' <- (next)' : '')));
  }
}

function timestampBody(b: Uint8Array, p: number, olen: number, kids: FieldNode[]): void {
  if (olen < 4) return;
  kids.push(leaf('ip.opt.ptr', 'Pointer', p + 2, 1, b[p + 2]));
  kids.push(leaf('ip.opt.overflow', 'Overflow', p + 3, 1, b[p + 3] >> 4));
  const flag = b[p + 3] & 0x0f;
  const flagText = flag === 0 ? 'Time stamps only' : flag === 1 ? 'Time stamp and address' : flag === 3 ? 'Time stamps for prespecified addresses' : 'Unknown (' + flag + ')';
  kids.push(leaf('ip.opt.flag', 'Flag', p + 3, 1, flag, flagText));
  const withAddr = flag === 1 || flag === 3;
  const step = withAddr ? 8 : 4;
  for (let a = p + 4; a + step <= p + olen; a += step) {
    if (withAddr) kids.push(leaf('ip.opt.time_stamp_addr', 'Address', a, 4, ipv4At(b, a)));
    kids.push(leaf('ip.opt.time_stamp', 'Time stamp', a + step - 4, 4, u32(b, a + step - 4)));
  }
}
