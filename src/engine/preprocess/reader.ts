// Reads one file's tokens for the expander, carrying out directives as it meets them, so that a macro's
// arguments may span lines and even #ifdef blocks.

import type { Range } from '../diagnostics';
import type { EmitFile } from './emit';
import type { Token } from './lexer';
import type { TokenFeed } from './stream';

export interface CondFrame {
  /** The opening #if/#ifdef/#ifndef directive. */
  range: Range;
  /** Some group of this conditional has been (or is being) included. */
  taken: boolean;
  sawElse: boolean;
}

export interface FileCtx extends EmitFile {
  /** Display path (built-ins as "<builtin>/name"). */
  path: string;
  builtinKey: string | null;
  searchIndex: number;
  depth: number;
}

/** Index just past the logical line that starts at token i. */
export function lineEnd(toks: readonly Token[], i: number): number {
  let j = i + 1;
  while (j < toks.length && !toks[j].bol) j++;
  return j;
}

export function isDirectiveStart(t: Token): boolean {
  return t.bol && t.kind === 'punct' && t.text === '#';
}

export class FileReader implements TokenFeed {
  pos = 0;
  /** End offset of the last token (or directive region) consumed. */
  consumedEnd = 0;
  readonly conds: CondFrame[] = [];

  constructor(
    readonly ctx: FileCtx,
    private readonly onDirective: (r: FileReader) => void,
  ) {}

  get tokens(): readonly Token[] {
    return this.ctx.lex.tokens;
  }

  next(): Token | null {
    const toks = this.ctx.lex.tokens;
    while (this.pos < toks.length) {
      const t = toks[this.pos];
      if (t.bol && t.kind === 'punct' && t.text === '#') {
        this.onDirective(this);
        continue;
      }
      this.pos++;
      this.consumedEnd = t.end;
      return t;
    }
    return null;
  }

  peek(): Token | null {
    return this.ctx.lex.tokens[this.pos] ?? null;
  }

  rangeOf(t: Token): Range {
    return t.origin ?? { file: this.ctx.path, start: t.start, end: t.end };
  }
}
