// The C preprocessor stage: macro expansion, conditionals, includes and pragmas, with a map from every output
// offset back to the sources. Never throws: an internal failure becomes a diagnostic and the text passes through.

import { diag, type StageResult } from '../diagnostics';
import { Preprocessor } from './preprocessor';
import { OutputBuilder } from './sourcemap';
import type { PreprocessOptions, PreprocessOutput } from './types';

export type { IncludeHost, LoopHint, MacroOption, PreprocessOptions, PreprocessOutput, SourceMap } from './types';

export interface PreprocessRunOptions {
  /**
   * Continue from the state saved after the main file's last top-level #include by an earlier run on the same
   * file, when it applies, and save this run's (default true). The result is the same either way.
   */
  cache?: boolean;
}

export function preprocess(opts: PreprocessOptions, run?: PreprocessRunOptions): StageResult<PreprocessOutput> {
  let pp: Preprocessor | null = null;
  try {
    pp = new Preprocessor(opts, run?.cache ?? true);
    const value = pp.run();
    return { value, diagnostics: pp.diagnostics };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const d = diag('preprocess', 'error', 'PP_INTERNAL', { file: opts.file, start: 0, end: 0 },
      `internal preprocessor error: ${message}`);
    return { value: passThrough(opts), diagnostics: [...(pp?.diagnostics ?? []), d] };
  }
}

/** The main file unchanged, mapped to itself: what later stages get if preprocessing itself failed. */
function passThrough(opts: PreprocessOptions): PreprocessOutput {
  const out = new OutputBuilder();
  out.copy(0, opts.text, 0, opts.text.length);
  const { text, map } = out.finish([opts.file], opts.file);
  return { text, map, loopHints: [], files: [{ path: opts.file, text: opts.text }], macros: new Map() };
}
