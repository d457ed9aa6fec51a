// The parse stage: preprocessed text → TranslationUnit (ast.ts), with syntax errors as diagnostics mapped back
// to the original files through the preprocessor's SourceMap.

import type { Diagnostic, Range, StageResult } from '../diagnostics';
import type { SourceMap } from '../preprocess/types';
import type { TranslationUnit } from './ast';
import type { LocalDiag } from './context';
import type { CParser } from './treesitter';
import { cacheFor, parseUnit } from './unit';
import type { CachedChunk } from './itemcache';

export type { CParser } from './treesitter';
export { loadCParser } from './treesitter';
export type { CachedChunk } from './itemcache';

/**
 * The converted items this parser keeps between parses, for a host that saves them between processes (the CLI
 * keeps them on disk so the built-in headers are not parsed again on every run): seed it before parsing, take
 * the entries after when `changed` says something was added.
 */
export function itemCache(parser: CParser): { entries(): Array<[string, CachedChunk]>; seed(e: ReadonlyArray<readonly [string, CachedChunk]>): void; takeChanged(): boolean } {
  return cacheFor(parser);
}

export interface ParseOptions {
  /**
   * Reuse converted top-level items whose text was seen in an earlier parse with the same CParser (default
   * true). The result is equal either way; with the cache, items that did not change are shared (frozen).
   */
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

/**
 * Parses preprocessed text. Spans in the AST are offsets into `text`; diagnostic ranges are mapped through `map`
 * (without one: file "<input>", offsets into `text`). Never throws. The AST is read-only: top-level items that
 * parsed cleanly are frozen and may be shared with later results.
 */
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
