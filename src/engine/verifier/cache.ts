// What verification can keep across edits (the editor verifies after every keystroke, and a keystroke changes one
// function). Keyed by fingerprints that leave source positions out (analysis/fingerprint.ts), so code moved by
// an edit above it still hits:
//  - per function: the redundancy-free rewrite and its analyses; a hit is rebound to the new function's
//    instructions, so everything carries the new positions;
//  - per program: a verdict with no diagnostics, when its reachable functions, the maps, the globals and the
//    options are unchanged (without diagnostics nothing in it points into the source).
// Caches never change results: a hit gives exactly what verifying afresh would (test/verifier/cache.test.ts).

import type { IrFunction } from '../ir/ir';
import { eliminateRedundancy } from './analysis/cse';
import type { FnInfo } from './analysis/fninfo';
import type { ExploreStats } from './explore';

export interface FnEntry {
  /** Distinguishes fingerprints in program keys (a short stand-in for the fingerprint itself). */
  readonly id: number;
  readonly orig: IrFunction;
  readonly rewritten: IrFunction;
  /** Analyses by context: program entry or callee, and the ids of the functions it calls (their escapes matter). */
  readonly infos: Map<string, FnInfo>;
}

export interface CachedVerdict {
  verdict: 'accept' | 'reject';
  stats: ExploreStats;
}

export class VerifyCache {
  private readonly fns = new Map<string, FnEntry>();
  private readonly verdicts = new Map<string, CachedVerdict>();
  /** Whether a function may keep a pointer parameter, by its call tree's fingerprint ids and the parameter. */
  private readonly escapes = new Map<string, boolean>();
  private nextId = 1;

  constructor(private readonly maxFunctions = 512, private readonly maxVerdicts = 64) {}

  /** The entry for a function's fingerprint, made (with its rewrite) on a miss. */
  entry(key: string, fn: IrFunction): FnEntry {
    const hit = this.fns.get(key);
    if (hit) {
      touch(this.fns, key, hit);
      return hit;
    }
    const e: FnEntry = { id: this.nextId++, orig: fn, rewritten: eliminateRedundancy(fn), infos: new Map() };
    put(this.fns, key, e, this.maxFunctions);
    return e;
  }

  escape(key: string): boolean | undefined {
    return this.escapes.get(key);
  }

  storeEscape(key: string, v: boolean): void {
    put(this.escapes, key, v, this.maxFunctions * 4);
  }

  verdict(key: string): CachedVerdict | undefined {
    const hit = this.verdicts.get(key);
    if (hit) touch(this.verdicts, key, hit);
    return hit;
  }

  storeVerdict(key: string, v: CachedVerdict): void {
    put(this.verdicts, key, v, this.maxVerdicts);
  }
}

/** The cache verifyModule uses unless given another. */
export const sharedCache = new VerifyCache();

/** The entry's rewrite carried over to `fn` (same fingerprint): `fn`'s own instructions and positions throughout. */
export function rebind(e: FnEntry, fn: IrFunction): IrFunction {
  if (e.orig === fn) return e.rewritten;
  if (e.rewritten === e.orig) return fn;
  const blocks = fn.blocks.map((b, bi) => {
    const ob = e.orig.blocks[bi];
    const rb = e.rewritten.blocks[bi];
    if (rb === ob) return b;
    const insts = b.insts.map((i, k) => (rb.insts[k] === ob.insts[k] ? i : { ...rb.insts[k], loc: i.loc }));
    return { ...b, insts };
  });
  return { ...fn, blocks };
}

function touch<V>(m: Map<string, V>, key: string, v: V): void {
  m.delete(key);
  m.set(key, v);
}

function put<V>(m: Map<string, V>, key: string, v: V, max: number): void {
  m.set(key, v);
  // Least recently used first: Map keeps insertion order and touch() re-inserts.
  while (m.size > max) m.delete(m.keys().next().value as string);
}
