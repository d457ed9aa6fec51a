// A token source for macro expansion: pushed-back expansion results first (innermost on top), then the file.

import type { Range } from '../diagnostics';
import type { Token, TokKind } from './lexer';

/** Where tokens come from once all pushed-back tokens are used: a file reader, which handles directives. */
export interface TokenFeed {
  next(): Token | null;
  /** The next raw token without consuming it (a directive's '#' is returned as is). */
  peek(): Token | null;
}

interface Frame {
  toks: Token[];
  pos: number;
}

export class TokenStream {
  private readonly frames: Frame[] = [];

  constructor(private readonly feed: TokenFeed | null) {}

  /** Makes `toks` the next tokens to be read (used for rescanning an expansion). */
  push(toks: Token[]): void {
    if (toks.length > 0) this.frames.push({ toks, pos: 0 });
  }

  next(): Token | null {
    const frames = this.frames;
    while (frames.length > 0) {
      const f = frames[frames.length - 1];
      if (f.pos < f.toks.length) return f.toks[f.pos++];
      frames.pop();
    }
    return this.feed === null ? null : this.feed.next();
  }

  peek(): Token | null {
    const frames = this.frames;
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (f.pos < f.toks.length) return f.toks[f.pos];
    }
    return this.feed === null ? null : this.feed.peek();
  }
}

export function isPunct(t: Token | null | undefined, text: string): boolean {
  return t !== null && t !== undefined && t.kind === 'punct' && t.text === text;
}

/** A token made by the preprocessor itself (a stringified argument, a paste, __LINE__, a placemarker). */
export function synth(kind: TokKind, text: string, space: boolean, origin: Range | null): Token {
  const start = origin === null ? 0 : origin.start;
  const end = origin === null ? 0 : origin.end;
  return { kind, text, start, end, space, bol: false, hs: null, origin };
}
