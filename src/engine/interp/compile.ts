// IR → closures. Each function gets its own register arrays (BPF forbids recursion, so one set per function
// suffices; the executor saves them in the rare re-entrant case), with every immediate operand turned into a
// constant register at the end, so every closure reads registers only. Problems that must stop a program
// before it runs (unsupported helpers, missing functions, inline asm) become diagnostics.

import type { Diagnostic, Range } from '../diagnostics';
import type { Inst, IrFunction, Operand, Terminator } from '../ir/ir';
import { asInt } from '../types/ctype';
import { binStep, bswapStep, cmpStep, convStep, movStep, ptraddStep, Step, unaryStep } from './compile-arith';
import { callfnStep, helperStep } from './compile-call';
import { atomicStep, copyStep, fillStep, loadStep, storeStep } from './compile-mem';
import { fault } from './fault';
import type { HelperSpec } from './helpers/spec';
import type { FuncRef, Machine } from './machine';
import type { StepInfo } from './types';
import { hiOf, loOf, wrapLo } from './value';

export type Term = () => number;

export interface CBlock {
  id: number;
  steps: Step[];
  term: Term;
  /** Source range of each instruction, then of the terminator. */
  locs: Range[];
  /** Register each instruction writes, or -1. */
  dsts: Int32Array;
  loop?: Range;
}

export interface CFunc extends FuncRef {
  readonly ir: IrFunction;
  blocks: CBlock[];
  readonly L: Int32Array;
  readonly H: Int32Array;
  /** Registers proper; constants follow them. */
  readonly nregs: number;
  readonly frameSize: number;
  /** Frame pointer of the running activation. */
  fp: number;
  active: boolean;
  /** Machine.frameId of this function's frame layout, once asked (its machine's number for it). */
  frameKind?: number;
  /** The step hook's StepInfo for this function's activations (exec.ts), and whether one is using it. */
  stepInfo?: StepInfo;
  stepInfoBusy?: boolean;
  /** Fast mode (fast.ts): the generated function, taking its parameters as (lo, hi) pairs. */
  fast?: (...args: number[]) => void;
  /** The same, taking its parameters from m.argLo/argHi (the executor's calling convention). */
  fastEntry?: () => void;
}

export interface CompileEnv {
  m: Machine;
  funcs: Map<string, CFunc>;
  /** Address of a global, picking the right one among same-named statics by the use's range. */
  global(name: string): number | undefined;
  helpers: ReadonlyMap<number, HelperSpec>;
  diags: Diagnostic[];
}

/** Allocates a function's registers and constants; its blocks are compiled later (calls need every CFunc). */
export function createFunc(ir: IrFunction, index: number): CFunc {
  const consts = new Map<bigint, number>();
  const nregs = ir.regs.length;
  const note = (o: Operand | undefined) => {
    if (o && 'imm' in o && !consts.has(o.imm)) consts.set(o.imm, nregs + consts.size);
  };
  note({ imm: 0n });
  for (const b of ir.blocks) {
    for (const i of b.insts) for (const o of operandsOf(i)) note(o);
    for (const o of termOperands(b.term)) note(o);
  }
  const L = new Int32Array(nregs + consts.size);
  const H = new Int32Array(nregs + consts.size);
  for (const [v, at] of consts) {
    L[at] = loOf(v);
    H[at] = hiOf(v);
  }
  const cf: CFunc & { consts: Map<bigint, number> } = {
    name: ir.name, index, ir, blocks: [], L, H, nregs, frameSize: (ir.frameSize + 7) & ~7, fp: 0, active: false, consts,
  };
  return cf;
}

export function compileFunc(env: CompileEnv, cf: CFunc): void {
  const consts = (cf as CFunc & { consts: Map<bigint, number> }).consts;
  const idx = (o: Operand): number => ('r' in o ? o.r : consts.get(o.imm)!);
  cf.blocks = cf.ir.blocks.map(b => {
    const steps: Step[] = [];
    const locs: Range[] = [];
    const dsts = new Int32Array(b.insts.length).fill(-1);
    b.insts.forEach((inst, k) => {
      const s = compileInst(env, cf, inst, idx);
      if (s) steps.push(s);
      else steps.push(NOP);
      locs.push(inst.loc);
      dsts[k] = writtenReg(inst);
    });
    locs.push(b.term.loc);
    const cb: CBlock = { id: b.id, steps, term: compileTerm(env, cf, b.term, idx), locs, dsts };
    if (b.loop) cb.loop = b.loop.range;
    return cb;
  });
}

const NOP: Step = () => {};

function compileInst(env: CompileEnv, cf: CFunc, inst: Inst, idx: (o: Operand) => number): Step | undefined {
  const { L, H } = cf;
  const m = env.m;
  switch (inst.op) {
    case 'mov': return movStep(L, H, inst.dst, idx(inst.src));
    case 'bin': return binStep(inst.fn, inst.ty, L, H, inst.dst, idx(inst.a), idx(inst.b));
    case 'neg':
    case 'not': return unaryStep(inst.op, inst.ty, L, H, inst.dst, idx(inst.a));
    case 'cmp': return cmpStep(inst.cc, inst.ty, L, H, inst.dst, idx(inst.a), idx(inst.b));
    case 'conv': return convStep(inst.to, L, H, inst.dst, idx(inst.src));
    case 'ptradd': return ptraddStep(L, H, inst.dst, idx(inst.base), idx(inst.off));
    case 'bswap': return bswapStep(inst.bytes, L, H, inst.dst, idx(inst.src));
    case 'load': return loadStep(m.mem, L, H, inst.dst, idx(inst.ptr), inst.off, inst.size, inst.signed);
    case 'store': return storeStep(m.mem, L, H, idx(inst.ptr), inst.off, inst.size, idx(inst.src));
    case 'memcpy':
    case 'memmove': return copyStep(m.mem, L, H, idx(inst.dst), idx(inst.src), inst.size);
    case 'memset': return fillStep(m.mem, L, H, idx(inst.dst), idx(inst.value), inst.size);
    case 'atomic': {
      const t = cf.ir.regs[inst.dst ?? -1]?.type;
      const signed = t ? asInt(t)?.signed ?? false : false;
      return atomicStep(m.mem, L, H, inst.fn, inst.size, idx(inst.ptr), inst.off, idx(inst.src), inst.cmp ? idx(inst.cmp) : idx(inst.src), inst.dst ?? -1, signed);
    }
    case 'addr': return addrStep(env, cf, inst);
    case 'call': return callStep(env, cf, inst, idx);
    case 'callfn': {
      const target = env.funcs.get(inst.fn);
      if (!target) {
        error(env, inst.loc, 'INTERP_NO_FUNCTION', `call to '${inst.fn}', which has no body in this file`);
        return undefined;
      }
      return callfnStep(m, L, H, target, inst.args.map(idx), inst.dst ?? -1);
    }
    case 'asm':
      if (inst.text.trim() === '') return undefined; // a compiler barrier
      error(env, inst.loc, 'INTERP_ASM', `inline assembly cannot be simulated: asm("${inst.text}")`);
      return undefined;
  }
}

function addrStep(env: CompileEnv, cf: CFunc, inst: Extract<Inst, { op: 'addr' }>): Step | undefined {
  const { L, H } = cf;
  const d = inst.dst;
  const base = inst.base;
  let addr: number | undefined;
  switch (base.k) {
    case 'stack': {
      const off = cf.ir.slots[base.slot]?.offset ?? 0;
      return () => { L[d] = cf.fp - off; H[d] = 0; };
    }
    case 'global':
      addr = env.global(base.name);
      if (addr === undefined) error(env, inst.loc, 'INTERP_NO_GLOBAL', `global '${base.name}' has no storage`);
      break;
    case 'map':
      addr = env.m.maps.get(base.name)?.handle;
      if (addr === undefined) error(env, inst.loc, 'INTERP_NO_MAP', `map '${base.name}' is not defined or cannot be modelled`);
      break;
    case 'func': {
      const f = env.funcs.get(base.name);
      if (f) addr = env.m.funcHandle(f.index);
      else error(env, inst.loc, 'INTERP_NO_FUNCTION', `function '${base.name}' has no body in this file`);
      break;
    }
  }
  const a = addr ?? 0;
  return () => { L[d] = a; H[d] = 0; };
}

function callStep(env: CompileEnv, cf: CFunc, inst: Extract<Inst, { op: 'call' }>, idx: (o: Operand) => number): Step | undefined {
  const spec = env.helpers.get(inst.helper);
  const m = env.m;
  if (!spec) {
    error(env, inst.loc, 'INTERP_HELPER', `helper ${inst.name} (#${inst.helper}) is not supported by the interpreter`);
    return undefined;
  }
  if (spec.types && !spec.types.includes(m.progType)) {
    error(env, inst.loc, 'INTERP_HELPER', `helper ${inst.name} (#${inst.helper}) is not available to ${m.progType === 'xdp' ? 'XDP' : 'TC'} programs`);
    return undefined;
  }
  return helperStep(m, cf.L, cf.H, spec, inst.args.map(idx), inst.dst ?? -1, m.names.at(inst.loc));
}

function compileTerm(env: CompileEnv, cf: CFunc, t: Terminator, idx: (o: Operand) => number): Term {
  const { L, H } = cf;
  const m = env.m;
  switch (t.op) {
    case 'br': {
      const to = t.to;
      return () => to;
    }
    case 'cbr': {
      const c = idx(t.cond);
      const yes = t.t;
      const no = t.f;
      return () => ((L[c] | H[c]) !== 0 ? yes : no);
    }
    case 'switch': return switchTerm(L, H, t, idx(t.v));
    case 'ret': {
      if (!t.v) return () => { m.retLo = 0; m.retHi = 0; return -1; };
      const v = idx(t.v);
      return () => { m.retLo = L[v]; m.retHi = H[v]; return -1; };
    }
    case 'unreachable':
      return () => fault('unreachable', 'reached a point the program marks unreachable (__builtin_unreachable, or the end of a function that must return a value)');
  }
}

function switchTerm(L: Int32Array, H: Int32Array, t: Extract<Terminator, { op: 'switch' }>, v: number): Term {
  const dflt = t.dflt;
  if (t.ty.bits !== 64) {
    const table = new Map<number, number>();
    for (const c of t.cases) {
      const lo = wrapLo(loOf(c.value), t.ty.bits, t.ty.signed);
      if (!table.has(lo)) table.set(lo, c.to);
    }
    return () => table.get(L[v]) ?? dflt;
  }
  const table = new Map<string, number>();
  for (const c of t.cases) {
    const k = `${loOf(c.value)},${hiOf(c.value)}`;
    if (!table.has(k)) table.set(k, c.to);
  }
  return () => table.get(`${L[v]},${H[v]}`) ?? dflt;
}

function error(env: CompileEnv, range: Range, code: string, message: string): void {
  env.diags.push({ code, severity: 'error', stage: 'interp', range, message });
}

/** The register an instruction writes, or -1 (memcpy-style instructions name memory, not a register). */
export function writtenReg(i: Inst): number {
  switch (i.op) {
    case 'memcpy':
    case 'memmove':
    case 'memset':
    case 'store':
    case 'asm':
      return -1;
    default:
      return i.dst ?? -1;
  }
}

export function operandsOf(i: Inst): Operand[] {
  switch (i.op) {
    case 'mov': return [i.src];
    case 'bin':
    case 'cmp': return [i.a, i.b];
    case 'neg':
    case 'not': return [i.a];
    case 'conv':
    case 'bswap': return [i.src];
    case 'ptradd': return [i.base, i.off];
    case 'addr':
    case 'asm': return [];
    case 'load': return [i.ptr];
    case 'store': return [i.ptr, i.src];
    case 'memcpy':
    case 'memmove': return [i.dst, i.src];
    case 'memset': return [i.dst, i.value];
    case 'call':
    case 'callfn': return i.args;
    case 'atomic': return i.cmp ? [i.ptr, i.src, i.cmp] : [i.ptr, i.src];
  }
}

export function termOperands(t: Terminator): Operand[] {
  switch (t.op) {
    case 'cbr': return [t.cond];
    case 'switch': return [t.v];
    case 'ret': return t.v ? [t.v] : [];
    default: return [];
  }
}
