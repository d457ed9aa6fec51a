// The parse pipeline for one translation unit: prepass → tree-sitter → plain copy → side parses → converters.
//
// Top-level chunks whose text was converted cleanly before come from the item cache and are cut out of what
// tree-sitter reads. Chunks with problems are always converted on their own (tree-sitter's error recovery looks
// at the surrounding text), so the result is the same whichever chunks came from the cache.

import type { Span, TranslationUnit } from './ast';
import { replaceChunks, storeChunks, troubledChunks } from './chunks';
import type { LocalDiag } from './context';
import { convertIsolated, convertRoot, type Converted, type Source } from './convert';
import { liftTree, stretchKeywords } from './cst';
import { compact, mapBack } from './cut';
import { ItemCache, shiftedCopy, type CachedChunk } from './itemcache';
import type { Pieces } from './pieces';
import { prepass, type Prepass } from './prepass';
import { resolvePieces } from './sideparse';
import type { CParser } from './treesitter';

export interface UnitResult {
  unit: TranslationUnit;
  diags: LocalDiag[];
}

const caches = new WeakMap<CParser, ItemCache>();

function cacheFor(parser: CParser): ItemCache {
  let c = caches.get(parser);
  if (!c) {
    c = new ItemCache();
    caches.set(parser, c);
  }
  return c;
}

interface Hit {
  chunk: Span;
  entry: CachedChunk;
}

/** The pieces outside the cached chunks (those need no conversion). */
function piecesOutside(pre: Prepass, hits: Span[]): Pieces {
  const all: Pieces = { operands: pre.operands, offsetofs: pre.offsetofs, attrs: pre.attrs, caseRanges: pre.caseRanges };
  if (hits.length === 0) return all;
  const inHit = (pos: number): boolean => {
    let lo = 0;
    let hi = hits.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pos < hits[mid].start) hi = mid - 1;
      else if (pos >= hits[mid].end) lo = mid + 1;
      else return true;
    }
    return false;
  };
  return {
    operands: all.operands.filter(p => !inHit(p.start)),
    offsetofs: all.offsetofs.filter(p => !inHit(p.start)),
    attrs: all.attrs.filter(p => !inHit(p.start)),
    caseRanges: all.caseRanges.filter(p => !inHit(p)),
  };
}

function withNested(pieces: Pieces, text: string, parser: CParser): Pieces {
  const more = resolvePieces(pieces, text, parser);
  return {
    operands: [...pieces.operands, ...more.operands],
    offsetofs: [...pieces.offsetofs, ...more.offsetofs],
    attrs: [...pieces.attrs, ...more.attrs],
    caseRanges: [...pieces.caseRanges, ...more.caseRanges],
  };
}

/** Converts everything outside the `hits`; undefined if the cut text parsed into a node across a cut. */
function run(src: Source, pre: Prepass, hits: Hit[], cache: ItemCache | undefined): UnitResult | undefined {
  const hitSpans = hits.map(h => h.chunk);
  const cut = hits.length > 0 ? compact(pre.text, hitSpans) : undefined;
  const tree = src.parser.parseTree(cut ? cut.text : pre.text);
  let root;
  try {
    root = liftTree(tree, src.parser.types);
  } finally {
    tree.delete();
  }
  // With chunks cut out, anything odd at the top (a node across a cut, no translation unit at all) sends the
  // caller back to parsing the whole text.
  if (cut && (root.type !== 'translation_unit' || !mapBack(root, cut.segs, src.text.length))) return undefined;

  stretchKeywords(root, src.keywords);
  const pieces = withNested(piecesOutside(pre, hitSpans), src.text, src.parser);
  let result: Converted = convertRoot(src, root, pieces, 0);
  const hitSet = new Set(hitSpans);
  const converted = pre.chunks.filter(c => !hitSet.has(c));
  const troubled = troubledChunks(converted, result);
  if (troubled.length > 0) {
    result = replaceChunks(converted, result, troubled, troubled.map(c => convertIsolated(src, c, pieces)));
  }
  if (cache) storeChunks(cache, src.text, converted, result);

  const items = result.items;
  for (const h of hits) {
    const delta = h.chunk.start - h.entry.start;
    items.push(...(delta === 0 ? h.entry.items : shiftedCopy(h.entry.items, delta)));
  }
  if (hits.length > 0) items.sort((a, b) => a.span.start - b.span.start);
  result.diags.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { unit: { items, span: { start: 0, end: src.text.length } }, diags: result.diags };
}

function sourceOf(text: string, pre: Prepass, parser: CParser): Source {
  return { text, masked: pre.text, parser, keywords: pre.operands.filter(p => p.keyword) };
}

export function parseUnit(text: string, parser: CParser, useCache: boolean): UnitResult {
  const pre = prepass(text);
  const src = sourceOf(text, pre, parser);
  const cache = useCache ? cacheFor(parser) : undefined;
  const hits: Hit[] = [];
  if (cache) {
    for (const chunk of pre.chunks) {
      const entry = cache.get(text.slice(chunk.start, chunk.end));
      if (entry) hits.push({ chunk, entry });
    }
  }
  if (hits.length > 0) {
    const r = run(src, pre, hits, cache);
    if (r) return r;
    // The attempt marked attribute pieces as claimed: start again from a fresh prepass.
    const fresh = prepass(text);
    return run(sourceOf(text, fresh, parser), fresh, [], cache) as UnitResult;
  }
  return run(src, pre, [], cache) as UnitResult;
}
