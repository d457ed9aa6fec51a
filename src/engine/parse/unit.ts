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
import { deepFreeze, ItemCache, shiftedCopy, type CachedChunk } from './itemcache';
import type { Pieces } from './pieces';
import { prepass, type Prepass } from './prepass';
import { resumePrepass, type LastParse } from './resume';
import { resolvePieces } from './sideparse';
import type { CParser } from './treesitter';

export interface UnitResult {
  unit: TranslationUnit;
  diags: LocalDiag[];
}

const caches = new WeakMap<CParser, ItemCache>();
const lastParses = new WeakMap<CParser, LastParse>();

/** The item cache every parse with this parser shares. */
export function cacheFor(parser: CParser): ItemCache {
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

interface RunResult extends UnitResult {
  /** Per chunk, the cache entry its items came from or were stored in. */
  entries: Array<CachedChunk | undefined>;
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
function run(src: Source, pre: Prepass, hits: Hit[], cache: ItemCache | undefined): RunResult | undefined {
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
  const byChunk = cache ? storeChunks(cache, src.text, converted, result) : new Map<Span, CachedChunk>();

  const items = result.items;
  for (const h of hits) {
    const entry = h.chunk.start === h.entry.start ? h.entry : moved(cache, src.text, h);
    items.push(...entry.items);
    byChunk.set(h.chunk, entry);
  }
  if (hits.length > 0) items.sort((a, b) => a.span.start - b.span.start);
  result.diags.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const entries = pre.chunks.map(c => byChunk.get(c));
  return { unit: { items, span: { start: 0, end: src.text.length } }, diags: result.diags, entries };
}

/**
 * A hit at another place than where it was cached: its items copied with moved spans, cached at the new place
 * (frozen like every cached item), so the next parse with the item at the same place shares it again.
 */
function moved(cache: ItemCache | undefined, text: string, h: Hit): CachedChunk {
  const items = shiftedCopy(h.entry.items, h.chunk.start - h.entry.start);
  deepFreeze(items);
  const entry = { start: h.chunk.start, items };
  cache?.set(text.slice(h.chunk.start, h.chunk.end), entry);
  return entry;
}

function sourceOf(text: string, pre: Prepass, parser: CParser): Source {
  return { text, masked: pre.text, parser, keywords: pre.operands.filter(p => p.keyword) };
}

export function parseUnit(text: string, parser: CParser, useCache: boolean): UnitResult {
  if (!useCache) {
    const pre = prepass(text);
    return run(sourceOf(text, pre, parser), pre, [], undefined) as UnitResult;
  }
  const cache = cacheFor(parser);
  const last = lastParses.get(parser);
  const { pre, kept } = resumePrepass(text, last);
  const src = sourceOf(text, pre, parser);
  const hits: Hit[] = [];
  for (let i = 0; i < pre.chunks.length; i++) {
    const chunk = pre.chunks[i];
    // A kept chunk has the same text at the same place as last time: the entry it had then is what a look-up
    // would find (or an equal one).
    const entry = (i < kept ? last!.entries[i] : undefined) ?? cache.get(text.slice(chunk.start, chunk.end));
    if (entry) hits.push({ chunk, entry });
  }
  let r = run(src, pre, hits, cache);
  if (!r) {
    // The attempt marked attribute pieces as claimed: start again from a fresh prepass.
    const fresh = prepass(text);
    r = run(sourceOf(text, fresh, parser), fresh, [], cache) as RunResult;
    lastParses.set(parser, { text, pre: fresh, entries: r.entries });
  } else {
    lastParses.set(parser, { text, pre, entries: r.entries });
  }
  return { unit: r.unit, diags: r.diags };
}
