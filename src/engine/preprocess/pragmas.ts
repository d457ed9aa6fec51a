// Meaning of a #pragma / _Pragma line. Loop-unrolling hints are kept for the loop that follows; `once`,
// push_macro/pop_macro and GCC error/warning act here; everything else is dropped.

import type { LoopHint } from './types';
import type { Token } from './lexer';
import { isPunct } from './stream';

export type PragmaAction =
  | { kind: 'once' }
  | { kind: 'hint'; hint: LoopHint['kind']; count?: number }
  | { kind: 'push-macro' | 'pop-macro'; name: string }
  | { kind: 'diagnostic'; severity: 'error' | 'warning'; message: string }
  | { kind: 'bad-hint'; message: string }
  | { kind: 'ignore' };

/** Evaluates an unroll count expression (macros expanded), or returns null if it is not a constant. */
export type CountEval = (toks: Token[]) => number | null;

export function parsePragma(toks: Token[], count: CountEval): PragmaAction {
  const w0 = toks[0]?.text;
  const w1 = toks[1]?.text;
  if (w0 === 'once' && toks.length === 1) return { kind: 'once' };
  if (w0 === 'unroll') return unrollPragma(toks.slice(1), count);
  if (w0 === 'nounroll') return { kind: 'hint', hint: 'nounroll' };
  if (w0 === 'clang' && w1 === 'loop') return clangLoop(toks.slice(2), count);
  if (w0 === 'GCC' && w1 === 'unroll') return countHint(toks.slice(2), count);
  if ((w0 === 'GCC' || w0 === 'clang') && (w1 === 'error' || w1 === 'warning')) {
    return { kind: 'diagnostic', severity: w1, message: messageOf(toks.slice(2)) };
  }
  if (w0 === 'push_macro' || w0 === 'pop_macro') {
    const name = toks[2]?.kind === 'str' && isPunct(toks[1], '(') ? toks[2].text.slice(1, -1) : null;
    if (name !== null) return { kind: w0 === 'push_macro' ? 'push-macro' : 'pop-macro', name };
  }
  return { kind: 'ignore' };
}

/** `#pragma unroll`, `#pragma unroll N`, `#pragma unroll(N)`. */
function unrollPragma(rest: Token[], count: CountEval): PragmaAction {
  if (rest.length === 0) return { kind: 'hint', hint: 'unroll' };
  return countHint(rest, count);
}

function countHint(rest: Token[], count: CountEval): PragmaAction {
  const inner = isPunct(rest[0], '(') && isPunct(rest[rest.length - 1], ')') ? rest.slice(1, -1) : rest;
  const n = count(inner);
  // clang 14 rejects a count of 0 as well ("must be positive").
  if (n === null || n < 1) return { kind: 'bad-hint', message: 'invalid unroll count in #pragma' };
  return { kind: 'hint', hint: 'unroll-count', count: n };
}

/** `#pragma clang loop unroll(full|enable|disable) unroll_count(N) ...`: the first unroll option wins. */
function clangLoop(opts: Token[], count: CountEval): PragmaAction {
  for (let i = 0; i < opts.length; i++) {
    const name = opts[i].text;
    if (!isPunct(opts[i + 1], '(')) continue;
    const close = closing(opts, i + 1);
    if (close < 0) return { kind: 'bad-hint', message: "missing ')' in #pragma clang loop" };
    const arg = opts.slice(i + 2, close);
    if (name === 'unroll') {
      const a = arg[0]?.text;
      if (a === 'full') return { kind: 'hint', hint: 'unroll-full' };
      if (a === 'enable') return { kind: 'hint', hint: 'unroll' };
      if (a === 'disable') return { kind: 'hint', hint: 'nounroll' };
      return { kind: 'bad-hint', message: `invalid argument '${a ?? ''}' to unroll in #pragma clang loop` };
    }
    if (name === 'unroll_count') return countHint(arg, count);
    i = close;
  }
  return { kind: 'ignore' };
}

function closing(toks: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    if (isPunct(toks[k], '(')) depth++;
    else if (isPunct(toks[k], ')') && --depth === 0) return k;
  }
  return -1;
}

function messageOf(toks: Token[]): string {
  const strs = toks.filter(t => t.kind === 'str');
  if (strs.length > 0) return strs.map(t => unquote(t.text)).join('');
  return toks.map(t => t.text).join(' ');
}

/** The text of a plain string literal, escapes of quote and backslash undone (enough for messages). */
export function unquote(text: string): string {
  const q = text.indexOf('"');
  return text.slice(q + 1, -1).replace(/\\(["\\])/g, '$1');
}
