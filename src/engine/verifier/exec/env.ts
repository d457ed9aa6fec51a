// What one program's exploration shares across paths: the module's tables, the hook, per-function analyses, id
// generators, the step budget and the diagnostics found so far (deduplicated: paths meet the same mistake often).

import type { Range, Related } from '../../diagnostics';
import type { GlobalInfo, IrFunction, IrModule, MapInfo, ProgramInfo } from '../../ir/ir';
import { branchTests } from '../analysis/conditions';
import { Fingerprinter } from '../analysis/fingerprint';
import { analyseFunction, type FnInfo } from '../analysis/fninfo';
import { paramEscapes } from '../analysis/slots';
import type { VerifierDiagnostic } from '../checks/types';
import { type FnEntry, rebind, type VerifyCache } from '../cache';
import { hookOf, type Hook } from '../hooks/context';
import type { State } from '../domain/state';

export interface VerifyOptions {
  /** Source text of a file, used to build fix edits (indentation, line ends); without it no fix is offered. */
  source?: (file: string) => string | undefined;
  /** Keep the abstract state at every instruction, for stateAt(). */
  recordStates?: boolean;
  /** The step budget (the kernel's is 1,000,000 instructions). */
  maxSteps?: number;
  /**
   * Treat read-only configuration (.rodata, `const volatile` globals) as unknown, as if the loader may set it
   * before loading, instead of as its initial value (what bpftool loads, and what the kernel then sees).
   */
  rodataUnknown?: boolean;
  /** What is kept across calls (default: one cache shared by every call); pass a new VerifyCache for a cold run. */
  cache?: VerifyCache;
  /** Verify only the programs with these names (the others are left out of the result). */
  only?: readonly string[];
}

export const DEFAULT_MAX_STEPS = 1_000_000;
/** How much more exploring, after the first error, goes into finding others. */
const AFTER_ERROR_STEPS = 25_000;
/** The kernel's limit on branches waiting to be explored (BPF_COMPLEXITY_LIMIT_JMP_SEQ). */
export const MAX_PENDING = 8192;

/** What every program of one module shares: its functions (redundancy removed), maps, globals, and per-function analyses. */
export class ModuleTables {
  readonly module: IrModule;
  private readonly fns = new Map<string, IrFunction>();
  private readonly maps = new Map<string, MapInfo>();
  private readonly globals = new Map<string, GlobalInfo>();
  /** Analyses per function, as a called function [0] and as a program's entry [1]. */
  private readonly infos = new Map<IrFunction, Array<FnInfo | undefined>>();
  private readonly escapeMemo = new Map<string, boolean>();
  private readonly escapeOpen = new Set<string>();
  private assumed = false;
  /** Each function's cache entry, by its rewritten form. */
  private readonly entries = new Map<IrFunction, FnEntry>();
  private readonly reach = new Map<string, string>();
  private dataKey: string | undefined;
  private readonly fingerprints = new Fingerprinter();

  constructor(module: IrModule, private readonly cache: VerifyCache) {
    this.module = module;
    const chosen = new Map<string, IrFunction>();
    for (const f of module.functions) if (f.blocks.length > 0 || !chosen.has(f.name)) chosen.set(f.name, f);
    for (const [name, f] of chosen) {
      const e = cache.entry(this.fingerprints.fn(f), f);
      const rewritten = rebind(e, f);
      this.fns.set(name, rewritten);
      this.entries.set(rewritten, e);
    }
    for (const m of module.maps) this.maps.set(m.name, m);
    for (const g of module.globals) this.globals.set(g.name, g);
  }

  fn(name: string): IrFunction | undefined {
    return this.fns.get(name);
  }

  map(name: string): MapInfo | undefined {
    return this.maps.get(name);
  }

  global(name: string): GlobalInfo | undefined {
    return this.globals.get(name);
  }

  info(fn: IrFunction, isProgram: boolean): FnInfo {
    let both = this.infos.get(fn);
    if (!both) this.infos.set(fn, (both = []));
    const k = isProgram ? 1 : 0;
    return (both[k] ??= this.analyse(fn, isProgram));
  }

  /** From the cache when the function, and what it learns about the functions it calls, are as they were. */
  private analyse(fn: IrFunction, isProgram: boolean): FnInfo {
    const e = this.entries.get(fn);
    if (!e) return analyseFunction(fn, isProgram, this.escapes);
    const ctx = `${isProgram ? 'P' : 'F'} ${this.calleeEscapes(fn)}`;
    const hit = e.infos.get(ctx);
    if (hit) return hit.fn === fn ? hit : { ...hit, fn, tests: branchTests(fn) };
    const made = analyseFunction(fn, isProgram, this.escapes);
    e.infos.set(ctx, made);
    return made;
  }

  /** Every escape question the analyses ask about `fn`'s calls, answered: all they know of other functions. */
  private calleeEscapes(fn: IrFunction): string {
    let s = '';
    for (const b of fn.blocks) {
      for (const i of b.insts) {
        if (i.op !== 'callfn') continue;
        s += `${i.fn}:`;
        for (let k = 0; k < i.args.length; k++) s += this.escapes(i.fn, k) ? '1' : '0';
        s += ' ';
      }
    }
    return s;
  }

  /** The functions `name` may call, directly or not, with their fingerprints' ids: "name:id …", sorted. */
  reachable(name: string): string {
    const known = this.reach.get(name);
    if (known !== undefined) return known;
    const seen = new Set<string>([name]);
    const work = [name];
    while (work.length > 0) {
      const f = this.fns.get(work.pop()!);
      if (!f) continue;
      for (const b of f.blocks) {
        for (const i of b.insts) {
          if (i.op !== 'callfn' || seen.has(i.fn)) continue;
          seen.add(i.fn);
          work.push(i.fn);
        }
      }
    }
    const ids = [...seen].sort().map(n => {
      const f = this.fns.get(n);
      return `${n}:${f ? this.entries.get(f)!.id : '?'}`;
    });
    const s = ids.join(' ');
    this.reach.set(name, s);
    return s;
  }

  /** Fingerprint of the maps, globals and license. */
  data(): string {
    return (this.dataKey ??= this.fingerprints.data(this.module));
  }

  /** Whether function `name` may keep its pointer parameter `i` beyond the call (unknown or recursive: yes). */
  readonly escapes = (name: string, i: number): boolean => {
    const key = `${name}#${i}`;
    const known = this.escapeMemo.get(key);
    if (known !== undefined) {
      if (this.escapeOpen.has(key)) this.assumed = true;
      return known;
    }
    const fn = this.fns.get(name);
    if (!fn || fn.blocks.length === 0) return true;
    const kept = `${this.reachable(name)}#${i}`;
    const cached = this.cache.escape(kept);
    if (cached !== undefined) {
      this.escapeMemo.set(key, cached);
      return cached;
    }
    // Recursion assumes "escapes" for a call still being answered; such answers depend on the order of
    // questions, so only answers that assumed nothing are kept across calls.
    const outer = this.assumed;
    this.assumed = false;
    this.escapeMemo.set(key, true);
    this.escapeOpen.add(key);
    const r = paramEscapes(fn, i, this.escapes);
    this.escapeOpen.delete(key);
    this.escapeMemo.set(key, r);
    if (!this.assumed) this.cache.storeEscape(kept, r);
    this.assumed = outer || this.assumed;
    return r;
  };
}

export class Env {
  readonly module: IrModule;
  readonly tables: ModuleTables;
  readonly program: ProgramInfo;
  readonly hook: Hook;
  readonly opts: VerifyOptions;
  readonly entry: IrFunction | undefined;
  readonly maxSteps: number;
  /** Where exploration stops: the budget, or soon after the first error (the verdict is settled by then). */
  stopAt: number;
  steps = 0;
  private nextId = 1;
  private readonly found = new Map<string, VerifierDiagnostic>();
  /** Blocks left out by branches on read-only configuration ("fn:block"), not worth an unreachable warning. */
  readonly excused = new Set<string>();

  constructor(tables: ModuleTables, program: ProgramInfo, opts: VerifyOptions) {
    this.module = tables.module;
    this.tables = tables;
    this.program = program;
    this.hook = hookOf(program.type);
    this.opts = opts;
    this.maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
    this.stopAt = this.maxSteps;
    this.entry = tables.fn(program.name);
  }

  fn(name: string): IrFunction | undefined {
    return this.tables.fn(name);
  }

  info(fn: IrFunction): FnInfo {
    return this.tables.info(fn, fn === this.entry);
  }

  map(name: string): MapInfo | undefined {
    return this.tables.map(name);
  }

  global(name: string): GlobalInfo | undefined {
    return this.tables.global(name);
  }

  excuse(fn: string, block: number): void {
    this.excused.add(`${fn}:${block}`);
  }

  freshId(): number {
    return this.nextId++;
  }

  /** Records a diagnostic once per code, place and message. */
  report(d: VerifierDiagnostic): void {
    const key = `${d.code}|${d.range.file}|${d.range.start}|${d.range.end}|${d.message}`;
    if (this.found.has(key)) return;
    this.found.set(key, d);
    // Other paths may hold more mistakes worth showing, but not at any price.
    if (d.severity === 'error') this.stopAt = Math.min(this.stopAt, this.steps + AFTER_ERROR_STEPS);
  }

  diagnostics(): VerifierDiagnostic[] {
    return [...this.found.values()];
  }

  hasErrors(): boolean {
    for (const d of this.found.values()) if (d.severity === 'error') return true;
    return false;
  }

  /** The program's source text around a range, when the caller provided it. */
  text(file: string): string | undefined {
    return this.opts.source?.(file);
  }
}

/** One instruction being executed on one path. */
export interface Exec {
  env: Env;
  st: State;
  loc: Range;
}

/** "called from xdp_prog here" entries for every frame below the top, innermost first. */
export function callChain(st: State): Related[] {
  const out: Related[] = [];
  for (let i = st.frames.length - 1; i > 0; i--) {
    const ret = st.frames[i].ret;
    if (ret) out.push({ range: ret.call, message: `${st.frames[i].fn.name} called from ${st.frames[i - 1].fn.name} here` });
  }
  return out;
}

export type Outcome = 'ok' | 'stop';
