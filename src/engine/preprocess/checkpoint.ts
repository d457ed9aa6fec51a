// The preprocessor's state just after the main file's last top-level #include, kept across runs. Most of a BPF
// translation unit is header text that an edit in the main file never changes; a later run whose main file starts
// with the same text (up to that point), with the same options, built-in headers and host answers, picks up from
// the saved state instead of reading every header again. The output is the same either way (test/frontend).

import type { Diagnostic } from '../diagnostics';
import type { EmitterState } from './emit';
import { sameAnswers, type HostQuery } from './includes';
import type { LexedFile, Token } from './lexer';
import type { Macro } from './macros';
import type { CondFrame } from './reader';
import type { LoopHint, PreprocessOptions } from './types';

export interface Checkpoint {
  // ---- when it applies ----
  file: string;
  options: string;
  builtins: Readonly<Record<string, string>> | undefined;
  /** The main file's text before the first token after the #include line. */
  prefix: string;
  hostLog: HostQuery[];
  // ---- where the main file's reader stood ----
  tokIndex: number;
  /** End of the token before tokIndex (the #include line's last), checked against the new text's tokens. */
  lastEnd: number;
  consumedEnd: number;
  conds: CondFrame[];
  emittedEnd: number;
  owed: number;
  // ---- the run's state (never changed after capture; restored by copying) ----
  macros: Map<string, Macro>;
  pushedMacros: Map<string, Array<Macro | undefined>>;
  onceFiles: Set<string>;
  /** Files other than the main one, in order, with their indices and lexed text. */
  files: Array<{ path: string; text: string }>;
  lexByPath: Map<string, LexedFile>;
  problemsReported: Set<number>;
  loopHints: LoopHint[];
  counter: number;
  /** Diagnostics before the main file's lexing problems, and after them up to the checkpoint. */
  diagsBefore: Diagnostic[];
  diagsAfter: Diagnostic[];
  emit: EmitterState;
}

const MAX_FILES = 8;
const saved = new Map<string, Checkpoint>();

/** Everything in the options but the text and host (each is checked on its own). */
export function optionsKey(o: PreprocessOptions): string {
  return JSON.stringify([o.includeDirs, o.defines, o.undefines, o.macroOptions, o.forcedIncludes]);
}

/** The saved state for this run, if it applies. */
export function findCheckpoint(o: PreprocessOptions): Checkpoint | undefined {
  const cp = saved.get(o.file);
  if (cp === undefined || cp.builtins !== o.builtinHeaders || cp.options !== optionsKey(o)) return undefined;
  if (!o.text.startsWith(cp.prefix)) return undefined;
  return sameAnswers(o.host, cp.hostLog) ? cp : undefined;
}

/** The new text's tokens continue the saved ones (its prefix is the same, so those are too). */
export function fitsTokens(cp: Checkpoint, lex: LexedFile): boolean {
  const toks: Token[] = lex.tokens;
  return lex.guard === null && toks.length > cp.tokIndex && toks[cp.tokIndex - 1].end === cp.lastEnd
    && toks[cp.tokIndex].start >= cp.prefix.length;
}

export function storeCheckpoint(cp: Checkpoint): void {
  saved.delete(cp.file);
  saved.set(cp.file, cp);
  while (saved.size > MAX_FILES) saved.delete(saved.keys().next().value as string);
}

/** A diagnostic handed out again: a copy, so a caller that changes one cannot change a later run's. */
export function copyDiagnostic(d: Diagnostic): Diagnostic {
  const c: Diagnostic = { ...d, range: { ...d.range } };
  if (d.related !== undefined) c.related = d.related.map(r => ({ range: { ...r.range }, message: r.message }));
  return c;
}
