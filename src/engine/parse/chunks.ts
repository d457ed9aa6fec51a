// Bookkeeping over the prepass's top-level chunks: which ones a conversion went wrong in, swapping in their
// stand-alone conversions, and filling the item cache with the clean ones.

import type { Span, TopLevel } from './ast';
import type { LocalDiag } from './context';
import type { Converted } from './convert';
import { deepFreeze, type CachedChunk, type ItemCache } from './itemcache';

/**
 * Index of the last chunk starting at or before pos, if pos is inside it or right at its end (a missing `;`
 * sits there); -1 otherwise.
 */
function chunkAt(chunks: Span[], pos: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].start <= pos) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 && pos <= chunks[found].end ? found : -1;
}

/** Chunks holding a diagnostic, touched by a syntax error, or crossed by an item that does not fit in one. */
export function troubledChunks(chunks: Span[], result: Converted): Span[] {
  const bad = new Set<number>();
  const markOverlapping = (s: Span): void => {
    let i = chunkAt(chunks, s.start);
    if (i < 0) {
      // Between chunks: blame the neighbours on both sides.
      i = chunks.findIndex(c => c.start >= s.start);
      if (i < 0) i = chunks.length;
      if (i > 0) bad.add(i - 1);
    } else if (i > 0 && chunks[i - 1].end >= s.start) {
      bad.add(i - 1); // right at the seam of two adjacent chunks
    }
    for (let j = i; j < chunks.length && chunks[j].start <= s.end; j++) bad.add(j);
  };
  for (const d of result.diags) markOverlapping({ start: d.span.start, end: d.span.start });
  for (const s of result.errorSpans) markOverlapping(s);
  // The contextual parse is trusted only where its nodes and items fit inside one chunk each.
  for (const s of [...result.nodeSpans, ...result.items.map(it => it.span)]) {
    const i = chunkAt(chunks, s.start);
    if (i < 0 || s.end > chunks[i].end) markOverlapping(s);
  }
  return [...bad].sort((a, b) => a - b).map(i => chunks[i]);
}

/** Replaces everything the `troubled` chunks (some of `chunks`) produced with their stand-alone conversions. */
export function replaceChunks(chunks: Span[], result: Converted, troubled: Span[], redone: Converted[]): Converted {
  const bad = new Set(troubled);
  const ownedBy = (pos: number): boolean => {
    const i = chunkAt(chunks, pos);
    return i >= 0 && bad.has(chunks[i]);
  };
  const owned = (s: Span): boolean => ownedBy(s.start) || troubled.some(c => s.start < c.end && s.end > c.start);
  const items: TopLevel[] = result.items.filter(it => !owned(it.span));
  const diags: LocalDiag[] = result.diags.filter(d => !ownedBy(d.span.start));
  const errorSpans = [...result.errorSpans];
  const nodeSpans = [...result.nodeSpans];
  for (const r of redone) {
    items.push(...r.items);
    diags.push(...r.diags);
    errorSpans.push(...r.errorSpans);
    nodeSpans.push(...r.nodeSpans);
  }
  items.sort((a, b) => a.span.start - b.span.start);
  diags.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { items, diags, errorSpans, nodeSpans };
}

/** Caches each chunk whose items lie wholly inside it and that produced no diagnostics; returns what it stored. */
export function storeChunks(cache: ItemCache, text: string, chunks: Span[], result: Converted): Map<Span, CachedChunk> {
  const stored = new Map<Span, CachedChunk>();
  const { items, diags } = result;
  let i = 0;
  for (const c of chunks) {
    let clean = i === 0 || items[i - 1].span.end <= c.start;
    const mine: TopLevel[] = [];
    while (i < items.length && items[i].span.start < c.end) {
      const it = items[i++];
      if (it.span.start < c.start || it.span.end > c.end) clean = false;
      mine.push(it);
    }
    // A chunk without items (a stray `;`) is cheap to parse and could belong to something else: not cached.
    if (!clean || mine.length === 0 || diags.some(d => d.span.start <= c.end && d.span.end >= c.start)) continue;
    deepFreeze(mine);
    const entry = { start: c.start, items: mine };
    cache.set(text.slice(c.start, c.end), entry);
    stored.set(c, entry);
  }
  return stored;
}
