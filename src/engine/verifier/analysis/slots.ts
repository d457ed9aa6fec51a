// Which stack slots may still be read, per point of a function: the stack's share of liveness. Two states that
// differ only in slots nothing reads any more behave the same, so pruning ignores those bytes, as the kernel's
// stack liveness does. Reads are found through the registers that may point into each slot (from `addr stack.N`
// through copies and pointer arithmetic); a slot whose address is stored to memory, or handed to a function that
// stores it, may be read anywhere and stays live.

import type { Inst, IrFunction, Operand, Reg } from '../../ir/ir';
import { defOf, successors } from './cfg';

export interface SlotLiveness {
  /** Slots possibly read at or after each block's entry. */
  atEntry: Array<Set<number>>;
  /** Slots possibly read after instruction `pc` of block `b`, or by the call made there. */
  afterCall(b: number, pc: number): Set<number>;
}

/** Whether a function may store (a pointer derived from) its parameter `i` somewhere that outlives the call. */
export type ParamEscapes = (fn: string, i: number) => boolean;

const regOf = (o: Operand | undefined): Reg | undefined => (o && 'r' in o ? o.r : undefined);

/** Slots each register may point into (flow-insensitive: a register's pointers on any path). */
export function pointsTo(fn: IrFunction): Map<Reg, Set<number>> {
  const out = new Map<Reg, Set<number>>();
  const add = (r: Reg, slots: Iterable<number>): boolean => {
    let s = out.get(r);
    if (!s) out.set(r, (s = new Set()));
    const before = s.size;
    for (const x of slots) s.add(x);
    return s.size !== before;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of fn.blocks) {
      for (const i of b.insts) {
        if (i.op === 'addr' && i.base.k === 'stack') changed = add(i.dst, [i.base.slot]) || changed;
        const from = flowSources(i);
        const dst = defOf(i);
        if (dst === undefined) continue;
        for (const r of from) {
          const s = out.get(r);
          if (s && s.size > 0) changed = add(dst, s) || changed;
        }
      }
    }
  }
  return out;
}

/** Registers whose pointer a result may carry. */
function flowSources(i: Inst): Reg[] {
  const regs = (...ops: Array<Operand | undefined>): Reg[] => ops.map(regOf).filter((r): r is Reg => r !== undefined);
  switch (i.op) {
    case 'mov': return regs(i.src);
    case 'conv': return regs(i.src);
    case 'ptradd': return regs(i.base, i.off);
    case 'bin': return i.fn === 'add' || i.fn === 'sub' ? regs(i.a, i.b) : [];
    default: return [];
  }
}

/** Registers an instruction reads memory through (or hands to a callee that may read through them). */
function readThrough(i: Inst): Array<Operand | undefined> {
  switch (i.op) {
    case 'load': return [i.ptr];
    case 'memcpy': case 'memmove': return [i.src];
    case 'atomic': return [i.ptr];
    case 'call': case 'callfn': return i.args;
    default: return [];
  }
}

/** Slots whose address leaves the function's view: stored to memory, or given to a callee that keeps it. */
function escapedSlots(fn: IrFunction, pts: Map<Reg, Set<number>>, escapes: ParamEscapes): Set<number> {
  const out = new Set<number>();
  const mark = (o: Operand | undefined): void => {
    const r = regOf(o);
    if (r !== undefined) for (const s of pts.get(r) ?? []) out.add(s);
  };
  for (const b of fn.blocks) {
    for (const i of b.insts) {
      if (i.op === 'store') mark(i.src);
      else if (i.op === 'atomic') mark(i.src);
      else if (i.op === 'callfn') i.args.forEach((a, k) => escapes(i.fn, k) && mark(a));
    }
    if (b.term.op === 'ret') mark(b.term.v);
  }
  return out;
}

export function computeSlotLiveness(fn: IrFunction, escapes: ParamEscapes): SlotLiveness {
  const pts = pointsTo(fn);
  const always = escapedSlots(fn, pts, escapes);
  const readsOf = (i: Inst): number[] => readThrough(i).flatMap(o => {
    const r = regOf(o);
    return r === undefined ? [] : [...(pts.get(r) ?? [])];
  });
  const blockReads = fn.blocks.map(b => new Set(b.insts.flatMap(readsOf)));
  const atEntry: Array<Set<number>> = fn.blocks.map(() => new Set(always));
  let changed = true;
  while (changed) {
    changed = false;
    for (let b = fn.blocks.length - 1; b >= 0; b--) {
      const s = atEntry[b];
      const before = s.size;
      for (const x of blockReads[b]) s.add(x);
      for (const succ of successors(fn.blocks[b].term)) for (const x of atEntry[succ]) s.add(x);
      if (s.size !== before) changed = true;
    }
  }
  const cache = new Map<string, Set<number>>();
  return {
    atEntry,
    afterCall(b, pc) {
      const key = `${b}:${pc}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const s = new Set(always);
      const block = fn.blocks[b];
      for (let k = pc; k < block.insts.length; k++) for (const x of readsOf(block.insts[k])) s.add(x);
      for (const succ of successors(block.term)) for (const x of atEntry[succ]) s.add(x);
      cache.set(key, s);
      return s;
    },
  };
}

/** Whether `fn` may store its parameter `i` (or a pointer derived from it) into memory or return it. */
export function paramEscapes(fn: IrFunction, i: number, escapes: ParamEscapes): boolean {
  const param = fn.params[i];
  if (param === undefined) return false;
  const derived = new Set<Reg>([param]);
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of fn.blocks) {
      for (const inst of b.insts) {
        const dst = defOf(inst);
        if (dst === undefined || derived.has(dst)) continue;
        if (flowSources(inst).some(r => derived.has(r))) {
          derived.add(dst);
          changed = true;
        }
      }
    }
  }
  const leaks = (o: Operand | undefined): boolean => {
    const r = regOf(o);
    return r !== undefined && derived.has(r);
  };
  for (const b of fn.blocks) {
    for (const inst of b.insts) {
      if ((inst.op === 'store' || inst.op === 'atomic') && leaks(inst.src)) return true;
      if (inst.op === 'callfn' && inst.args.some((a, k) => leaks(a) && escapes(inst.fn, k))) return true;
    }
    if (b.term.op === 'ret' && leaks(b.term.v)) return true;
  }
  return false;
}
