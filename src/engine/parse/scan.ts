// A small C tokenizer for the prepass: just enough to find identifiers and balanced brackets while stepping over
// comments, strings and character literals. It never fails: odd characters come out as one-character puncts.

export type TokKind = 'ident' | 'number' | 'string' | 'char' | 'punct' | 'eof';

export interface Tok {
  kind: TokKind;
  start: number;
  end: number;
  /** The punctuator; empty for the rest (read identifiers with Scanner.word, which costs a slice). */
  text: string;
}

const OPEN = '([{';
const CLOSE = ')]}';

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The furthest offset any scanner sharing it has looked at (plus the characters `next` peeks past a token): what
 * the prepass found before that point depends on no text after it (used to resume a prepass, prepass.ts).
 */
export class Reach {
  far = 0;
}

export class Scanner {
  pos = 0;

  constructor(
    readonly text: string,
    readonly reach: Reach = new Reach(),
  ) {}

  /** Skips blanks and comments. */
  private skipTrivia(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) {
        this.pos++;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        // Like tree-sitter, an unterminated `/*` is not a comment but the tokens `/` and `*`.
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) {
          // That there is no `*/` was read from the whole rest.
          if (t.length > this.reach.far) this.reach.far = t.length;
          return;
        }
        this.pos = close + 2;
      } else if (c === 92 && (t.charCodeAt(this.pos + 1) === 10 || t.charCodeAt(this.pos + 1) === 13)) {
        this.pos += 2; // line continuation left behind
      } else {
        return;
      }
    }
  }

  /** Steps over a quoted literal starting at `pos` (the quote); stops at the closing quote or the line end. */
  private skipQuoted(quote: number): void {
    const t = this.text;
    let i = this.pos + 1;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === quote) {
        i++;
        break;
      } else if (c === 10) break;
      else i++;
    }
    this.pos = Math.min(i, t.length);
  }

  next(): Tok {
    const tok = this.read();
    // A token's end is decided by the character after it; `...` and prefixed literals peek one more.
    if (this.pos + 2 > this.reach.far) this.reach.far = this.pos + 2;
    return tok;
  }

  private read(): Tok {
    this.skipTrivia();
    const t = this.text;
    const start = this.pos;
    if (start >= t.length) return { kind: 'eof', start, end: start, text: '' };
    const c = t.charCodeAt(start);
    if (isIdentStart(c)) {
      let i = start + 1;
      while (i < t.length && isIdentChar(t.charCodeAt(i))) i++;
      const q = t.charCodeAt(i);
      if ((q === 34 || q === 39) && /^(L|u|U|u8)$/.test(t.slice(start, i))) {
        this.pos = i;
        this.skipQuoted(q);
        return { kind: q === 34 ? 'string' : 'char', start, end: this.pos, text: '' };
      }
      this.pos = i;
      return { kind: 'ident', start, end: i, text: '' };
    }
    if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(start + 1)))) {
      this.pos = this.skipNumber(start);
      return { kind: 'number', start, end: this.pos, text: '' };
    }
    if (c === 34 || c === 39) {
      this.skipQuoted(c);
      return { kind: c === 34 ? 'string' : 'char', start, end: this.pos, text: '' };
    }
    if (c === 46 && t.startsWith('...', start)) {
      this.pos = start + 3;
      return { kind: 'punct', start, end: this.pos, text: '...' };
    }
    this.pos = start + 1;
    return { kind: 'punct', start, end: this.pos, text: t[start] };
  }

  /** A preprocessing number: digits, letters, dots, digit separators and exponent signs. */
  private skipNumber(start: number): number {
    const t = this.text;
    let i = start + 1;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      const prev = t.charCodeAt(i - 1) | 32;
      if (isIdentChar(c) || c === 46) i++;
      else if ((c === 43 || c === 45) && (prev === 101 || prev === 112)) i++;
      else if (c === 39 && isIdentChar(t.charCodeAt(i + 1))) i++;
      else break;
    }
    return i;
  }

  word(tok: Tok): string {
    return this.text.slice(tok.start, tok.end);
  }

  /** The next token without consuming it. */
  peek(): Tok {
    const save = this.pos;
    const tok = this.next();
    this.pos = save;
    return tok;
  }

  /**
   * With the scanner just past an opening bracket, consumes through its matching close and returns the close
   * token's start; -1 (scanner restored) if the brackets do not balance before the end of the text.
   */
  matchClose(open: string): number {
    const save = this.pos;
    const stack: string[] = [open];
    for (;;) {
      const tok = this.next();
      if (tok.kind === 'eof') break;
      if (isOpen(tok)) stack.push(tok.text);
      else if (isClose(tok)) {
        const top = stack.pop() as string;
        if (OPEN.indexOf(top) !== CLOSE.indexOf(tok.text)) break;
        if (stack.length === 0) return tok.start;
      }
    }
    this.pos = save;
    return -1;
  }
}

export function isOpen(tok: Tok): boolean {
  const t = tok.text;
  return t === '(' || t === '[' || t === '{';
}

export function isClose(tok: Tok): boolean {
  const t = tok.text;
  return t === ')' || t === ']' || t === '}';
}
