// prepareProgram: everything that can be decided before the first packet. It builds the machine (maps,
// globals, context and stack), compiles the program's entry function and every function it can reach, and
// refuses - with diagnostics at the offending spots - programs that call helpers the interpreter does not
// model, use inline assembly, or name maps of types it cannot run. Other programs of the same type are
// compiled too, as tail-call targets; one that cannot be compiled only fails when a tail call reaches it.

import type { Diagnostic } from '../diagnostics';
import type { IrFunction, IrModule, ProgramType } from '../ir/ir';
import { CFunc, compileFunc, CompileEnv, createFunc } from './compile';
import { compileFast, FastFallback } from './fast';
import { FrameOutput } from './frame';
import { GlobalLayout } from './globals';
import { HELPERS } from './helpers/table';
import { Machine, ProgramRef } from './machine';
import { applyMapContents, dumpMapContents } from './map-contents';
import type { MapContents, PrepareOptions } from './types';

export interface PreparedProgram {
  readonly name: string;
  readonly type: ProgramType;
  readonly machine: Machine;
  readonly entry: CFunc;
  readonly globals: GlobalLayout;
  /** How packets without a step hook run: generated JavaScript ('fast') or the traced closures. */
  readonly mode: 'fast' | 'traced';
  /** Fast mode: functions left as closures because their code could not be generated ('*': all of them). */
  readonly fastFallbacks: readonly FastFallback[];
  /** What the last packet left (runFrame's results, read on demand). */
  readonly frame: FrameOutput;
}

export type PrepareResult =
  | { program: PreparedProgram; diagnostics: Diagnostic[] }
  | { error: string; diagnostics: Diagnostic[] };

/**
 * `shareMapsWith`: a program prepared earlier from the same module whose maps and global sections this one uses
 * (programs of one object attached at once, e.g. XDP and TC sharing a map). Its map contents are not applied
 * again; pass `opts.maps` to the first program only (or use initMaps).
 */
export function prepareProgram(module: IrModule, programName: string, opts: PrepareOptions = {}, shareMapsWith?: PreparedProgram): PrepareResult {
  try {
    return prepare(module, programName, opts, shareMapsWith);
  } catch (e) {
    const range = module.programs[0]?.range ?? { file: '', start: 0, end: 0 };
    const message = `internal error preparing ${programName}: ${(e as Error).message}`;
    return { error: message, diagnostics: [{ code: 'INTERNAL', severity: 'error', stage: 'interp', range, message }] };
  }
}

function prepare(module: IrModule, programName: string, opts: PrepareOptions, peer: PreparedProgram | undefined): PrepareResult {
  const info = module.programs.find(p => p.name === programName);
  if (!info) {
    const known = module.programs.map(p => p.name).join(', ') || 'none';
    return { error: `no program named '${programName}' (programs: ${known})`, diagnostics: [] };
  }
  const m = new Machine(info.type, opts, peer ? { mem: peer.machine.mem, maps: peer.machine.maps } : undefined);
  m.xdpCtx.devmapProgram = /\/devmap$/.test(info.section);
  const diagnostics: Diagnostic[] = [];
  const mapErrors = new Map<string, string>();
  for (const map of peer ? [] : module.maps) {
    const err = m.maps.add(map);
    if (err) mapErrors.set(map.name, err);
  }
  const globals = peer?.globals ?? new GlobalLayout(m.mem, module.globals);
  const funcs = new Map<string, CFunc>();
  module.functions.forEach((f, i) => funcs.set(f.name, createFunc(f, i)));
  m.funcs = module.functions.map(f => funcs.get(f.name)!);

  const compileFrom = (entry: string): Diagnostic[] => {
    const diags: Diagnostic[] = [];
    const env: CompileEnv = { m, funcs, helpers: HELPERS, diags, global: name => globals.address(name) };
    for (const name of reachable(module, entry)) {
      const cf = funcs.get(name);
      if (cf && cf.blocks.length === 0) compileFunc(env, cf);
    }
    for (const d of diags) {
      const reason = d.code === 'INTERP_NO_MAP' ? mapErrors.get(d.message.match(/map '([^']+)'/)?.[1] ?? '') : undefined;
      if (reason) d.message = reason;
    }
    return diags;
  };

  diagnostics.push(...compileFrom(info.name));
  const errors = diagnostics.filter(d => d.severity === 'error');
  if (errors.length > 0) return { error: `${programName} cannot be simulated: ${errors[0].message}`, diagnostics };

  m.programs = module.programs.map((p): ProgramRef => {
    const entry = funcs.get(p.name)!;
    const ok = p.type === info.type && (p.name === info.name || compileFrom(p.name).length === 0);
    return { name: p.name, type: p.type, entry: ok ? entry : refused(p.name) };
  });

  const mode = opts.mode ?? 'fast';
  const fastFallbacks = mode === 'fast' ? prepareFast(module, m, funcs, globals) : [];
  const program: PreparedProgram = { name: info.name, type: info.type, machine: m, entry: funcs.get(info.name)!, globals, mode, fastFallbacks, frame: new FrameOutput(m, info.type) };
  if (opts.maps) {
    const errs = applyMapContents(m.maps, globals, m.programs, opts.maps);
    if (errs.length > 0) {
      const diags = errs.map((message): Diagnostic => ({ code: 'INTERP_MAP_INIT', severity: 'error', stage: 'interp', range: info.range, message }));
      return { error: `map contents rejected: ${errs[0]}`, diagnostics: [...diagnostics, ...diags] };
    }
  }
  return { program, diagnostics };
}

/** Fast code for every function the runnable programs reach (their closures compiled without errors). */
function prepareFast(module: IrModule, m: Machine, funcs: Map<string, CFunc>, globals: GlobalLayout): FastFallback[] {
  const names = new Set<string>();
  for (const p of m.programs) if (p.entry.index >= 0) for (const n of reachable(module, p.name)) names.add(n);
  const list = [...names].map(n => funcs.get(n)).filter((cf): cf is CFunc => cf !== undefined && cf.blocks.length > 0);
  const env: CompileEnv = { m, funcs, helpers: HELPERS, diags: [], global: name => globals.address(name) };
  return compileFast(env, module, list);
}

/** A stand-in entry for a program that cannot run here: reaching it through a tail call is an error. */
function refused(name: string): CFunc {
  return { name, index: -1 } as unknown as CFunc;
}

/** Functions reachable from an entry through calls and function addresses. */
function reachable(module: IrModule, entry: string): string[] {
  const byName = new Map<string, IrFunction>(module.functions.map(f => [f.name, f]));
  const seen = new Set<string>();
  const work = [entry];
  while (work.length > 0) {
    const name = work.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const f = byName.get(name);
    if (!f) continue;
    for (const b of f.blocks) {
      for (const i of b.insts) {
        if (i.op === 'callfn') work.push(i.fn);
        if (i.op === 'addr' && i.base.k === 'func') work.push(i.base.name);
      }
    }
  }
  return [...seen];
}

/** Sets map contents on a prepared program (between packets); returns the entries that were refused. */
export function initMaps(program: PreparedProgram, contents: MapContents): string[] {
  try {
    return applyMapContents(program.machine.maps, program.globals, program.machine.programs, contents);
  } catch (e) {
    return [`internal error setting map contents: ${(e as Error).message}`];
  }
}

/** Every map's and global section's contents (empty on an internal error, which is a bug). */
export function dumpMaps(program: PreparedProgram): MapContents {
  try {
    return dumpMapContents(program.machine.maps, program.globals);
  } catch {
    return {};
  }
}
