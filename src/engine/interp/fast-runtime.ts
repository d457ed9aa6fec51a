// What fast-mode code calls out to: the slow paths of memory accesses (the AddressSpace methods the closures
// use, with the fault placed at the instruction), bulk and atomic memory operations, 64-bit division, the
// budget and unreachable faults, register saving for re-entry, and tail calls. Kept out of line so the
// generated functions stay small.

import type { Range } from '../diagnostics';
import type { CFunc } from './compile';
import { wild } from './compile-mem';
import { budgetFault, tailCall } from './exec';
import { fault, RuntimeFault } from './fault';
import type { Machine } from './machine';
import { divmod64, hiOf, loOf, toU64 } from './value';

function locate(e: unknown, loc: Range | undefined): void {
  if (e instanceof RuntimeFault && !e.range) e.range = loc;
}

export interface SavedRegs {
  L: Int32Array;
  H: Int32Array;
  fp: number;
}

/** Step checks of consecutive blocks made as one: each block's steps and its budget fault's location. */
export interface BudgetChain {
  steps: number[];
  locs: Range[];
}

export class FastRuntime {
  /** High half of the last 64-bit result returned by a method. */
  hi = 0;

  constructor(private readonly m: Machine) {}

  fault(kind: 'call', message: string): never {
    fault(kind, message);
  }

  load(a: number, size: number, signed: boolean, loc: Range): number {
    try {
      return this.m.mem.load(a, size, signed);
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  load64(a: number, loc: Range): number {
    const mem = this.m.mem;
    try {
      const lo = mem.load64(a);
      this.hi = mem.hiOut;
      return lo;
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  store(a: number, size: number, lo: number, hi: number, loc: Range): void {
    try {
      this.m.mem.store(a, size, lo, hi);
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  wild(lo: number, hi: number, off: number, size: number, what: string, loc: Range): never {
    try {
      return wild(lo, hi, off, size, what);
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  copy(dl: number, dh: number, sl: number, sh: number, size: number, loc: Range): void {
    try {
      if (sh !== 0) wild(sl, sh, 0, size, 'read');
      if (dh !== 0) wild(dl, dh, 0, size, 'write');
      this.m.mem.copy(dl, sl, size);
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  fill(dl: number, dh: number, value: number, size: number, loc: Range): void {
    try {
      if (dh !== 0) wild(dl, dh, 0, size, 'write');
      this.m.mem.fill(dl, value, size);
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  /** Atomic read-modify-write (atomicStep's semantics); returns the old low half, the old high half in hi. */
  atomic(code: number, size: number, pl: number, ph: number, off: number, vl: number, vh: number, cl: number, ch: number, loc: Range): number {
    try {
      return size === 4 ? this.atomic4(code, pl, ph, off, vl, cl) : this.atomic8(code, pl, ph, off, vl, vh, cl, ch);
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  private atomic4(code: number, pl: number, ph: number, off: number, v: number, c: number): number {
    const mem = this.m.mem;
    if (ph !== 0) wild(pl, ph, off, 4, 'atomic access');
    const addr = pl + off;
    const old = mem.load(addr, 4, false);
    let nv: number;
    switch (code) {
      case 0: nv = (old + v) | 0; break;
      case 1: nv = old & v; break;
      case 2: nv = old | v; break;
      case 3: nv = old ^ v; break;
      case 4: nv = v; break;
      default: nv = old === c ? v : old;
    }
    mem.store(addr, 4, nv, 0);
    this.hi = 0;
    return old;
  }

  private atomic8(code: number, pl: number, ph: number, off: number, vLo: number, vHi: number, cl: number, ch: number): number {
    const mem = this.m.mem;
    if (ph !== 0) wild(pl, ph, off, 8, 'atomic access');
    const addr = pl + off;
    const oldLo = mem.load64(addr);
    const oldHi = mem.hiOut;
    let lo: number;
    let hi: number;
    switch (code) {
      case 0: {
        const sum = (oldLo >>> 0) + (vLo >>> 0);
        lo = sum | 0;
        hi = (oldHi + vHi + (sum > 0xffffffff ? 1 : 0)) | 0;
        break;
      }
      case 1: lo = oldLo & vLo; hi = oldHi & vHi; break;
      case 2: lo = oldLo | vLo; hi = oldHi | vHi; break;
      case 3: lo = oldLo ^ vLo; hi = oldHi ^ vHi; break;
      case 4: lo = vLo; hi = vHi; break;
      default: {
        const same = oldLo === cl && oldHi === ch;
        lo = same ? vLo : oldLo;
        hi = same ? vHi : oldHi;
      }
    }
    mem.store(addr, 8, lo, hi);
    this.hi = oldHi;
    return oldLo;
  }

  div64(al: number, ah: number, bl: number, bh: number, signed: boolean, mod: boolean): number {
    const r = divmod64(toU64(al, ah), toU64(bl, bh), signed, mod);
    this.hi = hiOf(r);
    return loOf(r);
  }

  /** Where the merged step check that `over` looked at failed first. */
  overAt: Range | undefined;

  /**
   * A merged check found `steps` over the budget: the count at the end of the first block whose own check
   * fails (the steps of the blocks after it taken back), with that block's location left in overAt.
   */
  over(steps: number, chain: BudgetChain): number {
    let c = steps;
    for (const n of chain.steps) c -= n;
    for (let k = 0; k < chain.steps.length; k++) {
      c += chain.steps[k];
      if (c > this.m.budget) {
        this.overAt = chain.locs[k];
        return c;
      }
    }
    this.overAt = chain.locs[chain.locs.length - 1];
    return steps;
  }

  budget(loc: Range): never {
    const f = budgetFault(this.m);
    locate(f, loc);
    throw f;
  }

  unreachable(loc: Range): never {
    try {
      return fault('unreachable', 'reached a point the program marks unreachable (__builtin_unreachable, or the end of a function that must return a value)');
    } catch (e) {
      locate(e, loc);
      throw e;
    }
  }

  save(cf: CFunc): SavedRegs {
    return { L: cf.L.slice(0, cf.nregs), H: cf.H.slice(0, cf.nregs), fp: cf.fp };
  }

  restore(cf: CFunc, saved: SavedRegs): void {
    cf.L.set(saved.L);
    cf.H.set(saved.H);
    cf.fp = saved.fp;
    cf.active = true;
  }

  tailCall(program: number): void {
    tailCall(this.m, program);
  }
}
