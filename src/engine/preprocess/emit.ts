// Writes tokens to the output. Text read straight from a file is copied with its original spacing (comments
// blanked) so it maps offset-for-offset; expansion tokens get one space where the source had whitespace or
// where gluing them to the previous token would form a different token.

import { newlinesBetween, PUNCTUATORS, type LexedFile, type Token } from './lexer';
import { OutputBuilder, type OutputState } from './sourcemap';

/** An Emitter's state between two tokens (see checkpoint.ts). */
export interface EmitterState {
  out: OutputState;
  prev: Token | null;
  prevFile: number;
}

/** What the emitter needs to know about the file being written. */
export interface EmitFile {
  fileIdx: number;
  lex: LexedFile;
  /** Offset up to which the file's text has been written (or deliberately dropped). */
  emittedEnd: number;
  /** Newlines swallowed by a multi-line macro invocation, written at the next line break to keep lines aligned. */
  owed: number;
  /**
   * Directive regions (with any group they skipped) met while a macro's arguments were being collected, in file
   * order. If the invocation fails, its tokens are written as file text after all, and these must not be.
   */
  hidden: Array<{ start: number; end: number }>;
}

/** Gaps longer than this are shortened to their line breaks. */
const LONG_GAP = 160;

const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;
const isSpaceChar = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

/** Would writing `b` right after `a` change how the text lexes? */
export function needsSpace(a: Token, b: Token): boolean {
  const x = a.text;
  const y = b.text;
  if (x.length === 0 || y.length === 0) return false;
  const lc = x.charCodeAt(x.length - 1);
  const fc = y.charCodeAt(0);
  if (isWordChar(lc) && isWordChar(fc)) return true;
  if (a.kind === 'num' && (fc === 46 || ((fc === 43 || fc === 45) && /[eEpP]$/.test(x)))) return true;
  if (lc === 46 && (fc === 46 || (fc >= 48 && fc <= 57))) return true;
  if (a.kind === 'id' && (b.kind === 'str' || b.kind === 'chr')) return true;
  if (lc === 47 && (fc === 47 || fc === 42)) return true;
  if (a.kind !== 'punct') return false;
  for (let k = 1; k <= Math.min(y.length, 2); k++) if (PUNCTUATORS.has(x + y.slice(0, k))) return true;
  return false;
}

export class Emitter {
  readonly out = new OutputBuilder();
  private prev: Token | null = null;
  /** File of `prev` when it was copied from a file. */
  private prevFile = -1;

  save(): EmitterState {
    return { out: this.out.save(), prev: this.prev, prevFile: this.prevFile };
  }

  /** Continues from a saved state (on a fresh emitter). */
  load(s: EmitterState): void {
    this.out.load(s.out);
    this.prev = s.prev;
    this.prevFile = s.prevFile;
  }

  /** Copies the file's text from where writing stopped up to `pos`, with hidden directive regions blanked. */
  gapTo(f: EmitFile, pos: number): void {
    const hidden = f.hidden;
    while (hidden.length > 0 && hidden[0].start < pos) {
      const h = hidden.shift()!;
      if (h.end <= f.emittedEnd) continue;
      this.copyGap(f, h.start);
      this.blank(f, Math.max(h.start, f.emittedEnd), h.end);
    }
    this.copyGap(f, pos);
  }

  /** Copies the file's text from where writing stopped up to `pos`, paying owed newlines at its first newline. */
  private copyGap(f: EmitFile, pos: number): void {
    let s = f.emittedEnd;
    if (pos <= s) return;
    const cleaned = f.lex.cleaned;
    if (pos - s > LONG_GAP) {
      this.longGap(f, s, pos);
      return;
    }
    if (f.owed > 0) {
      const k = cleaned.indexOf('\n', s);
      if (k >= 0 && k < pos) {
        this.out.copy(f.fileIdx, cleaned, s, k);
        this.out.fixed('\n'.repeat(f.owed), f.fileIdx, k, k);
        f.owed = 0;
        s = k;
      }
    }
    this.out.copy(f.fileIdx, cleaned, s, pos);
    f.emittedEnd = pos;
  }

  /**
   * A gap between tokens is only whitespace (comments are blanked); a long one (a documentation comment) is
   * written as its newlines plus the indentation of the last line, so the output does not carry it.
   */
  private longGap(f: EmitFile, s: number, pos: number): void {
    const cleaned = f.lex.cleaned;
    const k = cleaned.lastIndexOf('\n', pos - 1);
    if (k < s) {
      this.out.fixed(' ', f.fileIdx, s, pos);
    } else {
      const n = newlinesBetween(f.lex, s, k + 1) + f.owed;
      f.owed = 0;
      this.out.fixed('\n'.repeat(n), f.fileIdx, s, k + 1);
      this.out.copy(f.fileIdx, cleaned, k + 1, pos);
    }
    f.emittedEnd = pos;
  }

  /** A token read from the file and not expanded. */
  fileToken(f: EmitFile, t: Token): void {
    if (t.start < f.emittedEnd) {
      this.spaced(t, f.fileIdx, t.start, t.end);
      return;
    }
    // Nothing written between: if the previous token is not the one just before in the file, it might fuse.
    const glued = f.emittedEnd === t.start;
    const p = this.prev;
    const adjacent = p !== null && this.prevFile === f.fileIdx && p.origin === null && p.end === t.start;
    this.gapTo(f, t.start);
    if (glued && !adjacent && p !== null && needsSpace(p, t)) {
      this.out.fixed(' ', f.fileIdx, t.start, t.start);
    }
    if (t.end - t.start === t.text.length) this.out.copy(f.fileIdx, f.lex.cleaned, t.start, t.end);
    else this.out.fixed(t.text, f.fileIdx, t.start, t.end);
    f.emittedEnd = t.end;
    this.prev = t;
    this.prevFile = f.fileIdx;
  }

  /** A token produced by a macro expansion; it maps to the invocation (file index `fileIdx`). */
  expansionToken(t: Token, fileIdx: number): void {
    const o = t.origin!;
    this.spaced(t, fileIdx, o.start, o.end);
  }

  private spaced(t: Token, fileIdx: number, a: number, b: number): void {
    const sep = !isSpaceChar(this.out.lastChar) && (t.space || (this.prev !== null && needsSpace(this.prev, t)));
    this.out.fixed(sep ? ' ' + t.text : t.text, fileIdx, a, b);
    this.prev = t;
    this.prevFile = -1;
  }

  /** Replaces [s, e) of the file (a directive, a skipped group) by its newlines. */
  blank(f: EmitFile, s: number, e: number): void {
    const n = newlinesBetween(f.lex, s, e);
    if (n > 0) this.out.fixed('\n'.repeat(n), f.fileIdx, s, e);
    f.emittedEnd = Math.max(f.emittedEnd, e);
  }

  /** After tokens up to `consumedEnd` were used by an expansion: drop their text but owe their newlines. */
  account(f: EmitFile, consumedEnd: number): void {
    if (consumedEnd <= f.emittedEnd) return;
    f.owed += newlinesBetween(f.lex, f.emittedEnd, consumedEnd);
    f.emittedEnd = consumedEnd;
  }

  /** Writes the rest of a file and makes sure the output ends a line. */
  finishFile(f: EmitFile): void {
    this.gapTo(f, f.lex.text.length);
    const end = f.lex.text.length;
    if (f.owed > 0) this.out.fixed('\n'.repeat(f.owed), f.fileIdx, end, end);
    f.owed = 0;
    if (this.out.lastChar !== 10) this.out.fixed('\n', f.fileIdx, end, end);
    this.prev = null;
  }
}
