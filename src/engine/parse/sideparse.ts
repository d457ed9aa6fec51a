// Parses the fragments the prepass cut out (typeof and offsetof arguments, attribute arguments) in one extra
// tree-sitter run: each fragment is wrapped so the grammar accepts it (`int __x = sizeof(ARG);`), the node that
// spans exactly the fragment is picked out, and its offsets are moved back onto the text the fragment came from.

import { liftTree, nodeSpanning, shiftTree, stretchKeywords } from './cst';
import type { Frag, Pieces } from './pieces';
import { emptyPieces, fragsOf } from './pieces';
import { prepass } from './prepass';
import type { CParser } from './treesitter';

/** Fragments nested deeper than this (typeof inside typeof inside ...) are left unparsed. */
const MAX_DEPTH = 6;

const WRAP: Record<Frag['wrap'], [string, string]> = {
  operand: ['int __x = sizeof(', ');\n'],
  expr: ['int __x = ', ';\n'],
  args: ['int __x = __a(', ');\n'],
};

interface Placed {
  frag: Frag;
  sideStart: number;
  sideEnd: number;
}

/**
 * Sets `node` on every fragment of `pieces` (fragments of `text`). Returns the pieces found nested inside those
 * fragments, already resolved and moved onto `text`'s offsets.
 */
export function resolvePieces(pieces: Pieces, text: string, parser: CParser, depth = 0): Pieces {
  const frags = fragsOf(pieces);
  if (frags.length === 0) return emptyPieces();
  const parts: string[] = [];
  const placed: Placed[] = [];
  let at = 0;
  for (const frag of frags) {
    const [pre, post] = WRAP[frag.wrap];
    const body = text.slice(frag.start, frag.end);
    placed.push({ frag, sideStart: at + pre.length, sideEnd: at + pre.length + body.length });
    parts.push(pre, body, post);
    at += pre.length + body.length + post.length;
  }
  const sideText = parts.join('');
  const pre = prepass(sideText);
  const tree = parser.parseTree(pre.text);
  const root = liftTree(tree, parser.types);
  tree.delete();
  stretchKeywords(root, pre.operands);

  const nested: Pieces = {
    operands: pre.operands,
    offsetofs: pre.offsetofs,
    attrs: pre.attrs,
    caseRanges: pre.caseRanges,
  };
  if (depth < MAX_DEPTH) {
    const deeper = resolvePieces(nested, sideText, parser, depth + 1);
    nested.operands.push(...deeper.operands);
    nested.offsetofs.push(...deeper.offsetofs);
    nested.attrs.push(...deeper.attrs);
    nested.caseRanges.push(...deeper.caseRanges);
  }

  for (const p of placed) {
    const wide = p.frag.wrap === 'args' ? 1 : 0;
    const node = nodeSpanning(root, p.sideStart - wide, p.sideEnd + wide);
    if (!node) continue;
    shiftTree(node, p.frag.start - p.sideStart);
    p.frag.node = node;
  }
  return moveNested(nested, placed);
}

/** Moves pieces found in the side text onto the offsets of the fragment that contains each. */
function moveNested(nested: Pieces, placed: Placed[]): Pieces {
  const deltaAt = (pos: number): number | undefined => {
    const p = placed.find(q => pos >= q.sideStart && pos < q.sideEnd);
    return p ? p.frag.start - p.sideStart : undefined;
  };
  const out = emptyPieces();
  const moveFrag = (f: Frag, d: number): void => {
    f.start += d;
    f.end += d;
    if (f.node) shiftTree(f.node, d);
  };
  for (const t of nested.operands) {
    const d = deltaAt(t.start);
    if (d === undefined) continue;
    t.start += d;
    t.end += d;
    moveFrag(t.arg, d);
    out.operands.push(t);
  }
  for (const o of nested.offsetofs) {
    const d = deltaAt(o.start);
    if (d === undefined) continue;
    o.start += d;
    o.end += d;
    moveFrag(o.type, d);
    moveFrag(o.path, d);
    out.offsetofs.push(o);
  }
  for (const a of nested.attrs) {
    const d = deltaAt(a.start);
    if (d === undefined) continue;
    a.start += d;
    a.end += d;
    for (const it of a.items) {
      it.start += d;
      it.end += d;
      if (it.args) moveFrag(it.args, d);
    }
    out.attrs.push(a);
  }
  for (const c of nested.caseRanges) {
    const d = deltaAt(c);
    if (d !== undefined) out.caseRanges.push(c + d);
  }
  return out;
}
