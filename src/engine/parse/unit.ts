// The parse pipeline for one translation unit: prepass → tree-sitter → plain copy → side parses → converters,
// with top-level items whose text was seen before taken from the item cache instead.

import type { Span, TopLevel, TranslationUnit } from './ast';
import { Ctx, type LocalDiag } from './context';
import { liftTree } from './cst';
import { syntaxErrors } from './errors';
import { ItemCache, shiftedCopy, type CachedChunk } from './itemcache';
import { fragsOf, type Pieces } from './pieces';
import { prepass, type Prepass } from './prepass';
import { resolvePieces } from './sideparse';
import { topLevelItems } from './toplevel';
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

function blankRanges(text: string, ranges: Span[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const r of ranges) {
    parts.push(text.slice(at, r.start), text.slice(r.start, r.end).replace(/[^\n]/g, ' '));
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The pieces that lie outside the chunks taken from the cache. */
function piecesOutside(pre: Prepass, hits: Span[]): Pieces {
  if (hits.length === 0) return { typeofs: pre.typeofs, offsetofs: pre.offsetofs, attrs: pre.attrs, caseRanges: pre.caseRanges };
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
    typeofs: pre.typeofs.filter(p => !inHit(p.start)),
    offsetofs: pre.offsetofs.filter(p => !inHit(p.start)),
    attrs: pre.attrs.filter(p => !inHit(p.start)),
    caseRanges: pre.caseRanges.filter(p => !inHit(p)),
  };
}

function mergePieces(into: Pieces, more: Pieces): void {
  into.typeofs.push(...more.typeofs);
  into.offsetofs.push(...more.offsetofs);
  into.attrs.push(...more.attrs);
  into.caseRanges.push(...more.caseRanges);
}

/**
 * Caches each converted chunk whose items lie wholly inside it and that produced no diagnostics. The chunking
 * is a bracket-counting guess; this check against the real parse is what makes reusing a chunk safe.
 */
function store(cache: ItemCache, text: string, chunks: Span[], items: TopLevel[], diags: LocalDiag[]): void {
  let i = 0;
  for (const c of chunks) {
    let clean = i === 0 || items[i - 1].span.end <= c.start;
    const mine: TopLevel[] = [];
    while (i < items.length && items[i].span.start < c.end) {
      const it = items[i++];
      if (it.span.start < c.start || it.span.end > c.end) clean = false;
      mine.push(it);
    }
    if (!clean || diags.some(d => d.span.start <= c.end && d.span.end >= c.start)) continue;
    cache.set(text.slice(c.start, c.end), { start: c.start, items: shiftedCopy(mine, 0) });
  }
}

export function parseUnit(text: string, parser: CParser, useCache: boolean): UnitResult {
  const pre = prepass(text);
  const cache = useCache ? cacheFor(parser) : undefined;
  const hits: Hit[] = [];
  const misses: Span[] = [];
  for (const chunk of pre.chunks) {
    const entry = cache?.get(text.slice(chunk.start, chunk.end));
    if (entry) hits.push({ chunk, entry });
    else misses.push(chunk);
  }
  const hitSpans = hits.map(h => h.chunk);
  const tree = parser.parseTree(hits.length > 0 ? blankRanges(pre.text, hitSpans) : pre.text);
  let root;
  try {
    root = liftTree(tree, parser.types);
  } finally {
    tree.delete();
  }

  const pieces = piecesOutside(pre, hitSpans);
  mergePieces(pieces, resolvePieces(pieces, text, parser));
  const ctx = new Ctx(text, pieces);
  const items: TopLevel[] = [];
  topLevelItems(ctx, root.children, 0, items);
  syntaxErrors(root, text, ctx.diags);
  for (const f of fragsOf(pieces)) if (f.node) syntaxErrors(f.node, text, ctx.diags);
  if (cache) store(cache, text, misses, items, ctx.diags);

  for (const h of hits) items.push(...shiftedCopy(h.entry.items, h.chunk.start - h.entry.start));
  if (hits.length > 0) items.sort((a, b) => a.span.start - b.span.start);
  ctx.diags.sort((a, b) => a.span.start - b.span.start);
  return { unit: { items, span: { start: 0, end: text.length } }, diags: ctx.diags };
}
