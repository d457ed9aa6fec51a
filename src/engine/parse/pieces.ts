// What the prepass cut out of the text before tree-sitter saw it (see prepass.ts), and where it went.

import type { CNode } from './cst';

/**
 * A stretch of text parsed on its own (sideparse.ts), inside a small wrapper:
 * - operand: `sizeof(ARG)`, so ARG comes back as a type_descriptor or an expression;
 * - expr: ARG as an expression (offsetof member paths);
 * - args: `f(ARG)`, so ARG comes back as an argument_list (its span includes the parentheses).
 */
export interface Frag {
  start: number;
  end: number;
  wrap: 'operand' | 'expr' | 'args';
  /** The parsed node, moved onto the main text's offsets; undefined if it did not parse. */
  node?: CNode;
}

/**
 * `typeof(ARG)` or `_Alignof(ARG)` (any spelling), whose ARG may be a type or an expression. The prepass puts an
 * identifier of the same length in its place, or for `(typeof(x))` the keyword `int` padded with blanks, so
 * tree-sitter reads a cast and not a parenthesized name.
 */
export interface OperandPiece {
  kind: 'typeof' | 'alignof';
  start: number;
  end: number;
  arg: Frag;
  /** Replaced by `int` and blanks rather than an identifier. */
  keyword?: boolean;
}

/** `offsetof(TYPE, PATH)` / `__builtin_offsetof`, replaced by an identifier of the same length. */
export interface OffsetofPiece {
  start: number;
  end: number;
  type: Frag;
  path: Frag;
}

export interface AttrItem {
  /** As written, e.g. "__packed__" or "gnu::packed" already reduced to "packed" by attrs.ts. */
  name: string;
  start: number;
  end: number;
  args?: Frag;
}

/** `__attribute__((...))` or `[[...]]`, blanked out; attached to the construct it sits in by position. */
export interface AttrPiece {
  start: number;
  end: number;
  items: AttrItem[];
  used: boolean;
}

export interface Pieces {
  operands: OperandPiece[];
  offsetofs: OffsetofPiece[];
  attrs: AttrPiece[];
  /** Offsets of the `||` that replaced `...` in `case A ... B:`. */
  caseRanges: number[];
}

export function emptyPieces(): Pieces {
  return { operands: [], offsetofs: [], attrs: [], caseRanges: [] };
}

/** Every fragment of a set of pieces, in text order per kind. */
export function fragsOf(p: Pieces): Frag[] {
  const out: Frag[] = [];
  for (const t of p.operands) out.push(t.arg);
  for (const o of p.offsetofs) out.push(o.type, o.path);
  for (const a of p.attrs) for (const it of a.items) if (it.args) out.push(it.args);
  return out;
}
