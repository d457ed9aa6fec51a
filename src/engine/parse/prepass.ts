// Rewrites the GNU C that tree-sitter-c cannot parse into text it can, keeping every offset unchanged:
// - `__attribute__((...))` and `[[...]]` are blanked (the grammar rejects them after declarators, where BPF code
//   puts SEC()); their items are kept as pieces and attached by position;
// - `typeof(...)` and `offsetof(...)` become identifiers of the same length; their arguments are parsed apart;
// - `case A ... B:` becomes `case A  || B:` (the `||` is recorded);
// - `__const`, `__volatile__`, `__restrict`, `__signed__` become the plain keyword padded with blanks.
// It also splits the text into top-level items (for the item cache in unit.ts).

import type { Span } from './ast';
import type { AttrItem, AttrPiece, Frag, OffsetofPiece, OperandPiece, Pieces } from './pieces';
import { emptyPieces } from './pieces';
import { isClose, isOpen, Reach, Scanner, type Tok } from './scan';
import { literalFix } from './tokenfix';

export interface Prepass extends Pieces {
  /** The rewritten text, same length as the input. */
  text: string;
  /** Top-level items as found by bracket counting: a guess, checked against the real parse before use. */
  chunks: Span[];
  /** Where the prepass stood at the end of each chunk (see prepassFrom). */
  marks: ChunkMark[];
  edits: readonly Edit[];
}

/** The prepass's state just after a chunk: how many results it had, and what the chunker remembers. */
export interface ChunkMark {
  /** Furthest offset read so far: everything found up to here depends only on the text before it. */
  reach: number;
  edits: number;
  operands: number;
  offsetofs: number;
  attrs: number;
  caseRanges: number;
  /** The token that ended the chunk. */
  last: Tok;
  closedParams: boolean;
  bodyOpen: boolean;
}

const TYPEOF = new Set(['typeof', '__typeof__', '__typeof', 'typeof_unqual', '__typeof_unqual__', '__typeof_unqual']);
// tree-sitter's alignof takes only a type; GNU C also takes an expression.
const ALIGNOF = new Set(['_Alignof', 'alignof', '__alignof__', '__alignof', '_alignof']);
const OFFSETOF = new Set(['offsetof', '__builtin_offsetof']);
const OPENERS = new Map([
  [')', '('],
  [']', '['],
  ['}', '{'],
]);
const ATTRIBUTE = new Set(['__attribute__', '__attribute']);
/** First letters of the words above, `case` and `enum`, to skip reading every other identifier. */
const WORD_STARTS = new Set([...'_toace'].map(c => c.charCodeAt(0)));
const KEYWORD_ALIAS = new Map([
  ['__const', 'const'],
  ['__const__', 'const'],
  ['__volatile', 'volatile'],
  ['__volatile__', 'volatile'],
  ['__restrict', 'restrict'],
  ['__restrict__', 'restrict'],
  ['__signed', 'signed'],
  ['__signed__', 'signed'],
]);

export interface Edit {
  start: number;
  end: number;
  text: string;
}

function blank(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/[^\n]/g, ' ');
}

/** Trimmed [start, end) of text. */
function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/**
 * Splits the token stream into top-level items: an item ends at a `;` outside brackets, or at the `}` closing a
 * function body (a `{` after a parameter list's `)`, i.e. one preceded by a name or another `)`).
 */
class Chunker {
  readonly chunks: Span[] = [];
  private itemStart = -1;
  prev: Tok | undefined;
  /** Open brackets, and for each `(` whether it starts a parameter list. */
  private readonly openText: string[] = [];
  private readonly params: boolean[] = [];
  closedParams = false;
  bodyOpen = false;

  begin(tok: Tok): void {
    if (this.itemStart < 0) this.itemStart = tok.start;
  }

  token(tok: Tok): void {
    if (isOpen(tok)) this.open(tok);
    else if (isClose(tok)) this.close(tok);
    else if (this.openText.length === 0 && tok.text === ';') this.end(tok.end);
    this.prev = tok;
  }

  private open(tok: Tok): void {
    const prev = this.prev;
    if (this.openText.length === 0 && tok.text === '{') this.bodyOpen = prev?.text === ')' && this.closedParams;
    this.params.push(tok.text === '(' && (prev?.kind === 'ident' || prev?.text === ')'));
    this.openText.push(tok.text);
  }

  /** A closer with no opener is skipped; one matching a deeper opener also closes those above it. */
  private close(tok: Tok): void {
    const at = this.openText.lastIndexOf(OPENERS.get(tok.text) as string);
    if (at < 0) return;
    const params = this.params[at];
    this.params.length = at;
    this.openText.length = at;
    if (tok.text === ')') this.closedParams = params;
    if (at === 0 && tok.text === '}' && this.bodyOpen) this.end(tok.end);
  }

  private end(at: number): void {
    this.chunks.push({ start: this.itemStart, end: at });
    this.itemStart = -1;
  }

  finish(textLength: number): Span[] {
    if (this.itemStart >= 0) this.chunks.push({ start: this.itemStart, end: textLength });
    return this.chunks;
  }
}

class Prepasser {
  readonly sc: Scanner;
  readonly reach = new Reach();
  readonly out: Pieces = emptyPieces();
  readonly edits: Edit[] = [];
  readonly chunker = new Chunker();
  readonly marks: ChunkMark[] = [];
  /** The token before the current one. */
  private last: Tok | undefined;

  constructor(readonly text: string) {
    this.sc = new Scanner(text, this.reach);
  }

  /** Takes over the state after chunk `k` of an earlier prepass of a text that is the same up to its reach. */
  resumeAfter(from: Prepass, k: number): void {
    const m = from.marks[k];
    this.sc.pos = from.chunks[k].end;
    this.reach.far = m.reach;
    this.edits.push(...from.edits.slice(0, m.edits));
    this.out.operands.push(...from.operands.slice(0, m.operands).map(cloneOperand));
    this.out.offsetofs.push(...from.offsetofs.slice(0, m.offsetofs).map(cloneOffsetof));
    this.out.attrs.push(...from.attrs.slice(0, m.attrs).map(cloneAttr));
    this.out.caseRanges.push(...from.caseRanges.slice(0, m.caseRanges));
    this.chunker.chunks.push(...from.chunks.slice(0, k + 1));
    this.marks.push(...from.marks.slice(0, k + 1));
    this.chunker.prev = m.last;
    this.chunker.closedParams = m.closedParams;
    this.chunker.bodyOpen = m.bodyOpen;
    this.last = m.last;
  }

  run(): Prepass {
    const chunker = this.chunker;
    for (let tok = this.sc.next(); tok.kind !== 'eof'; tok = this.sc.next()) {
      chunker.begin(tok);
      if (!this.special(tok)) {
        const n = chunker.chunks.length;
        chunker.token(tok);
        if (chunker.chunks.length > n) this.mark(tok);
      }
      this.last = tok;
    }
    const chunks = chunker.finish(this.text.length);
    return { ...this.out, text: this.apply(), chunks, marks: this.marks, edits: this.edits };
  }

  private mark(last: Tok): void {
    const o = this.out;
    this.marks.push({
      reach: this.reach.far, edits: this.edits.length, operands: o.operands.length, offsetofs: o.offsetofs.length,
      attrs: o.attrs.length, caseRanges: o.caseRanges.length, last, closedParams: this.chunker.closedParams,
      bodyOpen: this.chunker.bodyOpen,
    });
  }

  private apply(): string {
    if (this.edits.length === 0) return this.text;
    // A case range's `...` is rewritten when `case` is seen, before the tokens in between.
    this.edits.sort((a, b) => a.start - b.start);
    const parts: string[] = [];
    let at = 0;
    for (const e of this.edits) {
      parts.push(this.text.slice(at, e.start), e.text);
      at = e.end;
    }
    parts.push(this.text.slice(at));
    return parts.join('');
  }

  /** Handles a token that starts a rewritten construct; false if the token is ordinary. */
  private special(tok: Tok): boolean {
    if (tok.kind === 'punct' && tok.text === '[' && this.text[tok.end] === '[') return this.stdAttribute(tok);
    const fix = literalFix(this.text, tok);
    if (fix !== undefined) this.edits.push({ start: tok.start, end: tok.end, text: fix });
    if (tok.kind !== 'ident') return false;
    // Every word rewritten here starts with one of these letters: skip the slice for all others.
    const first = this.text.charCodeAt(tok.start);
    if (!WORD_STARTS.has(first)) return false;
    const w = this.sc.word(tok);
    if (ATTRIBUTE.has(w)) return this.gnuAttribute(tok);
    if (TYPEOF.has(w)) return this.operand(tok, 'typeof');
    if (ALIGNOF.has(w)) return this.operand(tok, 'alignof');
    if (OFFSETOF.has(w)) return this.offsetofLike(tok);
    if (w === 'case') this.caseRange();
    if (w === 'enum') this.enumBase();
    const alias = KEYWORD_ALIAS.get(w);
    // `__const__` → `  const  `: the keyword keeps its place inside the old spelling, so the token tree-sitter
    // reports spans the same characters in the original text.
    if (alias) this.edits.push({ start: tok.start, end: tok.end, text: `  ${alias}`.padEnd(w.length, ' ') });
    return false;
  }

  /** After a name: `(`, then through the matching `)`. Returns [open, close] or undefined (scanner restored). */
  private parenGroup(): { open: number; close: number } | undefined {
    const save = this.sc.pos;
    const open = this.sc.next();
    if (open.kind !== 'punct' || open.text !== '(') {
      this.sc.pos = save;
      return undefined;
    }
    const close = this.sc.matchClose('(');
    if (close < 0) {
      this.sc.pos = save;
      return undefined;
    }
    return { open: open.start, close };
  }

  private gnuAttribute(tok: Tok): boolean {
    const outer = this.parenGroup();
    if (!outer) return false;
    const end = outer.close + 1;
    // The items live inside the inner parentheses: __attribute__((a, b(1))).
    const inner = new Scanner(this.text, this.reach);
    inner.pos = outer.open + 1;
    const open2 = inner.next();
    let items: AttrItem[] = [];
    if (open2.text === '(') {
      const close2 = inner.matchClose('(');
      if (close2 >= 0) items = this.attrItems(open2.end, close2);
    }
    this.addAttr(tok.start, end, items);
    return true;
  }

  private stdAttribute(tok: Tok): boolean {
    const save = this.sc.pos;
    const close = this.sc.matchClose('[');
    if (close < 0 || this.text[close - 1] !== ']') {
      this.sc.pos = save;
      return false;
    }
    const items = this.attrItems(tok.end + 1, close - 1);
    this.addAttr(tok.start, close + 1, items);
    return true;
  }

  private addAttr(start: number, end: number, items: AttrItem[]): void {
    const piece: AttrPiece = { start, end, items, used: false };
    this.out.attrs.push(piece);
    this.edits.push({ start, end, text: blank(this.text, start, end) });
  }

  /** Comma-separated `name`, `name(args)` or `ns::name(args)` items in [from, to). */
  private attrItems(from: number, to: number): AttrItem[] {
    const sc = new Scanner(this.text.slice(0, to), this.reach);
    sc.pos = from;
    const items: AttrItem[] = [];
    for (;;) {
      let tok = sc.next();
      if (tok.kind === 'eof') return items;
      if (tok.kind === 'punct') continue; // stray commas
      let nameTok = tok;
      const save = sc.pos;
      const colon1 = sc.next();
      const colon2 = sc.next();
      if (colon1.text === ':' && colon2.text === ':' && colon2.start === colon1.end) nameTok = sc.next();
      else sc.pos = save;
      const item: AttrItem = { name: sc.word(nameTok), start: tok.start, end: nameTok.end };
      const after = sc.peek();
      if (after.text === '(') {
        sc.next();
        const close = sc.matchClose('(');
        if (close < 0) return items;
        const r = trimRange(this.text, after.end, close);
        item.args = this.frag(r.start, r.end, 'args');
        item.end = close + 1;
      }
      items.push(item);
      // Skip anything else up to the next top-level comma.
      for (tok = sc.peek(); tok.kind !== 'eof' && tok.text !== ','; tok = sc.peek()) {
        sc.next();
        if (isOpen(tok) && sc.matchClose(tok.text) < 0) return items;
      }
    }
  }

  private frag(start: number, end: number, wrap: Frag['wrap']): Frag {
    return { start, end, wrap };
  }

  /** typeof(ARG) / _Alignof(ARG): an identifier in its place, or `int` for `(typeof(x))` (see OperandPiece). */
  private operand(tok: Tok, kind: 'typeof' | 'alignof'): boolean {
    const g = this.parenGroup();
    if (!g) return false;
    const r = trimRange(this.text, g.open + 1, g.close);
    const end = g.close + 1;
    const piece: OperandPiece = { kind, start: tok.start, end, arg: this.frag(r.start, r.end, 'operand') };
    if (kind === 'typeof' && this.last?.text === '(' && this.sc.peek().text === ')') piece.keyword = true;
    this.out.operands.push(piece);
    const text = piece.keyword ? 'int'.padEnd(end - tok.start, ' ') : this.sc.word(tok).padEnd(end - tok.start, '_');
    this.edits.push({ start: tok.start, end, text });
    return true;
  }

  /** `enum e : unsigned char {`: tree-sitter takes only a one-word base type, so any base becomes `int`. */
  private enumBase(): void {
    const sc = new Scanner(this.text, this.reach);
    sc.pos = this.sc.pos;
    let t = sc.next();
    if (t.kind === 'ident') t = sc.next();
    if (t.text !== ':') return;
    const colon = t;
    for (t = sc.next(); t.kind !== 'eof' && t.text !== '{'; t = sc.next()) {
      if (t.text === ';' || t.text === ',' || t.text === ')' || t.text === '}' || isOpen(t)) return;
    }
    if (t.kind === 'eof') return;
    // `:int` needs four characters; a base squeezed into fewer (`:T{`) is dropped instead.
    const len = t.start - colon.start;
    this.edits.push({ start: colon.start, end: t.start, text: len >= 4 ? ':int'.padEnd(len, ' ') : ' '.repeat(len) });
  }

  private offsetofLike(tok: Tok): boolean {
    const g = this.parenGroup();
    if (!g) return false;
    const comma = this.topLevelComma(g.open + 1, g.close);
    if (comma < 0) return true; // leave it to tree-sitter to complain
    const end = g.close + 1;
    const type = trimRange(this.text, g.open + 1, comma);
    const path = trimRange(this.text, comma + 1, g.close);
    this.out.offsetofs.push({
      start: tok.start,
      end,
      type: this.frag(type.start, type.end, 'operand'),
      path: this.frag(path.start, path.end, 'expr'),
    });
    this.edits.push({ start: tok.start, end, text: this.sc.word(tok).padEnd(end - tok.start, '_') });
    return true;
  }

  private topLevelComma(from: number, to: number): number {
    const sc = new Scanner(this.text.slice(0, to), this.reach);
    sc.pos = from;
    for (let tok = sc.next(); tok.kind !== 'eof'; tok = sc.next()) {
      if (tok.text === ',' && tok.kind === 'punct') return tok.start;
      if (isOpen(tok) && sc.matchClose(tok.text) < 0) return -1;
    }
    return -1;
  }

  /** Just after `case`: finds a top-level `...` before the label's `:` and rewrites it to ` ||`. */
  private caseRange(): void {
    const sc = new Scanner(this.text, this.reach);
    sc.pos = this.sc.pos;
    let questions = 0;
    for (let tok = sc.next(); tok.kind !== 'eof'; tok = sc.next()) {
      if (tok.kind !== 'punct') continue;
      if (tok.text === '...') {
        this.edits.push({ start: tok.start, end: tok.end, text: ' ||' });
        this.out.caseRanges.push(tok.start + 1);
        return;
      }
      if (tok.text === '?') questions++;
      else if (tok.text === ':' && questions-- === 0) return;
      else if (tok.text === ';' || tok.text === '{' || tok.text === '}') return;
      else if (isOpen(tok) && sc.matchClose(tok.text) < 0) return;
    }
  }
}

export function prepass(text: string): Prepass {
  return new Prepasser(text).run();
}

/**
 * The prepass of `text`, taking over the results of `from` (a prepass of an earlier text) up to the end of its
 * chunk `k`, whose reach must lie inside the part the two texts share. The result equals prepass(text).
 */
export function prepassFrom(text: string, from: Prepass, k: number): Prepass {
  const p = new Prepasser(text);
  p.resumeAfter(from, k);
  return p.run();
}

// Pieces are handed out fresh: the converters mark attributes used and hang parsed nodes on fragments.
const cloneFrag = (f: Frag): Frag => ({ start: f.start, end: f.end, wrap: f.wrap });

function cloneOperand(t: OperandPiece): OperandPiece {
  const c: OperandPiece = { kind: t.kind, start: t.start, end: t.end, arg: cloneFrag(t.arg) };
  if (t.keyword) c.keyword = true;
  return c;
}

const cloneOffsetof = (o: OffsetofPiece): OffsetofPiece =>
  ({ start: o.start, end: o.end, type: cloneFrag(o.type), path: cloneFrag(o.path) });

function cloneAttr(a: AttrPiece): AttrPiece {
  const items = a.items.map(it => {
    const c: AttrItem = { name: it.name, start: it.start, end: it.end };
    if (it.args) c.args = cloneFrag(it.args);
    return c;
  });
  return { start: a.start, end: a.end, items, used: false };
}
