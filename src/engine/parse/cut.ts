// Cutting cached chunks out of the text before tree-sitter runs (even blank text costs it time to read), and
// moving the nodes of the shorter text back to their places.

import type { Span } from './ast';
import { shiftTree, type CNode } from './cst';

/** A run of the text between cut-out chunks, placed at `comp` in the compacted text. */
export interface Segment {
  orig: number;
  comp: number;
  len: number;
}

/** Only blanks (what the preprocessor leaves between items): tree-sitter finds nothing there. */
function blankRun(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13 && c !== 12 && c !== 11) return false;
  }
  return true;
}

/**
 * The text without the `cuts` (sorted, disjoint); the remaining runs are joined by newlines. Blank runs are
 * dropped too: the gaps between some hundred header items add up to kilobytes that tree-sitter would still read.
 */
export function compact(text: string, cuts: Span[]): { text: string; segs: Segment[] } {
  const parts: string[] = [];
  const segs: Segment[] = [];
  let at = 0;
  let comp = 0;
  const keep = (end: number): void => {
    if (end <= at || blankRun(text, at, end)) return;
    segs.push({ orig: at, comp, len: end - at });
    parts.push(text.slice(at, end), '\n');
    comp += end - at + 1;
  };
  for (const c of cuts) {
    keep(c.start);
    at = c.end;
  }
  keep(text.length);
  return { text: parts.join(''), segs };
}

/** Moves each top-level node of a compacted parse back; false if one straddles two runs. */
export function mapBack(root: CNode, segs: Segment[], textLength: number): boolean {
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
