// The verifier: proves packet, map, stack and loop safety of every XDP and TC program of a module, and says,
// on the source range, what is not proven, why, and how to fix it.

import type { IrModule, ProgramInfo } from '../ir/ir';
import type { VerifierDiagnostic } from './checks/types';
import { sharedCache, VerifyCache } from './cache';
import { Env, ModuleTables, type VerifyOptions } from './exec/env';
import { Explorer, type ExploreStats } from './explore';
import { StateRecorder } from './state-index';

export type { VerifierDiagnostic, TextEdit, CheckInfo } from './checks/types';
export type { VerifyOptions } from './exec/env';
export type { ExploreStats } from './explore';
export { CHECKS } from './checks';
export { VerifyCache } from './cache';

export interface ProgramVerdict {
  name: string;
  section: string;
  verdict: 'accept' | 'reject';
  diagnostics: VerifierDiagnostic[];
  stats: ExploreStats;
  /** Present when verified with recordStates. */
  states?: StateRecorder;
}

export interface VerifyResult {
  programs: ProgramVerdict[];
}

export function verifyModule(module: IrModule, opts: VerifyOptions = {}): VerifyResult {
  const cache = opts.cache ?? sharedCache;
  const tables = new ModuleTables(module, cache);
  const wanted = opts.only ? module.programs.filter(p => opts.only!.includes(p.name)) : module.programs;
  return { programs: wanted.map(p => verifyCached(cache, tables, p, opts)) };
}

/** A program whose code, data and options are as when it was last verified without findings is not explored again. */
function verifyCached(cache: VerifyCache, tables: ModuleTables, program: ProgramInfo, opts: VerifyOptions): ProgramVerdict {
  if (opts.recordStates) return verifyProgram(tables, program, opts);
  const key = [
    program.name, program.section, program.type, opts.maxSteps ?? '', opts.rodataUnknown ? 'rodata-unknown' : '',
    tables.reachable(program.name), tables.data(),
  ].join('\n');
  const hit = cache.verdict(key);
  if (hit) return { name: program.name, section: program.section, verdict: hit.verdict, diagnostics: [], stats: { ...hit.stats } };
  const out = verifyProgram(tables, program, opts);
  if (out.diagnostics.length === 0) cache.storeVerdict(key, { verdict: out.verdict, stats: { ...out.stats } });
  return out;
}

function verifyProgram(tables: ModuleTables, program: ProgramInfo, opts: VerifyOptions): ProgramVerdict {
  const env = new Env(tables, program, opts);
  const recorder = opts.recordStates ? new StateRecorder() : undefined;
  const explorer = new Explorer(env, recorder);
  try {
    explorer.run();
  } catch (err) {
    // A bug, not bad input: report it on the program and keep verifying the others.
    env.report({
      code: 'INTERNAL', severity: 'error', stage: 'verify', range: program.range, related: [], kernel: '',
      message: `internal error in the verifier: ${(err as Error).message}`,
    });
  }
  const diagnostics = env.diagnostics().sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  const out: ProgramVerdict = {
    name: program.name,
    section: program.section,
    verdict: env.hasErrors() ? 'reject' : 'accept',
    diagnostics,
    stats: explorer.stats,
  };
  if (recorder) out.states = recorder;
  return out;
}

/**
 * The abstract state at a source position of a program verified with `recordStates`, as canonical lines
 * ("iph: packet+14, proven 34"), merged over the paths that reach it; undefined where no instruction is.
 */
export function stateAt(program: ProgramVerdict, file: string, offset: number): string[] | undefined {
  return program.states?.at(file, offset);
}
