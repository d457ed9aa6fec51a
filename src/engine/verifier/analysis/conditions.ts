// What a conditional branch tests: the comparison that computed its condition register in the same block (seen
// through `x == 0` negations and copies), provided its operands are not overwritten before the branch. Branch
// refinement then learns about the compared registers themselves, as the kernel learns from a conditional jump.

import type { Block, Inst, IrFunction, Operand } from '../../ir/ir';
import { defOf } from './cfg';

export interface BranchTest {
  cmp: Extract<Inst, { op: 'cmp' }>;
  /** True when the branch's true edge is taken when the comparison is false. */
  negated: boolean;
}

export function branchTests(fn: IrFunction): Array<BranchTest | undefined> {
  return fn.blocks.map(b => (b.term.op === 'cbr' && 'r' in b.term.cond ? resolve(b, b.term.cond.r, b.insts.length, false, 0) : undefined));
}

function resolve(b: Block, reg: number, end: number, negated: boolean, depth: number): BranchTest | undefined {
  if (depth > 4) return undefined;
  const at = lastDef(b, reg, end);
  if (at < 0) return undefined;
  const inst = b.insts[at];
  if (inst.op === 'mov' && 'r' in inst.src) return stable(b, at, end, [inst.src]) ? resolve(b, inst.src.r, at, negated, depth + 1) : undefined;
  if (inst.op !== 'cmp') return undefined;
  if (!stable(b, at, end, [inst.a, inst.b])) return undefined;
  const zeroTest = (inst.cc === 'eq' || inst.cc === 'ne') && isZero(inst.b) && 'r' in inst.a;
  if (zeroTest && 'r' in inst.a) {
    const inner = resolve(b, inst.a.r, at, inst.cc === 'eq' ? !negated : negated, depth + 1);
    if (inner) return inner;
  }
  return { cmp: inst, negated };
}

function isZero(o: Operand): boolean {
  return 'imm' in o && o.imm === 0n;
}

function lastDef(b: Block, reg: number, end: number): number {
  for (let i = end - 1; i >= 0; i--) if (defOf(b.insts[i]) === reg) return i;
  return -1;
}

/** No instruction between `from` and `end` redefines the operands. */
function stable(b: Block, from: number, end: number, ops: Operand[]): boolean {
  const regs = ops.flatMap(o => ('r' in o ? [o.r] : []));
  for (let i = from + 1; i < end; i++) {
    const d = defOf(b.insts[i]);
    if (d !== undefined && regs.includes(d)) return false;
  }
  return true;
}
