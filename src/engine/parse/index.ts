// The parse stage: preprocessed text → TranslationUnit (ast.ts), with syntax errors as diagnostics mapped back
// to the original files through the preprocessor's SourceMap.

import type { Diagnostic, Range, StageResult } from '../diagnostics';
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

function toRange(span: { start: number; end: number }, map: SourceMap | undefined): Range {
  return map ? map.toSource(span.start, span.end) : { file: '<input>', start: span.start, end: span.end };
}

function toDiagnostic(d: LocalDiag, map: SourceMap | undefined): Diagnostic {
  const out: Diagnostic = { code: d.code, severity: d.severity, stage: 'parse', range: toRange(d.span, map), message: d.message };
  if (d.related) out.related = d.related.map(r => ({ range: toRange(r.span, map), message: r.message }));
  return out;
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
