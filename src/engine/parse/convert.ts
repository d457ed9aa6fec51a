// From a lifted tree to top-level items and diagnostics, for the whole text or for one chunk parsed on its own.

import type { Span, TopLevel } from './ast';
import { Ctx, type LocalDiag } from './context';
import { liftTree, shiftTree, stretchKeywords, type CNode } from './cst';
import { syntaxErrors } from './errors';
import { fragsOf, type OperandPiece, type Pieces } from './pieces';
import { topLevelItems } from './toplevel';
import type { CParser } from './treesitter';

export interface Converted {
  items: TopLevel[];
  diags: LocalDiag[];
  /** Where tree-sitter's tree had ERROR or MISSING nodes (an error may reach far past its diagnostic). */
  errorSpans: Span[];
  /** The spans of the tree's top-level nodes (recovery can sweep several chunks into one). */
  nodeSpans: Span[];
}

function errorSpans(root: CNode): Span[] {
  const out: Span[] = [];
  const visit = (n: CNode): void => {
    if (n.type === 'ERROR' || n.missing) out.push({ start: n.start, end: n.end });
    else n.children.forEach(visit);
  };
  visit(root);
  return out;
}

/** What every conversion of one translation unit shares. */
export interface Source {
  text: string;
  /** The prepassed text: what tree-sitter reads. */
  masked: string;
  parser: CParser;
  /** Where the prepass wrote `int` for a typeof (see stretchKeywords). */
  keywords: OperandPiece[];
}

/** Parses [start, end) of the prepassed text on its own, offsets moved back. */
function parseRange(src: Source, start: number, end: number): CNode {
  const tree = src.parser.parseTree(src.masked.slice(start, end));
  try {
    const root = liftTree(tree, src.parser.types);
    shiftTree(root, start);
    stretchKeywords(root, src.keywords);
    return root;
  } finally {
    tree.delete();
  }
}

/** Converts a lifted tree whose fragments (`pieces`) are already resolved. */
export function convertRoot(src: Source, root: CNode, pieces: Pieces, lead: number): Converted {
  const spans = errorSpans(root);
  const ctx = new Ctx(src.text, src.masked, pieces);
  ctx.reparse = (start, end) => parseRange(src, start, end);
  const items: TopLevel[] = [];
  topLevelItems(ctx, root.children, lead, items);
  syntaxErrors(root, src.text, ctx.diags);
  for (const f of fragsOf(pieces)) if (f.node) syntaxErrors(f.node, src.text, ctx.diags);
  // Inside a syntax error, "unsupported" only repeats it: keep the syntax error alone.
  const inError = (d: LocalDiag): boolean => spans.some(e => d.span.start >= e.start && d.span.end <= e.end && e.end > e.start);
  const diags = ctx.diags.filter(d => d.code !== 'PARSE_UNSUPPORTED' || !inError(d));
  const nodeSpans = root.children.map(c => ({ start: c.start, end: c.end }));
  return { items, diags, errorSpans: spans, nodeSpans };
}

/** The pieces that start inside `chunk`, with their attributes free to be claimed again. */
function piecesIn(p: Pieces, chunk: Span): Pieces {
  const inside = (pos: number): boolean => pos >= chunk.start && pos < chunk.end;
  const attrs = p.attrs.filter(a => inside(a.start));
  for (const a of attrs) a.used = false;
  return {
    operands: p.operands.filter(t => inside(t.start)),
    offsetofs: p.offsetofs.filter(o => inside(o.start)),
    attrs,
    caseRanges: p.caseRanges.filter(inside),
  };
}

/**
 * One chunk parsed with nothing around it. tree-sitter's error recovery depends on the surrounding text, so a
 * chunk with errors is always converted this way: its diagnostics then do not depend on which other chunks came
 * from the cache.
 */
export function convertIsolated(src: Source, chunk: Span, pieces: Pieces): Converted {
  return convertRoot(src, parseRange(src, chunk.start, chunk.end), piecesIn(pieces, chunk), chunk.start);
}
