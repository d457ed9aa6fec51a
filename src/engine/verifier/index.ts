// The verifier: proves packet, map, stack and loop safety of every XDP and TC program of a module, and says,
// on the source range, what is not proven, why, and how to fix it.

import type { IrModule } from '../ir/ir';
import type { VerifierDiagnostic } from './checks/types';
import { Env, type VerifyOptions } from './exec/env';
import { Explorer, type ExploreStats } from './explore';
import { StateRecorder } from './state-index';

export type { VerifierDiagnostic, TextEdit, CheckInfo } from './checks/types';
export type { VerifyOptions } from './exec/env';
export type { ExploreStats } from './explore';
export { CHECKS } from './checks';

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
  return { programs: module.programs.map(p => verifyProgram(module, p.name, opts)) };
}

function verifyProgram(module: IrModule, name: string, opts: VerifyOptions): ProgramVerdict {
  const program = module.programs.find(p => p.name === name)!;
  const env = new Env(module, program, opts);
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
