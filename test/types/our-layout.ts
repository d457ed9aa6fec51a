// Layouts as OUR type engine computes them, in the shape test/support/clang-layout.ts reads from BTF, so the
// two can be compared member by member. Probes are globals (`struct X __probe_N;`) compiled by the front end.

import type { FrontendResult } from '../../src/engine/frontend';
import { alignOf, CType, sizeOf, strip } from '../../src/engine/types/ctype';
import type { MemberLayout, StructLayout } from '../support/clang-layout';
import { compileText, errorsOf } from '../support/frontend';

/** The record behind a type, when it is an anonymous struct/union (clang-layout flattens those). */
function anonRecord(t: CType): Extract<CType, { k: 'record' }> | undefined {
  const s = strip(t);
  return s.k === 'record' && s.rec.name === undefined ? s : undefined;
}

/**
 * Leaf members with absolute bit offsets. Naming follows clang-layout.ts: an anonymous member adds nothing to
 * the path, a named member of anonymous record type adds "name.". Unnamed bitfields are left out, as clang
 * leaves them out of BTF.
 */
export function flattenMembers(t: CType, baseBits = 0, prefix = ''): MemberLayout[] {
  const s = strip(t);
  if (s.k !== 'record' || !s.rec.fields) return [];
  const out: MemberLayout[] = [];
  for (const f of s.rec.fields) {
    // Bitfield offsets are from the start of the record the field is declared in.
    const bits = baseBits + (f.bitOffset ?? f.offset * 8);
    const inner = anonRecord(f.type);
    if (inner && f.bitWidth === undefined) {
      out.push(...flattenMembers(inner, bits, f.name === undefined ? prefix : `${prefix}${f.name}.`));
      continue;
    }
    if (f.name === undefined) continue;
    out.push({ name: prefix + f.name, bitOffset: bits, bitSize: f.bitWidth ?? 0, byteSize: memberBytes(f.type) });
  }
  return out;
}

/** Size, alignment and flattened members of one record type. */
export function ourLayout(t: CType): StructLayout {
  return { size: sizeOf(t) ?? -1, align: alignOf(t), members: flattenMembers(t) };
}

/** `struct iphdr` for "iphdr", `union tcp_word_hdr` for "union tcp_word_hdr". */
export function recordSpelling(name: string): string {
  return name.startsWith('union ') ? name : `struct ${name}`;
}

export interface OurLayouts {
  layouts: Map<string, StructLayout>;
  errors: string[];
}

/** Compiles `source` plus one probe global per record with our front end and reads each record's layout. */
export async function ourLayouts(source: string, records: readonly string[]): Promise<OurLayouts> {
  const probes = records.map((r, i) => `${recordSpelling(r)} __probe_${i};`).join('\n');
  const fr: FrontendResult = await compileText(`${source}\n${probes}\n`);
  const layouts = new Map<string, StructLayout>();
  records.forEach((r, i) => {
    const g = fr.module.globals.find((x) => x.name === `__probe_${i}`);
    if (g) layouts.set(r, ourLayout(g.type));
  });
  return { layouts, errors: errorsOf(fr) };
}

/** A member's size as BTF states it: a flexible array member (`T x[]`) takes 0 bytes. */
function memberBytes(t: CType): number {
  const s = strip(t);
  if (s.k === 'array' && s.len === undefined) return 0;
  return sizeOf(t) ?? -1;
}
