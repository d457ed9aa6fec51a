// The front end as one call: preprocess → parse → types + IR. Each stage's diagnostics are kept; a stage that
// fails still hands what it could to the next, so one bad line does not hide the rest of the file.

import type { Diagnostic } from './diagnostics';
import { BUILTIN_HEADERS } from './headers';
import type { IrModule } from './ir/ir';
import { lowerModule } from './ir/lower-module';
import type { TranslationUnit } from './parse/ast';
import { parse } from './parse';
import type { CParser } from './parse/treesitter';
import { preprocess } from './preprocess';
import type { PreprocessOptions, PreprocessOutput } from './preprocess/types';

export type FrontendOptions = Omit<PreprocessOptions, 'builtinHeaders'>;

export interface FrontendResult {
  pp: PreprocessOutput;
  tu: TranslationUnit;
  module: IrModule;
  diagnostics: Diagnostic[];
  /** Milliseconds per stage, for the benchmark and --timings. */
  timings: { preprocess: number; parse: number; lower: number };
}

export interface FrontendRunOptions {
  /**
   * Reuse work from earlier runs whose inputs were the same (default true): the preprocessor's state after the
   * main file's includes, the parser's items, lowering's header prefix. The result is equal either way; false is
   * for tests that check exactly that.
   */
  cache?: boolean;
}

export function runFrontend(parser: CParser, opts: FrontendOptions, run?: FrontendRunOptions): FrontendResult {
  const cache = run?.cache ?? true;
  const t0 = performance.now();
  const pp = preprocess({ ...opts, builtinHeaders: BUILTIN_HEADERS }, { cache });
  const t1 = performance.now();
  const map = pp.value.map;
  const tu = parse(pp.value.text, parser, map, { cache });
  const t2 = performance.now();
  const toRange = (s: { start: number; end: number }) => map.toSource(s.start, s.end);
  let lowered: ReturnType<typeof lowerModule>;
  try {
    const reuse = cache ? { key: opts.file, text: pp.value.text, source: opts.text, files: pp.value.files } : undefined;
    lowered = lowerModule(tu.value, toRange, pp.value.loopHints, reuse);
  } catch (err) {
    lowered = {
      module: { functions: [], programs: [], maps: [], globals: [], helpers: new Map() },
      diagnostics: [{
        code: 'INTERNAL', severity: 'error', stage: 'ir',
        range: { file: opts.file, start: 0, end: 0 },
        message: `internal error in the front end: ${(err as Error).message}`,
      }],
    };
  }
  const t3 = performance.now();
  return {
    pp: pp.value,
    tu: tu.value,
    module: lowered.module,
    diagnostics: [...pp.diagnostics, ...tu.diagnostics, ...lowered.diagnostics],
    timings: { preprocess: t1 - t0, parse: t2 - t1, lower: t3 - t2 },
  };
}
