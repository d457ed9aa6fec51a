// Turns tree-sitter's ERROR and MISSING nodes into diagnostics: one per outermost ERROR, one per MISSING token
// outside any ERROR.

import type { LocalDiag } from './context';
import type { CNode } from './cst';
import { Scanner } from './scan';

const NAMED_MISSING: Record<string, string> = {
  identifier: 'identifier',
  field_identifier: 'field name',
  type_identifier: 'type name',
  statement_identifier: 'label',
  primitive_type: 'type',
};

/** `int : 3;` parses as a MISSING field name before a bit-field clause: that is valid C. */
function unnamedBitfield(n: CNode, parent: CNode | undefined, index: number): boolean {
  return n.type === 'field_identifier' && parent?.type === 'field_declaration' && parent.children[index + 1]?.type === 'bitfield_clause';
}

function firstLeaf(n: CNode): CNode | undefined {
  let cur = n;
  while (cur.children.length > 0) cur = cur.children[0];
  return cur === n ? undefined : cur;
}

function quote(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return `'${one.length > 40 ? `${one.slice(0, 37)}...` : one}'`;
}

/** The innermost `{` in [start, end) that is never closed, if any. */
function unclosedBrace(text: string, start: number, end: number): number | undefined {
  const sc = new Scanner(text.slice(0, end));
  sc.pos = start;
  const open: number[] = [];
  for (let t = sc.next(); t.kind !== 'eof'; t = sc.next()) {
    if (t.kind !== 'punct') continue;
    if (t.text === '{') open.push(t.start);
    else if (t.text === '}') open.pop();
  }
  return open.length > 0 ? open[open.length - 1] : undefined;
}

/** The first ERROR nested inside an ERROR: a token the grammar could not place at all, the likeliest culprit. */
function innerError(n: CNode): CNode | undefined {
  for (const c of n.children) {
    if (c.type === 'ERROR') return innerError(c) ?? c;
    const deeper = innerError(c);
    if (deeper) return deeper;
  }
  return undefined;
}

function errorDiag(outer: CNode, text: string): LocalDiag {
  const atEnd = text.slice(outer.end).trim() === '';
  const brace = atEnd ? unclosedBrace(text, outer.start, outer.end) : undefined;
  // A nested error after some accepted tokens, or with other lines swept in, is the mistake itself; garbage
  // that starts the error on one line is shown whole.
  const inner = innerError(outer);
  const useInner = inner && (inner.start > outer.start || text.slice(outer.start, outer.end).includes('\n'));
  const n = useInner ? inner : outer;
  if (brace !== undefined) {
    return {
      code: 'PARSE_MISSING',
      severity: 'error',
      span: { start: brace, end: brace + 1 },
      message: "missing '}': this '{' is never closed",
    };
  }
  // Quote the whole stretch when it is short, else its first token.
  const whole = text.slice(n.start, n.end);
  const leaf = firstLeaf(n);
  const tok = whole.length <= 40 && !whole.includes('\n') ? whole : leaf ? text.slice(leaf.start, leaf.end) : whole;
  return {
    code: 'PARSE_SYNTAX',
    severity: 'error',
    span: { start: n.start, end: n.end },
    message: tok.trim() === '' ? 'syntax error' : `unexpected ${quote(tok)}`,
  };
}

const OPENER: Record<string, string> = { '}': '{', ')': '(', ']': '[' };

function missingDiag(n: CNode, parent: CNode | undefined): LocalDiag {
  // tree-sitter stands in an identifier for any missing expression: say which it is from the field it fills.
  const expression = n.type === 'identifier' && n.field !== undefined && !['declarator', 'name', 'label'].includes(n.field);
  const what = expression ? 'expression' : n.named ? NAMED_MISSING[n.type] ?? n.type.replace(/_/g, ' ') : `'${n.type}'`;
  const d: LocalDiag = { code: 'PARSE_MISSING', severity: 'error', span: { start: n.start, end: n.end }, message: `missing ${what}` };
  // A missing closer: point at what it should have closed.
  const opener = !n.named && parent ? parent.children.find(c => c.type === OPENER[n.type] && c.start < n.start) : undefined;
  if (opener) d.related = [{ span: { start: opener.start, end: opener.end }, message: `to match this '${opener.type}'` }];
  return d;
}

export function syntaxErrors(root: CNode, text: string, out: LocalDiag[]): void {
  const visit = (n: CNode, parent: CNode | undefined, index: number): void => {
    if (n.type === 'ERROR') {
      out.push(errorDiag(n, text));
      return;
    }
    if (n.missing) {
      if (!unnamedBitfield(n, parent, index)) out.push(missingDiag(n, parent));
      return;
    }
    n.children.forEach((c, i) => visit(c, n, i));
  };
  visit(root, undefined, 0);
}
