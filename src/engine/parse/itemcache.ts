// Converted top-level items keyed by their text. Headers make up most of a BPF translation unit and do not change
// between edits, so a re-parse only has to send the changed items through tree-sitter and the converters. Cached
// items are frozen and shared by every result that contains them at the same offset; moved ones are copied.

import type { Span, TopLevel } from './ast';

export interface CachedChunk {
  /** Where the chunk started when it was converted; spans are moved by the difference on reuse. */
  start: number;
  items: TopLevel[];
}

/** Enough for a few translation units' worth of headers. */
const MAX_ENTRIES = 40000;

/** Least-recently-used map (a Map keeps insertion order; a hit is moved to the end). */
export class ItemCache {
  private readonly map = new Map<string, CachedChunk>();
  /** Entries added since the last seed() or takeChanged(): whether a host keeping the cache should save it. */
  private changed = false;

  get(key: string): CachedChunk | undefined {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: CachedChunk): void {
    if (!this.map.has(key)) this.changed = true;
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > MAX_ENTRIES) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /** Every entry, least recently used first (what a host saves between processes). */
  entries(): Array<[string, CachedChunk]> {
    return [...this.map];
  }

  /**
   * Adds entries a host kept from earlier processes (not counted as changes). They are frozen here: like every
   * cached item they are shared by the results that contain them.
   */
  seed(entries: ReadonlyArray<readonly [string, CachedChunk]>): void {
    for (const [k, v] of entries) {
      if (this.map.has(k)) continue;
      deepFreeze(v.items);
      this.map.set(k, v);
    }
    while (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value as string);
  }

  /** Whether entries were added since the last call (or the seed), and resets that. */
  takeChanged(): boolean {
    const c = this.changed;
    this.changed = false;
    return c;
  }
}

/**
 * Freezes an AST subtree: cached items are handed out again as they are, so nobody may change them (a
 * TypeError in strict-mode code rather than a silently corrupted later parse).
 */
export function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  if (Array.isArray(v)) {
    for (const x of v) deepFreeze(x);
    return;
  }
  for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
}

/** A deep copy with every `span` moved by `delta` (the AST's only offsets live in `span` fields). */
export function shiftedCopy<T>(value: T, delta: number): T {
  return copy(value, delta) as T;
}

function copy(v: unknown, delta: number): unknown {
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i], delta);
    return out;
  }
  if (v === null || typeof v !== 'object') return v;
  // Spread keeps the object's shape, which makes this several times faster than rebuilding key by key.
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const k in out) {
    const x = out[k];
    if (x === null || typeof x !== 'object') continue;
    if (k === 'span') {
      const s = x as Span;
      out[k] = { start: s.start + delta, end: s.end + delta };
    } else {
      out[k] = copy(x, delta);
    }
  }
  return out;
}
