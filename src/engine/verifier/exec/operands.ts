// Reading and writing registers of the current frame, naming values for messages, and updating every copy of a
// value at once (copies share an id).

import type { Operand, Reg } from '../../ir/ir';
import * as uninit from '../checks/uninit';
import { makeDiagnostic } from '../checks/types';
import { Scalar, scalarConst, UNKNOWN, withId } from '../domain/scalar';
import type { State } from '../domain/state';
import type { Value } from '../domain/value';
import { callChain, type Exec } from './env';

/** The value of an operand; a register never written reads as an unknown number after a warning. */
export function operand(x: Exec, o: Operand): Value {
  if ('imm' in o) return scalarConst(o.imm);
  const v = x.st.top.regs[o.r];
  if (v.k !== 'uninit') return v;
  const name = x.st.top.fn.regs[o.r]?.name;
  if (name) {
    x.env.report(makeDiagnostic(uninit.info, x.loc, uninit.registerMessage(name), uninit.REGISTER_KERNEL, { related: callChain(x.st) }));
  }
  return UNKNOWN;
}

/** Like operand(), without reporting: for re-reading a value already checked at this point. */
export function peek(st: State, o: Operand): Value {
  if ('imm' in o) return scalarConst(o.imm);
  const v = st.top.regs[o.r];
  return v.k === 'uninit' ? UNKNOWN : v;
}

export function setReg(x: Exec, r: Reg, v: Value): void {
  x.st.writableTop.regs[r] = v;
}

/** A copy of a scalar shares an id with its source, so learning about one teaches about both. */
export function linkCopy(x: Exec, src: Operand, v: Value): Value {
  if (v.k !== 'scalar' || v.id !== undefined || v.umin === v.umax || !('r' in src)) return v;
  const linked = withId(v, x.env.freshId());
  x.st.writableTop.regs[src.r] = linked;
  return linked;
}

/** Replaces a refined scalar in its register and in every register or spill holding the same value. */
export function refineScalar(st: State, r: Reg | undefined, old: Scalar, next: Scalar): void {
  if (old.id !== undefined) {
    const id = old.id;
    st.mapById(id, v => (v.k === 'scalar' ? withId(next, id) : v));
    return;
  }
  if (r !== undefined) st.writableTop.regs[r] = next;
}

/** The C name a value goes by in the current frame: the register's own name, a named copy, or a stack slot. */
export function nameOf(x: Exec, v: Value, o?: Operand): string | undefined {
  const fr = x.st.top;
  if (o && 'r' in o) {
    const own = fr.fn.regs[o.r]?.name;
    if (own) return own;
  }
  const idx = fr.regs.findIndex((w, i) => w === v && fr.fn.regs[i]?.name !== undefined);
  if (idx >= 0) return fr.fn.regs[idx].name;
  for (const s of fr.stack.spills.values()) {
    if (s.value !== v) continue;
    const slot = fr.fn.slots.find(sl => -sl.offset <= s.off && s.off < -sl.offset + sl.size);
    if (slot) return slot.name;
  }
  return undefined;
}
