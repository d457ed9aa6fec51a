// Record layout as clang lays it out for -target bpf (the Itanium/SysV rules): fields at their natural
// alignment, bitfields packed into storage units of their declared type without straddling one, `packed`
// dropping alignment, `aligned(N)` raising it.

import { alignOf, CType, Field, sizeOf, strip } from './ctype';

export interface FieldInput {
  name?: string;
  type: CType;
  bitWidth?: number;
  /** From __attribute__((aligned(N))) on the field. */
  alignAttr?: number;
  /** From __attribute__((packed)) on the field. */
  packed?: boolean;
}

export interface LayoutResult {
  fields: Field[];
  size: number;
  align: number;
}

const roundUp = (v: number, a: number): number => (a <= 1 ? v : Math.ceil(v / a) * a);

export function layoutRecord(
  kind: 'struct' | 'union',
  inputs: FieldInput[],
  packed: boolean,
  recordAlignAttr: number | undefined,
): LayoutResult {
  const fields: Field[] = [];
  let bit = 0; // next free bit (struct)
  let maxBits = 0; // union size in bits
  let align = 1;

  for (const f of inputs) {
    const t = strip(f.type);
    const size = sizeOf(t) ?? 0;
    const natural = alignOf(f.type);
    const fieldPacked = packed || !!f.packed;
    let fieldAlign = fieldPacked ? 1 : natural;
    if (f.alignAttr !== undefined) fieldAlign = Math.max(fieldAlign, f.alignAttr);

    if (f.bitWidth !== undefined) {
      const w = f.bitWidth;
      const unitBits = size * 8;
      let start = kind === 'union' ? 0 : bit;
      if (w === 0) {
        // A zero-width bitfield closes the current unit: the next field starts at the type's alignment.
        if (kind === 'struct') bit = roundUp(bit, natural * 8);
        continue;
      }
      if (!fieldPacked && unitBits > 0) {
        const unitStart = Math.floor(start / unitBits) * unitBits;
        if (start + w > unitStart + unitBits) start = roundUp(start, natural * 8);
      }
      if (f.alignAttr !== undefined) start = roundUp(start, f.alignAttr * 8);
      // Unnamed bitfields do not affect the record's alignment (Itanium ABI).
      if (f.name !== undefined) align = Math.max(align, fieldAlign);
      fields.push({ name: f.name, type: f.type, offset: Math.floor(start / 8), bitOffset: start, bitWidth: w });
      if (kind === 'struct') bit = start + w;
      else maxBits = Math.max(maxBits, w);
      continue;
    }

    align = Math.max(align, fieldAlign);
    if (kind === 'union') {
      fields.push({ name: f.name, type: f.type, offset: 0 });
      maxBits = Math.max(maxBits, size * 8);
      continue;
    }
    const offset = roundUp(Math.ceil(bit / 8), fieldAlign);
    fields.push({ name: f.name, type: f.type, offset });
    bit = (offset + size) * 8;
  }

  if (recordAlignAttr !== undefined) align = Math.max(align, recordAlignAttr);
  const bytes = Math.ceil((kind === 'union' ? maxBits : bit) / 8);
  return { fields, size: roundUp(bytes, align), align };
}
