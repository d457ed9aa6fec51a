// The parse stage: preprocessed text → TranslationUnit (ast.ts), with syntax errors as diagnostics mapped back
// to the original files through the preprocessor's SourceMap.

import type { Diagnostic, StageResult } from '../diagnostics';
import type { SourceMap } from '../preprocess/types';
import type { TranslationUnit } from './ast';
import type { LocalDiag } from './context';
import type { CParser } from './treesitter';
import { parseUnit } from './unit';

export type { CParser } from './treesitter';
export { loadCParser } from './treesitter';

export interface ParseOptions {
  /** Reuse converted top-level items from earlier parses with this parser (default true). */
  cache?: boolean;
}

function toDiagnostic(d: LocalDiag, map: SourceMap | undefined): Diagnostic {
  const range = map ? map.toSource(d.span.start, d.span.end) : { file: '<input>', start: d.span.start, end: d.span.end };
  return { code: d.code, severity: d.severity, stage: 'parse', range, message: d.message };
}

export function parse(text: string, parser: CParser, map?: SourceMap, options?: ParseOptions): StageResult<TranslationUnit> {
  try {
    const r = parseUnit(text, parser, options?.cache ?? true);
    return { value: r.unit, diagnostics: r.diags.map(d => toDiagnostic(d, map)) };
  } catch (e) {
    // The converters are written not to throw; this keeps a bug from taking the whole pipeline down.
    const message = e instanceof Error ? e.message : String(e);
    const span = { start: 0, end: 0 };
    return {
      value: { items: [], span: { start: 0, end: text.length } },
      diagnostics: [toDiagnostic({ code: 'PARSE_INTERNAL', severity: 'error', span, message: `internal parser error: ${message}` }, map)],
    };
  }
}
