// Natural loops from back edges: where each loop starts, which blocks it holds and how it can be left. Used to
// place prune points, to find loops no path leaves, and to say which loop exhausted the budget.

import type { Block, IrFunction } from '../../ir/ir';
import { successors } from './cfg';

export interface Loop {
  header: number;
  blocks: Set<number>;
  /** Blocks inside the loop with an edge leaving it (or a return). */
  exits: number[];
}

export function findLoops(fn: IrFunction): Loop[] {
  const backEdges = findBackEdges(fn);
  const byHeader = new Map<number, Set<number>>();
  for (const [from, header] of backEdges) {
    const body = byHeader.get(header) ?? new Set([header]);
    collectBody(fn, from, header, body);
    byHeader.set(header, body);
  }
  return [...byHeader].map(([header, blocks]) => ({ header, blocks, exits: exitsOf(fn, blocks) }));
}

/** Edges to a block still on the depth-first stack. */
function findBackEdges(fn: IrFunction): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const state = new Uint8Array(fn.blocks.length); // 0 new, 1 on stack, 2 done
  const stack: Array<{ b: number; next: number; succ: number[] }> = [];
  const push = (b: number): void => {
    state[b] = 1;
    stack.push({ b, next: 0, succ: successors(fn.blocks[b].term) });
  };
  push(fn.entry);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.succ.length) {
      state[top.b] = 2;
      stack.pop();
      continue;
    }
    const s = top.succ[top.next++];
    if (state[s] === 1) out.push([top.b, s]);
    else if (state[s] === 0) push(s);
  }
  return out;
}

function collectBody(fn: IrFunction, from: number, header: number, body: Set<number>): void {
  const preds = predecessors(fn);
  const work = [from];
  while (work.length > 0) {
    const b = work.pop()!;
    if (body.has(b)) continue;
    body.add(b);
    for (const p of preds[b]) if (p !== header) work.push(p);
  }
}

const predCache = new WeakMap<IrFunction, number[][]>();

function predecessors(fn: IrFunction): number[][] {
  const cached = predCache.get(fn);
  if (cached) return cached;
  const preds: number[][] = fn.blocks.map(() => []);
  for (const b of fn.blocks) for (const s of successors(b.term)) preds[s].push(b.id);
  predCache.set(fn, preds);
  return preds;
}

function exitsOf(fn: IrFunction, blocks: Set<number>): number[] {
  const out: number[] = [];
  for (const id of blocks) {
    const b: Block = fn.blocks[id];
    const leaves = b.term.op === 'ret' || successors(b.term).some(s => !blocks.has(s));
    if (leaves) out.push(id);
  }
  return out;
}
