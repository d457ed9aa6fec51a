// What one program's exploration shares across paths: the module's tables, the hook, per-function analyses, id
// generators, the step budget and the diagnostics found so far (deduplicated: paths meet the same mistake often).

import type { Range, Related } from '../../diagnostics';
import type { GlobalInfo, IrFunction, IrModule, MapInfo, ProgramInfo } from '../../ir/ir';
import { analyseFunction, type FnInfo } from '../analysis/fninfo';
import { paramEscapes } from '../analysis/slots';
import type { VerifierDiagnostic } from '../checks/types';
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
}

export const DEFAULT_MAX_STEPS = 1_000_000;
/** The kernel's limit on branches waiting to be explored (BPF_COMPLEXITY_LIMIT_JMP_SEQ). */
export const MAX_PENDING = 8192;

export class Env {
  readonly module: IrModule;
  readonly program: ProgramInfo;
  readonly hook: Hook;
  readonly opts: VerifyOptions;
  readonly entry: IrFunction | undefined;
  readonly maxSteps: number;
  steps = 0;
  private nextId = 1;
  private readonly fns = new Map<string, IrFunction>();
  private readonly infos = new Map<IrFunction, FnInfo>();
  private readonly maps = new Map<string, MapInfo>();
  private readonly globals = new Map<string, GlobalInfo>();
  private readonly found = new Map<string, VerifierDiagnostic>();
  /** Blocks left out by branches on read-only configuration ("fn:block"), not worth an unreachable warning. */
  readonly excused = new Set<string>();

  constructor(module: IrModule, program: ProgramInfo, opts: VerifyOptions) {
    this.module = module;
    this.program = program;
    this.hook = hookOf(program.type);
    this.opts = opts;
    this.maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
    for (const f of module.functions) if (f.blocks.length > 0 || !this.fns.has(f.name)) this.fns.set(f.name, f);
    for (const m of module.maps) this.maps.set(m.name, m);
    for (const g of module.globals) this.globals.set(g.name, g);
    this.entry = this.fns.get(program.name);
  }

  fn(name: string): IrFunction | undefined {
    return this.fns.get(name);
  }

  info(fn: IrFunction): FnInfo {
    let i = this.infos.get(fn);
    if (!i) {
      i = analyseFunction(fn, fn === this.entry, this.escapes);
      this.infos.set(fn, i);
    }
    return i;
  }

  private readonly escapeMemo = new Map<string, boolean>();

  /** Whether function `name` may keep its pointer parameter `i` beyond the call (unknown or recursive: yes). */
  readonly escapes = (name: string, i: number): boolean => {
    const key = `${name}#${i}`;
    const known = this.escapeMemo.get(key);
    if (known !== undefined) return known;
    const fn = this.fns.get(name);
    if (!fn || fn.blocks.length === 0) return true;
    this.escapeMemo.set(key, true);
    const r = paramEscapes(fn, i, this.escapes);
    this.escapeMemo.set(key, r);
    return r;
  };

  map(name: string): MapInfo | undefined {
    return this.maps.get(name);
  }

  global(name: string): GlobalInfo | undefined {
    return this.globals.get(name);
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
    if (!this.found.has(key)) this.found.set(key, d);
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
