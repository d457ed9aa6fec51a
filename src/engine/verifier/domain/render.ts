// A state as canonical lines, one per C variable of the innermost frame ("iph: packet+14, proven 34"). Variables
// kept in registers show the register; variables on the stack show what is stored in each scalar or pointer
// member ("c.pos: packet+34, proven 34"). Tests, hovers and the debugger all read these lines.

import type { StackSlot } from '../../ir/ir';
import { strip, type CType } from '../../types/ctype';
import { Byte } from './stack';
import type { FrameState, State } from './state';
import { valueToString } from './value';

export interface Line {
  name: string;
  text: string;
}

export function frameLines(st: State, frameIndex = st.frames.length - 1): Line[] {
  const fr = st.frames[frameIndex];
  const rangeOf = st.rangeOf.bind(st);
  const out: Line[] = [];
  const seen = new Set<string>();
  fr.fn.regs.forEach((info, r) => {
    const name = info.name;
    if (!name || seen.has(name)) return;
    const v = fr.regs[r];
    if (v.k === 'uninit') return;
    seen.add(name);
    out.push({ name, text: valueToString(v, rangeOf) });
  });
  for (const slot of fr.fn.slots) {
    if (seen.has(slot.name)) continue;
    seen.add(slot.name);
    for (const m of members(slot.type, slot.name, 0)) {
      const text = slotText(st, fr, slot, m.off, m.size);
      if (text !== undefined) out.push({ name: m.name, text });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function linesToStrings(lines: readonly Line[]): string[] {
  return lines.map(l => `${l.name}: ${l.text}`);
}

interface Member {
  name: string;
  off: number;
  size: number;
}

/** Scalar and pointer members of a stack variable, with their offsets (records one level deep). */
function members(t: CType, name: string, base: number): Member[] {
  const s = strip(t);
  if (s.k === 'int' || s.k === 'ptr' || s.k === 'enum') return [{ name, off: base, size: sizeOf(s) }];
  if (s.k === 'record' && s.rec.fields) {
    return s.rec.fields.flatMap(f => {
      if (!f.name || f.bitWidth !== undefined) return [];
      const fs = strip(f.type);
      if (fs.k === 'record' || fs.k === 'array') return [];
      return [{ name: `${name}.${f.name}`, off: base + f.offset, size: sizeOf(fs) }];
    });
  }
  return [];
}

function sizeOf(t: CType): number {
  if (t.k === 'int') return t.size;
  if (t.k === 'enum') return t.en.base.size;
  return 8;
}

function slotText(st: State, fr: FrameState, slot: StackSlot, off: number, size: number): string | undefined {
  const at = -slot.offset + off;
  const spill = fr.stack.spills.get(at);
  if (spill && spill.size === size) return valueToString(spill.value, st.rangeOf.bind(st));
  const b = fr.stack.byteAt(at);
  if (b === Byte.Uninit) return undefined;
  if (b === Byte.Zero) return 'scalar 0';
  return 'scalar';
}
