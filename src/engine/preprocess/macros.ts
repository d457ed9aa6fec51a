// Macro definitions: parsing a #define line, comparing definitions, and printing a body.

import type { Range } from '../diagnostics';
import type { Token } from './lexer';

/** Macros computed at each use rather than from a body. */
export type BuiltinKind =
  | 'file' | 'line' | 'counter' | 'include-level' | 'base-file' | 'file-name' | 'date' | 'time' | 'timestamp'
  | 'has-include' | 'has-include-next' | 'has-builtin' | 'has-attribute' | 'has-feature' | 'has-extension'
  | 'has-c-attribute' | 'has-declspec' | 'has-warning' | 'is-identifier';

export interface Macro {
  name: string;
  /** Parameter names (the variadic one last, "__VA_ARGS__" unless named); null for object-like macros. */
  params: string[] | null;
  variadic: boolean;
  body: Token[];
  /** For each body token, the index of the parameter it names, or -1. */
  paramAt: Int16Array;
  range: Range;
  builtin?: BuiltinKind;
}

export interface DefineError {
  message: string;
  at: Token | null;
}

const VA_ARGS = '__VA_ARGS__';

/** Parses the tokens after `#define`. */
export function parseDefine(toks: Token[], file: string): Macro | DefineError {
  const nameTok = toks[0];
  if (nameTok === undefined) return { message: 'macro name missing', at: null };
  if (nameTok.kind !== 'id') return { message: 'macro name must be an identifier', at: nameTok };
  if (nameTok.text === 'defined') return { message: "'defined' cannot be used as a macro name", at: nameTok };
  const range = { file, start: nameTok.start, end: nameTok.end };
  let i = 1;
  let params: string[] | null = null;
  let variadic = false;
  if (toks[1]?.text === '(' && !toks[1].space) {
    const p = parseParams(toks, 2);
    if ('message' in p) return p;
    params = p.params;
    variadic = p.variadic;
    i = p.next;
  }
  const body = toks.slice(i);
  const paramAt = new Int16Array(body.length).fill(-1);
  if (params !== null) {
    for (let k = 0; k < body.length; k++) if (body[k].kind === 'id') paramAt[k] = params.indexOf(body[k].text);
  }
  const bad = checkBody(body, paramAt, params !== null);
  if (bad !== null) return bad;
  return { name: nameTok.text, params, variadic, body, paramAt, range };
}

interface Params {
  params: string[];
  variadic: boolean;
  next: number;
}

function parseParams(toks: Token[], i: number): Params | DefineError {
  const params: string[] = [];
  if (toks[i]?.text === ')') return { params, variadic: false, next: i + 1 };
  for (;;) {
    const t = toks[i];
    if (t === undefined) return { message: "missing ')' in macro parameter list", at: toks[i - 1] };
    if (t.text === '...') {
      params.push(VA_ARGS);
      if (toks[i + 1]?.text !== ')') return { message: "missing ')' in macro parameter list", at: t };
      return { params, variadic: true, next: i + 2 };
    }
    if (t.kind !== 'id') return { message: 'invalid token in macro parameter list', at: t };
    if (params.includes(t.text)) return { message: `duplicate macro parameter name '${t.text}'`, at: t };
    params.push(t.text);
    const sep = toks[i + 1];
    if (sep?.text === '...') {
      if (toks[i + 2]?.text !== ')') return { message: "missing ')' in macro parameter list", at: sep };
      return { params, variadic: true, next: i + 3 };
    }
    if (sep?.text === ')') return { params, variadic: false, next: i + 2 };
    if (sep?.text !== ',') return { message: "expected comma in macro parameter list", at: sep ?? t };
    i += 2;
  }
}

function checkBody(body: Token[], paramAt: Int16Array, functionLike: boolean): DefineError | null {
  const n = body.length;
  if (n > 0 && body[0].text === '##' && body[0].kind === 'punct') {
    return { message: "'##' cannot appear at either end of a macro expansion", at: body[0] };
  }
  if (n > 1 && body[n - 1].text === '##' && body[n - 1].kind === 'punct') {
    return { message: "'##' cannot appear at either end of a macro expansion", at: body[n - 1] };
  }
  if (!functionLike) return null;
  for (let k = 0; k < n; k++) {
    const t = body[k];
    if (t.kind !== 'punct' || t.text !== '#') continue;
    const isParam = k + 1 < n && (paramAt[k + 1] >= 0 || body[k + 1].text === '__VA_OPT__');
    if (!isParam) {
      return { message: "'#' is not followed by a macro parameter", at: t };
    }
  }
  return null;
}

/** Two definitions are the same if parameters, spellings and whitespace separation all match. */
export function sameDefinition(a: Macro, b: Macro): boolean {
  if (a.variadic !== b.variadic || a.body.length !== b.body.length) return false;
  if ((a.params === null) !== (b.params === null)) return false;
  if (a.params !== null && b.params !== null) {
    if (a.params.length !== b.params.length || a.params.some((p, i) => p !== b.params![i])) return false;
  }
  for (let i = 0; i < a.body.length; i++) {
    const x = a.body[i];
    const y = b.body[i];
    if (x.text !== y.text) return false;
    if (i > 0 && x.space !== y.space) return false;
  }
  return true;
}

/** The replacement list as text, one space where the definition had whitespace. */
export function bodyText(body: readonly Token[]): string {
  const parts: string[] = [];
  for (let i = 0; i < body.length; i++) {
    if (i > 0 && body[i].space) parts.push(' ');
    parts.push(body[i].text);
  }
  return parts.join('');
}
