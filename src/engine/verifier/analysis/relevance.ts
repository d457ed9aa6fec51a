// Which registers matter at each block entry. Two notions, both computed backwards over the CFG:
//  - relevant: the value may still reach something the verifier checks (an address, a stored value, a helper
//    argument, a branch condition, a pointer offset). States differing only in other registers behave the same
//    from there on, so pruning compares only these — the role the kernel's precision tracking plays;
//  - live: the register may still be read at all. Pruning needs these to be written whenever they were in the
//    explored state, or a read of a never-set variable would go unreported.

import type { IrFunction, Reg } from '../../ir/ir';
import { checkedOperands, defOf, successors, terminatorOperands, valueOperands } from './cfg';

export interface RegSets {
  /** Sorted registers that matter at each block's entry. */
  atEntry: number[][];
  /** Registers that matter right after instruction `pc` of block `b`, leaving out `except` (the call's result). */
  after(b: number, pc: number, except?: number): number[];
}

interface Mode {
  /** Whether `ret v` counts as a use (always for liveness; for relevance only in called functions). */
  returnMatters: boolean;
  /** Liveness: every read is a use, not only reads that reach a check. */
  allUses: boolean;
}

export function computeRelevance(fn: IrFunction, returnMatters: boolean): RegSets {
  return compute(fn, { returnMatters, allUses: false });
}

export function computeLiveness(fn: IrFunction): RegSets {
  return compute(fn, { returnMatters: true, allUses: true });
}

function compute(fn: IrFunction, mode: Mode): RegSets {
  const n = fn.blocks.length;
  const inSets: Set<Reg>[] = fn.blocks.map(() => new Set());
  let changed = true;
  while (changed) {
    changed = false;
    for (let b = n - 1; b >= 0; b--) {
      const live = transferFrom(fn, b, 0, outOf(fn, b, inSets), mode);
      if (live.size !== inSets[b].size) {
        inSets[b] = live;
        changed = true;
      }
    }
  }
  const atEntry = inSets.map(s => [...s].sort((x, y) => x - y));
  const afterCache = new Map<string, number[]>();
  return {
    atEntry,
    after: (b, pc, except) => {
      const key = `${b}:${pc}:${except}`;
      let hit = afterCache.get(key);
      if (!hit) {
        hit = [...transferFrom(fn, b, pc + 1, outOf(fn, b, inSets), mode)].filter(r => r !== except).sort((x, y) => x - y);
        afterCache.set(key, hit);
      }
      return hit;
    },
  };
}

function outOf(fn: IrFunction, b: number, inSets: Set<Reg>[]): Set<Reg> {
  const out = new Set<Reg>();
  for (const s of successors(fn.blocks[b].term)) for (const r of inSets[s]) out.add(r);
  return out;
}

/** Walks instructions pc.. of block b backwards from the block's exit set. */
function transferFrom(fn: IrFunction, b: number, pc: number, out: Set<Reg>, mode: Mode): Set<Reg> {
  const block = fn.blocks[b];
  const live = new Set(out);
  const t = block.term;
  if (t.op !== 'ret' || mode.returnMatters) for (const r of terminatorOperands(t)) live.add(r);
  for (let i = block.insts.length - 1; i >= pc; i--) {
    const inst = block.insts[i];
    const d = defOf(inst);
    const wasLive = d !== undefined && live.has(d);
    if (d !== undefined) live.delete(d);
    if (wasLive || mode.allUses) for (const r of valueOperands(inst)) live.add(r);
    for (const r of checkedOperands(inst)) live.add(r);
  }
  return live;
}
