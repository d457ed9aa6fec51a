// Redundant loads and computations, removed as clang's -O2 removes them before the kernel sees the program.
// `if (ip->ihl < 5) return; len = (ip->ihl - 5) * 4;` reads the bit-field twice in C but once in the object:
// the kernel's bounds on the first read hold for the "second". The IR keeps both reads, so without this the
// verifier would treat the second as a fresh unknown and reject what the kernel accepts. Each repeated pure
// computation (same operation on the same values) and each repeated load (same address, no store, call or asm
// in between on any path, not volatile) becomes a copy of the earlier result; copies share bounds (operands.ts).
// Comparisons are left alone: branch refinement needs the comparison next to its branch (conditions.ts).

import type { Block, Inst, IrFunction, Operand, Reg } from '../../ir/ir';
import { isVolatile } from '../../types/ctype';
import { defOf, successors } from './cfg';

/** Facts at a point: expressions available in a register, and registers known to hold another's value. */
interface Facts {
  avail: Map<string, Reg>;
  same: Map<Reg, Reg>;
}

const cache = new WeakMap<IrFunction, IrFunction>();

/** The function with redundant instructions turned into copies (the same object when there are none). */
export function eliminateRedundancy(fn: IrFunction): IrFunction {
  let out = cache.get(fn);
  if (!out) {
    out = rewrite(fn);
    cache.set(fn, out);
  }
  return out;
}

function rewrite(fn: IrFunction): IrFunction {
  const entryFacts = solve(fn);
  let changed = false;
  const blocks: Block[] = fn.blocks.map(b => {
    const facts = entryFacts[b.id];
    if (!facts) return b;
    const insts = b.insts.map(i => {
      const n = transfer(fn, facts, i);
      if (n !== i) changed = true;
      return n;
    });
    return insts.some((x, k) => x !== b.insts[k]) ? { ...b, insts } : b;
  });
  return changed ? { ...fn, blocks } : fn;
}

/** Facts at each block's entry (undefined for blocks no path reaches), by forward intersection to a fixed point. */
function solve(fn: IrFunction): Array<Facts | undefined> {
  const order = reversePostorder(fn);
  const preds: number[][] = fn.blocks.map(() => []);
  for (const b of fn.blocks) for (const s of successors(b.term)) preds[s].push(b.id);
  const outs: Array<Facts | undefined> = new Array(fn.blocks.length);
  const ins: Array<Facts | undefined> = new Array(fn.blocks.length);
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of order) {
      let facts: Facts | undefined;
      if (b === fn.entry) facts = { avail: new Map(), same: new Map() };
      for (const p of preds[b]) {
        const o = outs[p];
        if (!o) continue; // not yet computed: the optimistic start of the iteration
        facts = facts ? meet(facts, o) : copyFacts(o);
      }
      if (!facts) continue;
      ins[b] = copyFacts(facts);
      for (const i of fn.blocks[b].insts) transfer(fn, facts, i);
      const old = outs[b];
      if (!old || !sameFacts(old, facts)) {
        outs[b] = facts;
        changed = true;
      }
    }
  }
  return ins;
}

/**
 * Applies one instruction to the facts and returns it, or the copy that replaces it when its value is
 * already in a register.
 */
function transfer(fn: IrFunction, f: Facts, i: Inst): Inst {
  if (clobbersMemory(i)) for (const k of f.avail.keys()) if (k.charCodeAt(0) === LOAD) f.avail.delete(k);
  const dst = defOf(i);
  if (dst === undefined) return i;
  const key = keyOf(fn, f, i);
  const hit = key === undefined ? undefined : f.avail.get(key);
  kill(f, dst);
  if (hit !== undefined && hit !== dst) {
    f.same.set(dst, canon(f, hit));
    return { op: 'mov', dst, src: { r: hit }, loc: i.loc };
  }
  if (i.op === 'mov' && 'r' in i.src && i.src.r !== dst) f.same.set(dst, canon(f, i.src.r));
  // An instruction reading its own destination computed from the old value: its key no longer describes it.
  if (key !== undefined && !usesReg(key, dst)) f.avail.set(key, dst);
  return i;
}

const LOAD = 'l'.charCodeAt(0);

function clobbersMemory(i: Inst): boolean {
  switch (i.op) {
    case 'store': case 'memcpy': case 'memmove': case 'memset': case 'atomic': case 'call': case 'callfn': case 'asm':
      return true;
    default:
      return false;
  }
}

/** What the instruction computes, in terms of the values (not the registers) it reads; undefined if not pure. */
function keyOf(fn: IrFunction, f: Facts, i: Inst): string | undefined {
  const o = (x: Operand): string => ('imm' in x ? `#${x.imm}` : `r${canon(f, x.r)}`);
  switch (i.op) {
    case 'bin': return `b${i.fn}${i.ty.bits}${i.ty.signed ? 's' : 'u'} ${o(i.a)} ${o(i.b)} `;
    case 'neg': case 'not': return `u${i.op}${i.ty.bits}${i.ty.signed ? 's' : 'u'} ${o(i.a)} `;
    case 'conv': return `c${i.from.bits}${i.from.signed ? 's' : 'u'}${i.to.bits}${i.to.signed ? 's' : 'u'} ${o(i.src)} `;
    case 'ptradd': return `p ${o(i.base)} ${o(i.off)} `;
    case 'bswap': return `w${i.bytes} ${o(i.src)} `;
    case 'addr': return `a${i.base.k}:${i.base.k === 'stack' ? i.base.slot : i.base.name}`;
    case 'load': {
      if (isVolatile(fn.regs[i.dst]?.type ?? { k: 'void' })) return undefined;
      return `l${i.size}${i.signed ? 's' : 'u'}${i.off} ${o(i.ptr)} `;
    }
    default: return undefined;
  }
}

function usesReg(key: string, r: Reg): boolean {
  return key.includes(` r${r} `);
}

function canon(f: Facts, r: Reg): Reg {
  return f.same.get(r) ?? r;
}

/** A register is written: nothing it held, or that was computed from it, is available any more. */
function kill(f: Facts, r: Reg): void {
  f.same.delete(r);
  for (const [k, v] of f.same) if (v === r) f.same.delete(k);
  for (const [k, v] of f.avail) if (v === r || usesReg(k, r)) f.avail.delete(k);
}

function meet(a: Facts, b: Facts): Facts {
  const avail = new Map<string, Reg>();
  for (const [k, v] of a.avail) if (b.avail.get(k) === v) avail.set(k, v);
  const same = new Map<Reg, Reg>();
  for (const [k, v] of a.same) if (b.same.get(k) === v) same.set(k, v);
  return { avail, same };
}

function copyFacts(f: Facts): Facts {
  return { avail: new Map(f.avail), same: new Map(f.same) };
}

function sameFacts(a: Facts, b: Facts): boolean {
  if (a.avail.size !== b.avail.size || a.same.size !== b.same.size) return false;
  for (const [k, v] of a.avail) if (b.avail.get(k) !== v) return false;
  for (const [k, v] of a.same) if (b.same.get(k) !== v) return false;
  return true;
}

function reversePostorder(fn: IrFunction): number[] {
  const seen = new Uint8Array(fn.blocks.length);
  const post: number[] = [];
  const stack: Array<{ b: number; succ: number[]; next: number }> = [];
  const push = (b: number): void => {
    seen[b] = 1;
    stack.push({ b, succ: successors(fn.blocks[b].term), next: 0 });
  };
  if (fn.blocks.length === 0) return [];
  push(fn.entry);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.succ.length) {
      const s = top.succ[top.next++];
      if (!seen[s]) push(s);
      continue;
    }
    post.push(top.b);
    stack.pop();
  }
  return post.reverse();
}
