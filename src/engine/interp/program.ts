// prepareProgram: everything that can be decided before the first packet. It builds the machine (maps,
// globals, context and stack), compiles the program's entry function and every function it can reach, and
// refuses - with diagnostics at the offending spots - programs that call helpers the interpreter does not
// model, use inline assembly, or name maps of types it cannot run. Other programs of the same type are
// compiled too, as tail-call targets; one that cannot be compiled only fails when a tail call reaches it.

import type { Diagnostic } from '../diagnostics';
import type { IrFunction, IrModule, ProgramType } from '../ir/ir';
import { CFunc, compileFunc, CompileEnv, createFunc } from './compile';
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
}

export type PrepareResult =
  | { program: PreparedProgram; diagnostics: Diagnostic[] }
  | { error: string; diagnostics: Diagnostic[] };

export function prepareProgram(module: IrModule, programName: string, opts: PrepareOptions = {}): PrepareResult {
  try {
    return prepare(module, programName, opts);
  } catch (e) {
    const range = module.programs[0]?.range ?? { file: '', start: 0, end: 0 };
    const message = `internal error preparing ${programName}: ${(e as Error).message}`;
    return { error: message, diagnostics: [{ code: 'INTERNAL', severity: 'error', stage: 'interp', range, message }] };
  }
}

function prepare(module: IrModule, programName: string, opts: PrepareOptions): PrepareResult {
  const info = module.programs.find(p => p.name === programName);
  if (!info) {
    const known = module.programs.map(p => p.name).join(', ') || 'none';
    return { error: `no program named '${programName}' (programs: ${known})`, diagnostics: [] };
  }
  const m = new Machine(info.type, opts);
  m.xdpCtx.devmapProgram = /\/devmap$/.test(info.section);
  const diagnostics: Diagnostic[] = [];
  const mapErrors = new Map<string, string>();
  for (const map of module.maps) {
    const err = m.maps.add(map);
    if (err) mapErrors.set(map.name, err);
  }
  const globals = new GlobalLayout(m.mem, module.globals);
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

  const program: PreparedProgram = { name: info.name, type: info.type, machine: m, entry: funcs.get(info.name)!, globals };
  if (opts.maps) {
    const errs = applyMapContents(m.maps, globals, m.programs, opts.maps);
    if (errs.length > 0) {
      const diags = errs.map((message): Diagnostic => ({ code: 'INTERP_MAP_INIT', severity: 'error', stage: 'interp', range: info.range, message }));
      return { error: `map contents rejected: ${errs[0]}`, diagnostics: [...diagnostics, ...diags] };
    }
  }
  return { program, diagnostics };
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
