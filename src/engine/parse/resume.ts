// The previous parse with a parser, for the next one: on the editor's keystroke path the text changes in one place,
// so the prepass and the item-cache look-ups of the chunks before that place can be taken over instead of redone
// over some 70 KB of header text. Taking over gives what a fresh prepass and fresh look-ups would.

import type { CachedChunk } from './itemcache';
import { prepass, prepassFrom, type Prepass } from './prepass';

export interface LastParse {
  text: string;
  pre: Prepass;
  /** Per chunk of `pre`, the cache entry its items came from or went to (undefined: converted, not cached). */
  entries: Array<CachedChunk | undefined>;
}

export interface Resumed {
  pre: Prepass;
  /** Chunks [0, kept) are the previous parse's, with `entries` as they were. */
  kept: number;
}

/** Length of the common beginning of two strings. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const BLOCK = 4096;
  let i = 0;
  // Whole blocks first: comparing substrings runs natively, a character loop does not.
  while (i + BLOCK <= n && a.substring(i, i + BLOCK) === b.substring(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The prepass of `text`, resumed from the last chunk of `last` whose reach lies in the shared beginning. */
export function resumePrepass(text: string, last: LastParse | undefined): Resumed {
  if (last === undefined) return { pre: prepass(text), kept: 0 };
  const shared = commonPrefix(last.text, text);
  const marks = last.pre.marks;
  let k = marks.length - 1;
  while (k >= 0 && marks[k].reach > shared) k--;
  if (k < 0) return { pre: prepass(text), kept: 0 };
  return { pre: prepassFrom(text, last.pre, k), kept: k + 1 };
}
