// Facts the fast mode's code generator needs about one IR function:
// - which registers may be read before this activation wrote them. The closures keep every register in
//   per-function arrays that survive between calls, so such a read sees the last call's value; those
//   registers stay in the same arrays in fast mode (the rest become JS locals), which keeps the two modes
//   identical even for programs that read uninitialised variables;
// - what each register's high half is, so most registers are one int32 local: Z (high half 0), S (high half
//   is the low half's sign), ZS (both: a non-negative int32) or F (a genuine 64-bit pair: two locals);
// - how many CFG edges enter each block, for laying out straight-line code.

import type { Inst, IrFunction, Operand, Terminator } from '../ir/ir';
import { asInt } from '../types/ctype';
import { operandsOf, termOperands, writtenReg } from './compile';
import { hiOf, loOf } from './value';

export const ZS = 0;
export const Z = 1;
export const S = 2;
export const F = 3;
export type Kind = typeof ZS | typeof Z | typeof S | typeof F;
/** No definition seen (yet). */
const NONE = -1;

export function joinKind(a: number, b: number): Kind {
  if (a === NONE) return b as Kind;
  if (b === NONE || a === b) return a as Kind;
  if (a === ZS) return b as Kind;
  if (b === ZS) return a as Kind;
  return F;
}

export function immKind(v: bigint): Kind {
  const lo = loOf(v);
  const hi = hiOf(v);
  if (hi === 0) return lo >= 0 ? ZS : Z;
  return hi === lo >> 31 ? S : F;
}

export interface FuncFacts {
  /** 1 where the register lives in the function's persistent L/H arrays. */
  persistent: Uint8Array;
  /** Per register: its kind (F for persistent registers). */
  kind: Int8Array;
  /** 1 where the register is read or written somewhere. */
  used: Uint8Array;
  /** Incoming edges per block id (distinct predecessor blocks; the entry counts one more). */
  edges: Int32Array;
  /** Blocks reachable from the entry. */
  reachable: Uint8Array;
}

export function successors(t: Terminator): number[] {
  switch (t.op) {
    case 'br': return [t.to];
    case 'cbr': return t.t === t.f ? [t.t] : [t.t, t.f];
    case 'switch': return [...new Set([...t.cases.map(c => c.to), t.dflt])];
    default: return [];
  }
}

/**
 * `paramKinds` gives what the parameters hold on entry when the caller is known (a callee laid out in place):
 * the kinds of the arguments at that call. Otherwise parameters are F.
 */
export function analyze(f: IrFunction, paramKinds?: readonly Kind[]): FuncFacts {
  const nregs = f.regs.length;
  const nblocks = f.blocks.reduce((n, b) => Math.max(n, b.id + 1), 0);
  const byId = new Map(f.blocks.map(b => [b.id, b]));
  const edges = new Int32Array(nblocks);
  const reachable = new Uint8Array(nblocks);
  const work = [f.entry];
  reachable[f.entry] = 1;
  edges[f.entry] = 1;
  while (work.length > 0) {
    const b = byId.get(work.pop()!);
    if (!b) continue;
    for (const s of successors(b.term)) {
      edges[s]++;
      if (!reachable[s]) {
        reachable[s] = 1;
        work.push(s);
      }
    }
  }
  const persistent = readBeforeWrite(f, byId, reachable, nregs);
  const used = new Uint8Array(nregs);
  for (const b of f.blocks) {
    for (const i of b.insts) {
      for (const o of operandsOf(i)) if ('r' in o) used[o.r] = 1;
      const d = writtenReg(i);
      if (d >= 0) used[d] = 1;
    }
    for (const o of termOperands(b.term)) if ('r' in o) used[o.r] = 1;
  }
  for (const p of f.params) used[p] = 1;
  return { persistent, kind: kinds(f, persistent, paramKinds), used, edges, reachable };
}

/** Definite assignment: a register read where some path from the entry has not written it is persistent. */
function readBeforeWrite(f: IrFunction, byId: Map<number, IrFunction['blocks'][number]>, reachable: Uint8Array, nregs: number): Uint8Array {
  const words = (nregs + 31) >>> 5;
  const all = () => new Uint32Array(words).fill(0xffffffff);
  const inSets = new Map<number, Uint32Array>();
  const entryIn = new Uint32Array(words);
  f.params.forEach((p, i) => {
    if (i < 5) entryIn[p >>> 5] |= 1 << (p & 31);
  });
  for (const b of f.blocks) if (reachable[b.id]) inSets.set(b.id, b.id === f.entry ? entryIn.slice() : all());
  const outOf = (id: number): Uint32Array => {
    const set = inSets.get(id)!.slice();
    for (const i of byId.get(id)!.insts) {
      const d = writtenReg(i);
      if (d >= 0) set[d >>> 5] |= 1 << (d & 31);
    }
    return set;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const b of f.blocks) {
      if (!reachable[b.id]) continue;
      const out = outOf(b.id);
      for (const s of successors(b.term)) {
        const target = inSets.get(s);
        if (!target) continue;
        for (let w = 0; w < words; w++) {
          const v = (target[w] & out[w]) >>> 0;
          if (v !== target[w]) {
            target[w] = v;
            changed = true;
          }
        }
      }
    }
  }
  const persistent = new Uint8Array(nregs);
  const has = (set: Uint32Array, r: number) => (set[r >>> 5] & (1 << (r & 31))) !== 0;
  const reads = (ops: Operand[], set: Uint32Array) => {
    for (const o of ops) if ('r' in o && !has(set, o.r)) persistent[o.r] = 1;
  };
  for (const b of f.blocks) {
    if (!reachable[b.id]) continue;
    const set = inSets.get(b.id)!.slice();
    for (const i of b.insts) {
      reads(operandsOf(i), set);
      const d = writtenReg(i);
      if (d >= 0) set[d >>> 5] |= 1 << (d & 31);
    }
    reads(termOperands(b.term), set);
  }
  f.params.forEach((p, i) => {
    if (i >= 5) persistent[p] = 1;
  });
  return persistent;
}

/** Kinds of every register: the join of what its definitions produce, to a fixpoint (movs follow sources). */
function kinds(f: IrFunction, persistent: Uint8Array, paramKinds: readonly Kind[] | undefined): Int8Array {
  const kind = new Int8Array(f.regs.length).fill(NONE);
  for (let r = 0; r < kind.length; r++) if (persistent[r]) kind[r] = F;
  // A parameter's later definitions (the function may assign it) join its entry kind below.
  f.params.forEach((p, i) => {
    kind[p] = persistent[p] || paramKinds === undefined || i >= paramKinds.length ? F : paramKinds[i];
  });
  const of = (o: Operand): number => ('imm' in o ? immKind(o.imm) : kind[o.r]);
  for (let changed = true; changed;) {
    changed = false;
    for (const b of f.blocks) {
      for (const i of b.insts) {
        const d = writtenReg(i);
        if (d < 0 || persistent[d]) continue;
        const k = joinKind(kind[d], defKind(f, i, of));
        if (k !== kind[d]) {
          kind[d] = k;
          changed = true;
        }
      }
    }
  }
  for (let r = 0; r < kind.length; r++) if (kind[r] === NONE) kind[r] = F;
  return kind;
}

/** What an instruction's result looks like; NONE while a source's kind is still unknown. */
function defKind(f: IrFunction, i: Inst, of: (o: Operand) => number): number {
  const narrow = (bits: number, signed: boolean): Kind => (signed ? S : bits === 32 ? Z : ZS);
  switch (i.op) {
    case 'mov': return of(i.src);
    case 'bin': {
      if (i.ty.bits !== 64) return narrow(i.ty.bits, i.ty.signed);
      const a = of(i.a);
      const b = of(i.b);
      if (a === NONE || b === NONE) return NONE;
      if (i.fn === 'and') {
        if (a === ZS || b === ZS) return ZS;
        if (a === Z || b === Z) return Z;
      }
      if (i.fn === 'shr' && !i.ty.signed && (a === ZS || a === Z)) return a;
      return F;
    }
    case 'neg':
    case 'not': return i.ty.bits === 64 ? F : narrow(i.ty.bits, i.ty.signed);
    case 'cmp': return ZS;
    case 'conv': return i.to.bits === 64 ? of(i.src) : narrow(i.to.bits, i.to.signed);
    case 'ptradd': return F;
    case 'addr': return ZS;
    case 'load': return i.size === 8 ? F : i.signed ? S : i.size === 4 ? Z : ZS;
    case 'bswap': return i.bytes === 2 ? ZS : i.bytes === 4 ? Z : F;
    case 'call':
    case 'callfn': return F;
    case 'atomic': {
      if (i.size === 8) return F;
      const t = f.regs[i.dst ?? -1]?.type;
      return t && asInt(t)?.signed ? S : Z;
    }
    default: return F;
  }
}
