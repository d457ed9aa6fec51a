// Small constructors for field-tree nodes, and the "is it captured" test the tree builders share.

import type { FieldNode } from './types';

export function node(
  name: string,
  label: string,
  start: number,
  length: number,
  value?: string | number | boolean,
  children: FieldNode[] = [],
): FieldNode {
  const n: FieldNode = { name, label, start, length, children };
  if (value !== undefined) n.value = value;
  return n;
}

/** A leaf "Title: shown" whose value is `value` (shown defaults to the value). */
export function leaf(
  name: string,
  title: string,
  start: number,
  length: number,
  value: string | number | boolean,
  shown?: string,
): FieldNode {
  return node(name, title + ': ' + (shown ?? String(value)), start, length, value);
}

/** A bit field (mask up to 32 bits) inside `length` bytes at `start`, labelled like Wireshark's ".... 0101 = ". */
export function bitLeaf(
  name: string,
  title: string,
  start: number,
  length: number,
  mask: number,
  raw: number,
  shown?: string,
): FieldNode {
  const value = bitValue(raw, mask);
  let pattern = '';
  for (let i = length * 8 - 1; i >= 0; i--) {
    const bit = (1 << i) >>> 0;
    pattern += (mask & bit) !== 0 ? ((raw & bit) !== 0 ? '1' : '0') : '.';
    if (i % 4 === 0 && i !== 0) pattern += ' ';
  }
  const n = node(name, pattern + ' = ' + title + ': ' + (shown ?? String(value)), start, length, value);
  n.bitMask = mask >>> 0;
  return n;
}

/** The masked value shifted down to bit 0. */
export function bitValue(raw: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return ((raw & mask) >>> 0) >>> shift;
}

/** Attaches children to a node and returns it. */
export function withKids(n: FieldNode, kids: FieldNode[]): FieldNode {
  n.children = kids;
  return n;
}

/** A note on a malformed or cut header (Wireshark's expert info). */
export function expert(message: string, start: number, length: number): FieldNode {
  return node('_ws.expert', message, start, length, message);
}

/** Whether `n` bytes at `off` are captured before `capEnd`. */
export function has(off: number, n: number, capEnd: number): boolean {
  return off + n <= capEnd;
}
