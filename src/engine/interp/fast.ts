// Fast mode: every compiled function of a prepared program also gets a JavaScript function generated from its
// IR (fast-func.ts) and run by `new Function`. The executor runs it whenever no step hook is installed; the
// closures stay for traced runs and for any function whose code could not be generated, which then runs as
// closures inside an otherwise fast program (listed in the program's fallbacks, never a wrong answer).

import type { Inst, IrModule } from '../ir/ir';
import type { CFunc, CompileEnv } from './compile';
import { calls, callFunction } from './exec';
import { RuntimeFault, TailCallSignal } from './fault';
import { analyze, FuncFacts } from './fast-analysis';
import { emitFunction, EmitContext, FuncSource } from './fast-func';
import type { Machine } from './machine';
import { FastRuntime } from './fast-runtime';
import { keyStringAt } from './maps/map';
import { bswap16, bswap32, divmod32, hiOf, hiOfNumber, loOf, loOfNumber, mulHiU32 } from './value';

export interface FastFallback {
  /** A function name, or '*' when the whole program runs as closures. */
  name: string;
  reason: string;
}

type FastFn = (...args: number[]) => void;

/** Names the generated code uses; the source destructures them once per function. */
const CONSTANT_NAMES = [
  'm', 'rt', 'PK', 'XC', 'SK', 'G', 'RG', 'ST', 'ST32', 'STB', 'STDV', 'FID', 'FFP', 'C', 'AL', 'AH', 'L', 'H', 'FN', 'LOCS', 'LOOPS', 'IMPL', 'SITE', 'REASON', 'SLOTS', 'cf', 'calls',
  'RuntimeFault', 'TailCallSignal', 'keyStringAt', 'mulHiU32', 'divmod32', 'bswap16', 'bswap32', 'loOf', 'hiOf', 'loOfNumber', 'hiOfNumber',
];

/**
 * Generates fast code for the given functions (all compiled to closures already). Returns the functions left
 * as closures and why. Programs whose calls pass fewer arguments than the callee reads (so the callee would
 * see stale argument registers, which only the closures reproduce) run entirely as closures.
 */
export function compileFast(env: CompileEnv, module: IrModule, funcs: CFunc[]): FastFallback[] {
  const blocker = arityProblem(env, module);
  if (blocker) return [{ name: '*', reason: blocker }];
  const m = env.m;
  const rt = new FastRuntime(m);
  const table: FastFn[] = [];
  const ctx: EmitContext = {
    funcIndex: name => env.funcs.get(name)!.index,
    helper: id => env.helpers.get(id),
    constAddr: inst => constAddr(env, inst),
    mapAt: handle => m.maps.byHandle(handle),
    site: r => m.names.at(r),
    inlinable: () => undefined,
    frameId: (fn, slots) => m.frameId(fn, slots),
    stackBase: m.stack.base,
    ctxBase: m.ctxRegion.base,
    progType: m.progType,
  };
  const compiled = new Set(funcs.map(cf => cf.name));
  const facts = new Map<string, FuncFacts>();
  ctx.inlinable = name => {
    const cf = env.funcs.get(name);
    if (!cf || !compiled.has(name)) return undefined;
    let ff = facts.get(name);
    if (!ff) {
      ff = analyze(cf.ir);
      facts.set(name, ff);
    }
    return ff.persistent.some(x => x !== 0) ? undefined : { ir: cf.ir, frameSize: cf.frameSize, facts: ff };
  };
  const fallbacks: FastFallback[] = [];
  const made = new Map<CFunc, FastFn>();
  for (const cf of funcs) {
    try {
      made.set(cf, instantiate(emitFunction(ctx, cf), cf, rt, table, env));
    } catch (e) {
      fallbacks.push({ name: cf.name, reason: `code generation failed: ${(e as Error).message}` });
    }
  }
  for (const cf of env.funcs.values()) table[cf.index] = made.get(cf) ?? closureShim(env, cf);
  for (const [cf, fn] of made) {
    cf.fast = fn;
    cf.fastEntry = entryFor(env, cf, fn);
  }
  return fallbacks;
}

function instantiate(src: FuncSource, cf: CFunc, rt: FastRuntime, table: FastFn[], env: CompileEnv): FastFn {
  const m = env.m;
  const values: Record<string, unknown> = {
    m, rt, PK: m.pkt, XC: m.xdpCtx, SK: m.skbCtx, G: m.mem.granules, RG: m.mem.regions, ST: m.stack, ST32: stackWords(m), STB: m.stack.bytes, STDV: m.stack.dv, FID: m.frameIds, FFP: m.frameFps, C: src.consts, AL: m.argLo, AH: m.argHi, L: cf.L, H: cf.H, FN: table,
    LOCS: src.locs, LOOPS: src.loops, IMPL: src.impls, SITE: src.sites, REASON: src.reasons, SLOTS: cf.ir.slots, cf, calls,
    RuntimeFault, TailCallSignal, keyStringAt, mulHiU32, divmod32, bswap16, bswap32, loOf, hiOf, loOfNumber, hiOfNumber,
  };
  const head = `'use strict';\nconst { ${CONSTANT_NAMES.join(', ')} } = K;\n`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('K', head + src.source) as (k: Record<string, unknown>) => FastFn;
  return factory(values);
}

/** The stack's bytes as 32-bit words, for zeroing frames (the stack's backing store never changes). */
function stackWords(m: Machine): Int32Array {
  const b = m.stack.bytes;
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
}

/** The executor's entry (parameters from m.argLo/argHi) onto the generated function's (lo, hi) pairs. */
function entryFor(env: CompileEnv, cf: CFunc, fn: FastFn): () => void {
  const AL = env.m.argLo;
  const AH = env.m.argHi;
  switch (Math.min(cf.ir.params.length, 5)) {
    case 0: return () => fn();
    case 1: return () => fn(AL[0], AH[0]);
    case 2: return () => fn(AL[0], AH[0], AL[1], AH[1]);
    case 3: return () => fn(AL[0], AH[0], AL[1], AH[1], AL[2], AH[2]);
    case 4: return () => fn(AL[0], AH[0], AL[1], AH[1], AL[2], AH[2], AL[3], AH[3]);
    default: return () => fn(AL[0], AH[0], AL[1], AH[1], AL[2], AH[2], AL[3], AH[3], AL[4], AH[4]);
  }
}

/** A call from fast code into a function left as closures: the argument registers, then the executor. */
function closureShim(env: CompileEnv, cf: CFunc): FastFn {
  const m = env.m;
  return (...pairs: number[]) => {
    for (let j = 0; j * 2 < pairs.length; j++) {
      m.argLo[j] = pairs[j * 2];
      m.argHi[j] = pairs[j * 2 + 1];
    }
    callFunction(m, cf);
  };
}

function constAddr(env: CompileEnv, inst: Extract<Inst, { op: 'addr' }>): number {
  const base = inst.base;
  switch (base.k) {
    case 'global': return env.global(base.name) ?? 0;
    case 'map': return env.m.maps.get(base.name)?.handle ?? 0;
    case 'func': {
      const f = env.funcs.get(base.name);
      return f ? env.m.funcHandle(f.index) : 0;
    }
    default: return 0;
  }
}

/**
 * Why the closures' argument registers could be observed: a local call passing fewer arguments than its
 * callee takes, or a tail-call target with more than the context parameter.
 */
function arityProblem(env: CompileEnv, module: IrModule): string | undefined {
  for (const f of module.functions) {
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.op !== 'callfn') continue;
        const target = env.funcs.get(i.fn);
        if (target && i.args.length < Math.min(target.ir.params.length, 5)) {
          return `${f.name} calls ${i.fn} with ${i.args.length} of its ${target.ir.params.length} arguments`;
        }
      }
    }
  }
  for (const p of module.programs) {
    const entry = env.funcs.get(p.name);
    if (entry && entry.ir.params.length > 1) return `program ${p.name} takes ${entry.ir.params.length} parameters`;
  }
  return undefined;
}
