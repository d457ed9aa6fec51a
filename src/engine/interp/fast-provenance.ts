// Where a function's pointer registers come from, as far as fast mode's code generator uses it: registers
// that hold one stack address for the whole activation (accesses through them need no checks), registers
// that hold one constant address (a map handle: array lookups can be made inline), and registers that hold
// helper results or pointers made from them (map values, not worth trying as packet pointers first).

import type { Inst, IrFunction } from '../ir/ir';
import { writtenReg } from './compile';
import type { FuncFacts } from './fast-analysis';
import type { StackAddr } from './fast-mem';

export interface Provenance {
  stack: Map<number, StackAddr>;
  consts: Map<number, number>;
  fromHelper: Set<number>;
}

/**
 * A register written once, by an addr of a stack slot (or a mov or constant ptradd of such a register), or a
 * parameter never written that a caller bound to one, holds that address whenever it is read: registers are
 * written before they are read (persistent ones excepted), and fp (named `fp`) is fixed for the activation.
 * Constants follow the same rule from addr instructions of globals, maps and functions.
 */
export function provenance(
  f: IrFunction, facts: FuncFacts, fp: string, frameSize: number, constAddr: (i: Extract<Inst, { op: 'addr' }>) => number,
  bound: Map<number, StackAddr> | undefined,
): Provenance {
  const out: Provenance = { stack: new Map(), consts: new Map(), fromHelper: new Set() };
  const defs = new Map<number, Inst[]>();
  for (const b of f.blocks) {
    for (const i of b.insts) {
      const d = writtenReg(i);
      if (d >= 0) defs.set(d, [...(defs.get(d) ?? []), i]);
    }
  }
  if (bound) for (const [r, a] of bound) if (!defs.has(r) && !facts.persistent[r]) out.stack.set(r, a);
  const helper = out.fromHelper;
  for (let changed = true; changed;) {
    changed = false;
    for (const [r, list] of defs) {
      if (helper.has(r)) continue;
      if (list.every(i => i.op === 'call' || (i.op === 'mov' && 'r' in i.src && helper.has(i.src.r)) || (i.op === 'ptradd' && 'r' in i.base && helper.has(i.base.r)))) {
        helper.add(r);
        changed = true;
      }
    }
  }
  const { stack, consts } = out;
  for (let changed = true; changed;) {
    changed = false;
    for (const [r, list] of defs) {
      if (list.length !== 1 || stack.has(r) || consts.has(r) || facts.persistent[r] || f.params.includes(r)) continue;
      const i = list[0];
      let a: StackAddr | undefined;
      let c: number | undefined;
      if (i.op === 'addr' && i.base.k === 'stack') {
        const slot = f.slots[i.base.slot];
        if (slot) a = { fp, off: -slot.offset, frame: frameSize };
      } else if (i.op === 'addr') {
        c = constAddr(i);
      } else if (i.op === 'mov' && 'r' in i.src) {
        a = stack.get(i.src.r);
        c = consts.get(i.src.r);
      } else if (i.op === 'ptradd' && 'r' in i.base && 'imm' in i.off) {
        const base = stack.get(i.base.r);
        const off = Number(BigInt.asIntN(64, i.off.imm));
        if (base && Math.abs(off) < 1 << 20) a = { ...base, off: base.off + off };
      }
      if (a) stack.set(r, a);
      if (c !== undefined) consts.set(r, c);
      if (a || c !== undefined) changed = true;
    }
  }
  return out;
}
