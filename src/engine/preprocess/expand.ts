// Macro expansion with hide sets (Prosser's algorithm): an invocation is replaced by its substituted body, which
// is pushed back onto the input and rescanned; every token carries the set of macros that may not expand it again.

import type { Range, Severity } from '../diagnostics';
import type { HidesetTable, Hideset } from './hideset';
import { lexFragment, type Token } from './lexer';
import type { Macro } from './macros';
import { isPunct, synth, TokenStream } from './stream';

export interface ExpandEnv {
  readonly macros: Map<string, Macro>;
  readonly hidesets: HidesetTable;
  /** Path of the file whose tokens are being read; tokens without an origin belong to it. */
  currentFile(): string;
  report(severity: Severity, code: string, range: Range, message: string): void;
  /** Tokens of a built-in macro such as __LINE__ or __has_include(...), or null to leave it unexpanded. */
  builtin(m: Macro, name: Token, src: TokenStream): Token[] | null;
  /** Argument collection may read through directives; the output is told so it does not emit them. */
  beginCollect(): void;
  endCollect(): void;
}

interface Call {
  args: Token[][];
  rparen: Token;
  consumed: Token[];
}

export class Expander {
  constructor(private readonly env: ExpandEnv) {}

  /** If `tok` names a macro that may expand here, pushes its expansion onto `src` and returns true. */
  tryExpand(tok: Token, src: TokenStream): boolean {
    const m = this.env.macros.get(tok.text);
    if (m === undefined || (tok.hs !== null && tok.hs.has(tok.text))) return false;
    if (m.builtin !== undefined) return this.expandBuiltin(m, tok, src);
    const hidesets = this.env.hidesets;
    if (m.params === null) {
      const origin = tok.origin ?? this.fileRange(tok);
      src.push(this.subst(m, null, false, hidesets.add(tok.hs, m.name), origin, tok.space));
      return true;
    }
    if (!isPunct(src.peek(), '(')) return false;
    const call = this.collectArgs(tok, m, src);
    if (call === null) return false;
    const origin = this.originOf(tok, call.rparen);
    const shaped = this.shapeArgs(m, call.args, origin);
    if (shaped === null) {
      src.push(call.consumed);
      return false;
    }
    const hs = hidesets.add(hidesets.intersect(tok.hs, call.rparen.hs), m.name);
    src.push(this.subst(m, shaped.args, shaped.vaPresent, hs, origin, tok.space));
    return true;
  }

  /** Fully expands a token list on its own (macro arguments, #if lines, #include operands). */
  expandAll(toks: Token[]): Token[] {
    const s = new TokenStream(null);
    s.push(toks);
    const out: Token[] = [];
    for (let t = s.next(); t !== null; t = s.next()) {
      if (t.kind === 'id' && this.tryExpand(t, s)) continue;
      out.push(t);
    }
    return out;
  }

  /** The range an expansion maps to: from the first token's place to the last one's, in the first one's file. */
  originOf(first: Token, last: Token): Range {
    const fo = first.origin;
    const lo = last.origin;
    if (fo !== null && fo === lo) return fo;
    const file = fo !== null ? fo.file : this.env.currentFile();
    const start = fo !== null ? fo.start : first.start;
    let end = lo !== null ? lo.end : last.end;
    const lastFile = lo !== null ? lo.file : this.env.currentFile();
    if (lastFile !== file || end < start) end = fo !== null ? fo.end : first.end;
    return { file, start, end };
  }

  private fileRange(tok: Token): Range {
    return { file: this.env.currentFile(), start: tok.start, end: tok.end };
  }

  private expandBuiltin(m: Macro, tok: Token, src: TokenStream): boolean {
    const toks = this.env.builtin(m, tok, src);
    if (toks === null) return false;
    const hs = this.env.hidesets.add(tok.hs, m.name);
    for (const t of toks) t.hs = hs;
    src.push(toks);
    return true;
  }

  private collectArgs(name: Token, m: Macro, src: TokenStream): Call | null {
    this.env.beginCollect();
    try {
      const consumed: Token[] = [src.next()!];
      const args: Token[][] = [[]];
      const named = m.params!.length - (m.variadic ? 1 : 0);
      let depth = 0;
      for (;;) {
        const t = src.next();
        if (t === null) {
          this.env.report('error', 'PP_UNTERMINATED_CALL', name.origin ?? this.fileRange(name),
            `unterminated function-like macro invocation of '${m.name}'`);
          src.push(consumed);
          return null;
        }
        consumed.push(t);
        if (t.kind === 'punct') {
          if (t.text === '(') depth++;
          else if (t.text === ')' && depth-- === 0) return { args, rparen: t, consumed };
          else if (t.text === ',' && depth === 0 && !(m.variadic && args.length > named)) {
            args.push([]);
            continue;
          }
        }
        args[args.length - 1].push(t);
      }
    } finally {
      this.env.endCollect();
    }
  }

  /** Checks the argument count; supplies the missing variadic argument. */
  private shapeArgs(m: Macro, args: Token[][], at: Range): { args: Token[][]; vaPresent: boolean } | null {
    const np = m.params!.length;
    if (m.variadic) {
      // GNU: `E()` for `E(...)` counts as omitting the variable arguments (what `, ## __VA_ARGS__` tests).
      if (np === 1 && args.length === 1 && args[0].length === 0) return { args, vaPresent: false };
      if (args.length >= np) return { args, vaPresent: true };
      if (args.length === np - 1) return { args: [...args, []], vaPresent: false };
      return this.badCount(m, at, 'few');
    }
    if (np === 0) return args.length === 1 && args[0].length === 0 ? { args: [], vaPresent: false }
      : this.badCount(m, at, 'many');
    if (args.length === np) return { args, vaPresent: false };
    return this.badCount(m, at, args.length < np ? 'few' : 'many');
  }

  private badCount(m: Macro, at: Range, which: 'few' | 'many'): null {
    this.env.report('error', 'PP_MACRO_ARGS', at,
      `too ${which} arguments provided to function-like macro invocation '${m.name}'`);
    return null;
  }

  private subst(m: Macro, args: Token[][] | null, vaPresent: boolean, hs: Hideset, origin: Range,
    firstSpace: boolean): Token[] {
    const out: Token[] = [];
    new Substitution(this, m, args, vaPresent, origin).run(0, m.body.length, out);
    const hidesets = this.env.hidesets;
    const res: Token[] = [];
    for (const t of out) {
      if (t.kind === 'pm') continue;
      t.hs = hidesets.union(t.hs, hs);
      t.origin = origin;
      t.start = origin.start;
      t.end = origin.end;
      res.push(t);
    }
    if (res.length > 0) res[0].space = firstSpace;
    return res;
  }

  /** Joins two tokens with ##; reports and keeps them apart if the result is not one token. */
  paste(lhs: Token | undefined, rhs: Token, at: Range): Token[] {
    if (lhs === undefined || lhs.kind === 'pm') return [copyTok(rhs, lhs?.space ?? rhs.space)];
    if (rhs.kind === 'pm') return [lhs];
    const text = lhs.text + rhs.text;
    const kind = pastedKind(lhs, rhs, text);
    if (kind === null) {
      this.env.report('error', 'PP_BAD_PASTE', at, `pasting formed '${text}', an invalid preprocessing token`);
      return [lhs, copyTok(rhs, rhs.space)];
    }
    const t = synth(kind, text, lhs.space, null);
    t.hs = this.env.hidesets.union(lhs.hs, rhs.hs);
    return [t];
  }
}

function copyTok(t: Token, space: boolean): Token {
  return { kind: t.kind, text: t.text, start: t.start, end: t.end, space, bol: false, hs: t.hs, origin: null };
}

const WORD = /^[A-Za-z0-9_$]+$/;

function pastedKind(lhs: Token, rhs: Token, text: string): Token['kind'] | null {
  if (lhs.kind === 'id' && (rhs.kind === 'id' || (rhs.kind === 'num' && WORD.test(rhs.text)))) return 'id';
  const toks = lexFragment(text);
  return toks.length === 1 && toks[0].text === text ? toks[0].kind : null;
}

/** One body substitution: parameters, #, ##, GNU comma elision and __VA_OPT__. */
class Substitution {
  private readonly expanded: Array<Token[] | undefined> = [];
  private readonly body: Token[];
  private readonly at: Int16Array;
  private readonly vaIndex: number;

  constructor(
    private readonly ex: Expander,
    m: Macro,
    private readonly args: Token[][] | null,
    private readonly vaPresent: boolean,
    private readonly origin: Range,
  ) {
    this.body = m.body;
    this.at = m.paramAt;
    this.vaIndex = m.variadic ? m.params!.length - 1 : -1;
  }

  run(from: number, to: number, out: Token[]): void {
    const { body, at, args } = this;
    for (let i = from; i < to; i++) {
      const t = body[i];
      const p = args === null ? -1 : at[i];
      if (args !== null && isPunct(t, '#') && i + 1 < to) {
        i = this.stringifyAt(i + 1, to, t.space, out);
        continue;
      }
      if (isPunct(t, '##') && i + 1 < to) {
        i = this.pasteAt(i + 1, to, out);
        continue;
      }
      if (p >= 0) {
        this.param(p, t.space, i + 1 < to && isPunct(body[i + 1], '##'), out);
        continue;
      }
      if (this.vaIndex >= 0 && t.text === '__VA_OPT__' && isPunct(body[i + 1], '(')) {
        const close = this.vaOptClose(i + 1, to);
        if (close > 0) {
          this.vaOpt(i + 2, close, t.space, out);
          i = close;
          continue;
        }
      }
      out.push(copyTok(t, t.space));
    }
  }

  private param(p: number, space: boolean, beforePaste: boolean, out: Token[]): void {
    const raw = this.args![p];
    const list = beforePaste ? raw : (this.expanded[p] ??= this.ex.expandAll(raw));
    if (list.length === 0) {
      if (beforePaste) out.push(synth('pm', '', space, null));
      return;
    }
    for (let k = 0; k < list.length; k++) out.push(copyTok(list[k], k === 0 ? space : list[k].space));
  }

  /** `#x` or `#__VA_OPT__(...)`; returns the index of the last body token used. */
  private stringifyAt(j: number, to: number, space: boolean, out: Token[]): number {
    const p = this.at[j];
    if (p >= 0) {
      out.push(synth('str', stringify(this.args![p]), space, null));
      return j;
    }
    const close = this.vaOptClose(j + 1, to);
    if (close < 0) {
      out.push(copyTok(this.body[j - 1], space));
      return j - 1;
    }
    const inner: Token[] = [];
    if (this.vaHasTokens()) this.run(j + 2, close, inner);
    out.push(synth('str', stringify(inner.filter(t => t.kind !== 'pm')), space, null));
    return close;
  }

  /** `lhs ## rhs` where lhs is already the last token of `out`; returns the index of the last body token used. */
  private pasteAt(j: number, to: number, out: Token[]): number {
    const body = this.body;
    const args = this.args;
    const rt = body[j];
    const p = args === null ? -1 : this.at[j];
    const last = out[out.length - 1];
    if (p >= 0 && p === this.vaIndex && last !== undefined && isPunct(last, ',')) {
      // GNU: `, ## __VA_ARGS__` drops the comma when the variadic argument is absent.
      if (!this.vaPresent) out.pop();
      else for (const a of args![p]) out.push(copyTok(a, a.space));
      return j;
    }
    let rhs: Token[];
    let used = j;
    if (p >= 0) {
      rhs = args![p];
    } else if (args !== null && isPunct(rt, '#') && j + 1 < to && this.at[j + 1] >= 0) {
      rhs = [synth('str', stringify(args[this.at[j + 1]]), rt.space, null)];
      used = j + 1;
    } else if (this.vaIndex >= 0 && rt.text === '__VA_OPT__' && isPunct(body[j + 1], '(')) {
      const close = this.vaOptClose(j + 1, to);
      rhs = [];
      if (close > 0 && this.vaHasTokens()) this.run(j + 2, close, rhs);
      used = close > 0 ? close : j;
    } else {
      rhs = [rt];
    }
    const lhs = out.pop();
    if (rhs.length === 0) {
      out.push(lhs ?? synth('pm', '', false, null));
      return used;
    }
    for (const t of this.ex.paste(lhs, rhs[0], this.origin)) out.push(t);
    for (let k = 1; k < rhs.length; k++) out.push(copyTok(rhs[k], rhs[k].space));
    return used;
  }

  private vaHasTokens(): boolean {
    return this.vaPresent && this.args![this.vaIndex].length > 0;
  }

  private vaOpt(from: number, close: number, space: boolean, out: Token[]): void {
    if (!this.vaHasTokens()) {
      out.push(synth('pm', '', space, null));
      return;
    }
    const start = out.length;
    this.run(from, close, out);
    if (out.length > start) out[start].space = space;
  }

  /** Index of the ')' closing the '(' at `open`, or -1. */
  private vaOptClose(open: number, to: number): number {
    if (!isPunct(this.body[open], '(')) return -1;
    let depth = 0;
    for (let k = open; k < to; k++) {
      const t = this.body[k];
      if (isPunct(t, '(')) depth++;
      else if (isPunct(t, ')') && --depth === 0) return k;
    }
    return -1;
  }
}

/** The `#` operator: spellings joined with single spaces, quotes and backslashes escaped inside literals. */
export function stringify(toks: readonly Token[]): string {
  const parts: string[] = ['"'];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (i > 0 && t.space) parts.push(' ');
    parts.push(t.kind === 'str' || t.kind === 'chr' ? t.text.replace(/[\\"]/g, '\\$&') : t.text);
  }
  // A lone trailing backslash would escape the closing quote; clang drops it.
  const body = parts.join('');
  const trailing = /\\+$/.exec(body)?.[0].length ?? 0;
  return (trailing % 2 === 1 ? body.slice(0, -1) : body) + '"';
}
