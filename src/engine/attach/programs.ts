// The programs a scenario attaches, prepared as one loaded object: the first prepared program makes the maps and
// global sections, every other one is prepared against them (libbpf loads an object's maps once and every program
// of it uses the same map fds), so an XDP and a TC program counting into one map see each other's updates.

import type { Diagnostic, Range } from '../diagnostics';
import type { IrModule, ProgramInfo } from '../ir/ir';
import { prepareProgram, type PreparedProgram } from '../interp';
import type { Machine } from '../interp/machine';
import type { PrepareOptions } from '../interp/types';
import type { AttachConfig, Hook } from '../path/scenario-types';

export interface ProgramSet {
  /** Prepared programs by the name the scenario uses for them. */
  readonly byName: Map<string, PreparedProgram>;
  /** The program that made the maps (undefined when nothing could be prepared). */
  readonly owner: PreparedProgram | undefined;
  /** Every machine sharing those maps, so the runner can tell all of them which CPU is running. */
  readonly machines: Machine[];
  readonly diagnostics: Diagnostic[];
}

export function hookType(hook: Hook): 'xdp' | 'tc' {
  return hook === 'xdp' ? 'xdp' : 'tc';
}

/** A program by function name, else by its unique section name ("xdp", "tc/ingress"). */
export function findProgram(module: IrModule, name: string): ProgramInfo | ProgramInfo[] | undefined {
  const byFn = module.programs.find(p => p.name === name);
  if (byFn) return byFn;
  const bySection = module.programs.filter(p => p.section === name);
  if (bySection.length === 1) return bySection[0];
  return bySection.length > 1 ? bySection : undefined;
}

export interface AttachRequest {
  attach: AttachConfig;
  /** Where the request came from, for messages ("$.programs[1]" or "--program"). */
  origin: string;
}

/**
 * Prepares every attached program once (a program attached at several places is one program). `range` places
 * problems that belong to no source line (the scenario's).
 */
export function prepareAttached(module: IrModule, requests: AttachRequest[], opts: PrepareOptions, range: Range): ProgramSet {
  const byName = new Map<string, PreparedProgram>();
  const machines: Machine[] = [];
  const diagnostics: Diagnostic[] = [];
  const failed = new Set<string>();
  let owner: PreparedProgram | undefined;
  const problem = (at: Range, message: string): void => {
    diagnostics.push({ code: 'PATH_ATTACH', severity: 'error', stage: 'interp', range: at, message });
  };
  for (const { attach, origin } of requests) {
    const found = findProgram(module, attach.program);
    if (!found || Array.isArray(found)) {
      if (failed.has(attach.program)) continue;
      failed.add(attach.program);
      const known = module.programs.map(p => `${p.name} (${p.section})`).join(', ') || 'none';
      const why = found ? `section "${attach.program}" holds ${found.length} programs; name one of ${found.map(p => p.name).join(', ')}` : `no program named '${attach.program}' (programs: ${known})`;
      problem(range, `${origin}: ${why}`);
      continue;
    }
    const want = hookType(attach.hook);
    if (found.type !== want) {
      problem(found.range, `${origin}: ${found.name} is a${found.type === 'xdp' ? 'n XDP' : ' TC'} program (section "${found.section}") and cannot be attached at ${attach.hook}`);
      continue;
    }
    if (byName.has(attach.program) || failed.has(attach.program)) continue;
    const r = prepareProgram(module, found.name, opts, owner);
    diagnostics.push(...r.diagnostics);
    if ('error' in r) {
      failed.add(attach.program);
      if (!r.diagnostics.some(d => d.severity === 'error')) problem(found.range, r.error);
      continue;
    }
    owner ??= r.program;
    byName.set(attach.program, r.program);
    machines.push(r.program.machine);
  }
  return { byName, owner, machines, diagnostics };
}
