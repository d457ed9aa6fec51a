// Compile-and-prepare shortcuts for the interpreter tests.

import { compileFile, compileText } from '../support/frontend';
import { prepareProgram } from '../../src/engine/interp';
import type { PreparedProgram, PrepareOptions, PrepareResult } from '../../src/engine/interp';

export const HEADERS = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n#include <bpf/bpf_endian.h>\n';

async function prepareFrom(fr: Awaited<ReturnType<typeof compileText>>, program: string | undefined, opts: PrepareOptions): Promise<PrepareResult> {
  const errors = fr.diagnostics.filter(d => d.severity === 'error');
  if (errors.length > 0) throw new Error(`front end: ${errors.map(e => e.message).join('; ')}`);
  const name = program ?? fr.module.programs[0]?.name ?? '';
  return prepareProgram(fr.module, name, { files: fr.pp.files, ...opts });
}

/** Prepares a program from C text (the first program unless named); throws if it cannot be prepared. */
export async function programFromText(text: string, program?: string, opts: PrepareOptions = {}): Promise<PreparedProgram> {
  const r = await prepareFrom(await compileText(text, '/src/t.c'), program, opts);
  if ('error' in r) throw new Error(r.error);
  return r.program;
}

export async function prepareText(text: string, program?: string, opts: PrepareOptions = {}): Promise<PrepareResult> {
  return prepareFrom(await compileText(text, '/src/t.c'), program, opts);
}

export async function programFromFile(file: string, program?: string, opts: PrepareOptions = {}): Promise<PreparedProgram> {
  const r = await prepareFrom(await compileFile(file), program, opts);
  if ('error' in r) throw new Error(r.error);
  return r.program;
}

/** Line of a 1-based line/column for a range start in the test source. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
