// The parse pipeline for one translation unit: prepass → tree-sitter → plain copy → side parses → converters,
// with top-level items whose text was seen before taken from the item cache instead.

import type { Span, TopLevel, TranslationUnit } from './ast';
import { Ctx, type LocalDiag } from './context';
import { liftTree, shiftTree, type CNode } from './cst';
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

/** A run of the text between cached chunks, placed at `comp` in the compacted text. */
interface Segment {
  orig: number;
  comp: number;
  len: number;
}

/**
 * The text with the cached chunks cut out, so tree-sitter only reads the rest (even blank text costs it time).
 * Segments are joined by newlines.
 */
function compact(text: string, hits: Span[]): { text: string; segs: Segment[] } {
  const parts: string[] = [];
  const segs: Segment[] = [];
  let at = 0;
  let comp = 0;
  const cut = (end: number): void => {
    if (end > at) {
      segs.push({ orig: at, comp, len: end - at });
      parts.push(text.slice(at, end), '\n');
      comp += end - at + 1;
    }
  };
  for (const h of hits) {
    cut(h.start);
    at = h.end;
  }
  cut(text.length);
  return { text: parts.join(''), segs };
}

/** Moves each top-level node of a compacted parse back to its place; false if one straddles two segments. */
function mapBack(root: CNode, segs: Segment[], textLength: number): boolean {
  let k = 0;
  for (const ch of root.children) {
    while (k + 1 < segs.length && ch.start >= segs[k + 1].comp) k++;
    const seg = segs[k];
    if (!seg || ch.start < seg.comp || ch.end > seg.comp + seg.len) return false;
    shiftTree(ch, seg.orig - seg.comp);
  }
  root.start = 0;
  root.end = textLength;
  return true;
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
    // A chunk without items (a stray `;`) is cheap to parse and could be part of something else: not cached.
    if (!clean || mine.length === 0 || diags.some(d => d.span.start <= c.end && d.span.end >= c.start)) continue;
    cache.set(text.slice(c.start, c.end), { start: c.start, items: shiftedCopy(mine, 0) });
  }
}

/**
 * Does a diagnostic sit where a cached chunk was cut out (between it and the tokens on either side)? Such an
 * error might be an artefact of the cut, so the caller then parses the whole text instead.
 */
function nearCut(d: LocalDiag, hits: Span[], text: string): boolean {
  for (const h of hits) {
    let before = h.start;
    while (before > 0 && /\s/.test(text[before - 1])) before--;
    let after = h.end;
    while (after < text.length && /\s/.test(text[after])) after++;
    if (d.span.start <= h.start && d.span.end >= before) return true;
    if (d.span.start <= after && d.span.end >= h.end) return true;
  }
  return false;
}

/**
 * Parses and converts everything outside the `hits`, which come from the cache. With hits, returns undefined
 * when anything looks off (a diagnostic next to a cut, a node across a cut); the caller then parses it all.
 */
function run(text: string, pre: Prepass, parser: CParser, hits: Hit[], cache: ItemCache | undefined): UnitResult | undefined {
  const hitSpans = hits.map(h => h.chunk);
  const cut = hits.length > 0 ? compact(pre.text, hitSpans) : undefined;
  const tree = parser.parseTree(cut ? cut.text : pre.text);
  let root: CNode;
  try {
    root = liftTree(tree, parser.types);
  } finally {
    tree.delete();
  }
  if (cut && !mapBack(root, cut.segs, text.length)) return undefined;

  const pieces = piecesOutside(pre, hitSpans);
  mergePieces(pieces, resolvePieces(pieces, text, parser));
  const ctx = new Ctx(text, pieces);
  ctx.maskedText = pre.text;
  ctx.reparse = (start, end) => {
    const t = parser.parseTree(pre.text.slice(start, end));
    try {
      const r = liftTree(t, parser.types);
      shiftTree(r, start);
      return r;
    } finally {
      t.delete();
    }
  };
  const items: TopLevel[] = [];
  topLevelItems(ctx, root.children, 0, items);
  syntaxErrors(root, text, ctx.diags);
  for (const f of fragsOf(pieces)) if (f.node) syntaxErrors(f.node, text, ctx.diags);
  if (hits.length > 0 && ctx.diags.some(d => nearCut(d, hitSpans, text))) return undefined;
  const hitSet = new Set(hitSpans);
  if (cache) store(cache, text, pre.chunks.filter(c => !hitSet.has(c)), items, ctx.diags);

  for (const h of hits) items.push(...shiftedCopy(h.entry.items, h.chunk.start - h.entry.start));
  if (hits.length > 0) items.sort((a, b) => a.span.start - b.span.start);
  ctx.diags.sort((a, b) => a.span.start - b.span.start);
  return { unit: { items, span: { start: 0, end: text.length } }, diags: ctx.diags };
}

export function parseUnit(text: string, parser: CParser, useCache: boolean): UnitResult {
  const pre = prepass(text);
  const cache = useCache ? cacheFor(parser) : undefined;
  const hits: Hit[] = [];
  if (cache) {
    for (const chunk of pre.chunks) {
      const entry = cache.get(text.slice(chunk.start, chunk.end));
      if (entry) hits.push({ chunk, entry });
    }
  }
  if (hits.length > 0) {
    const r = run(text, pre, parser, hits, cache);
    if (r) return r;
  }
  // The first attempt marked pieces as used: start again from a fresh prepass.
  return run(text, hits.length > 0 ? prepass(text) : pre, parser, [], cache) as UnitResult;
}
