// Splits a file into preprocessing tokens. Line splices (backslash-newline) are removed before lexing, so they may
// appear anywhere, even inside a token; offsets always point into the original text. Results are cached by text.

import type { Range } from '../diagnostics';
import type { Hideset } from './hideset';

export type TokKind = 'id' | 'num' | 'str' | 'chr' | 'punct' | 'other' | 'pm';

/** One preprocessing token. Lexed tokens are shared through the cache and never mutated. */
export interface Token {
  kind: TokKind;
  /** Spelling with splices removed. */
  text: string;
  /** Offsets in the file the token was lexed from. */
  start: number;
  end: number;
  /** Whitespace (or a comment) came before it. */
  space: boolean;
  /** First token of a logical line. */
  bol: boolean;
  /** Macros that must not expand this token again (the "painted blue" rule); null when empty. */
  hs: Hideset | null;
  /** For tokens produced by a macro expansion: the outermost invocation. Null for tokens read from a file. */
  origin: Range | null;
}

export interface LexProblem {
  start: number;
  end: number;
  message: string;
}

export interface LexedFile {
  text: string;
  tokens: Token[];
  /** The text with comments (and splices between tokens) blanked to spaces; same length, same newlines. */
  cleaned: string;
  /** Offsets of every '\n'. */
  newlines: Int32Array;
  /** The macro of a classic include guard wrapping the whole file, if any. */
  guard: string | null;
  problems: LexProblem[];
  /** Results that depend only on this file's tokens (parsed #define lines), keyed by token index. */
  memo: Map<number, unknown>;
}

const SPLICE = /\\[ \t]*\r?\n/g;

interface Logical {
  text: string;
  /** Logical offset → original offset; null when there were no splices. */
  pos: Int32Array | null;
  splices: Array<[number, number]>;
}

function removeSplices(text: string): Logical {
  if (text.indexOf('\\') < 0) return { text, pos: null, splices: [] };
  const splices: Array<[number, number]> = [];
  SPLICE.lastIndex = 0;
  for (let m = SPLICE.exec(text); m !== null; m = SPLICE.exec(text)) splices.push([m.index, m.index + m[0].length]);
  if (splices.length === 0) return { text, pos: null, splices };
  const parts: string[] = [];
  let removed = 0;
  for (const [s, e] of splices) removed += e - s;
  const pos = new Int32Array(text.length - removed + 1);
  let prev = 0;
  let li = 0;
  for (const [s, e] of splices) {
    parts.push(text.slice(prev, s));
    for (let i = prev; i < s; i++) pos[li++] = i;
    prev = e;
  }
  parts.push(text.slice(prev));
  for (let i = prev; i < text.length; i++) pos[li++] = i;
  pos[li] = text.length;
  return { text: parts.join(''), pos, splices };
}

const isIdStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 0x80;
const isIdChar = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Length of the punctuator at i, or 0 if the character is not one. */
function punctLength(s: string, i: number): number {
  const c = s[i];
  const d = s[i + 1];
  switch (c) {
    case '[': case ']': case '(': case ')': case '{': case '}': case '~': case '?': case ';': case ',': case ':':
      return 1;
    case '.':
      return d === '.' && s[i + 2] === '.' ? 3 : 1;
    case '-':
      return d === '>' || d === '-' || d === '=' ? 2 : 1;
    case '+':
      return d === '+' || d === '=' ? 2 : 1;
    case '&':
      return d === '&' || d === '=' ? 2 : 1;
    case '|':
      return d === '|' || d === '=' ? 2 : 1;
    case '<':
    case '>':
      if (d === c) return s[i + 2] === '=' ? 3 : 2;
      return d === '=' ? 2 : 1;
    case '#':
      return d === '#' ? 2 : 1;
    case '*': case '/': case '%': case '^': case '=': case '!':
      return d === '=' ? 2 : 1;
    default:
      return 0;
  }
}

/** Every C punctuator, for deciding whether two adjacent tokens would fuse. */
export const PUNCTUATORS: ReadonlySet<string> = new Set([
  '[', ']', '(', ')', '{', '}', '.', '->', '++', '--', '&', '*', '+', '-', '~', '!', '/', '%', '<<', '>>', '<', '>',
  '<=', '>=', '==', '!=', '^', '|', '&&', '||', '?', ':', ';', '...', '=', '*=', '/=', '%=', '+=', '-=', '<<=',
  '>>=', '&=', '^=', '|=', ',', '#', '##',
]);

/** End of a pp-number starting at i. */
function scanNumber(s: string, i: number): number {
  i++;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    const sign = c === 43 || c === 45;
    if (sign) {
      const p = s.charCodeAt(i - 1) | 0x20;
      if (p !== 101 && p !== 112) break; // e/E/p/P
      i++;
    } else if (isIdChar(c) || c === 46) {
      i++;
    } else {
      break;
    }
  }
  return i;
}

/** End of a string or char literal whose opening quote is at q; -1 if unterminated on its line. */
function scanQuoted(s: string, q: number): number {
  const quote = s.charCodeAt(q);
  for (let i = q + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === 10) return -1;
    if (c === 92) i++;
  }
  return -1;
}

function literalPrefix(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n === 1) {
    const c = s[start];
    return c === 'L' || c === 'u' || c === 'U';
  }
  return n === 2 && s[start] === 'u' && s[start + 1] === '8';
}

interface RawToken {
  kind: TokKind;
  start: number;
  end: number;
  space: boolean;
  bol: boolean;
}

interface RawLex {
  toks: RawToken[];
  comments: Array<[number, number]>;
  problems: LexProblem[];
}

/** Lexes splice-free text; offsets are logical. */
function lexLogical(s: string): RawLex {
  const toks: RawToken[] = [];
  const comments: Array<[number, number]> = [];
  const problems: LexProblem[] = [];
  const n = s.length;
  let i = 0;
  let bol = true;
  let space = false;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 10) {
      bol = true;
      space = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      space = true;
      i++;
      continue;
    }
    if (c === 47 && s.charCodeAt(i + 1) === 47) {
      let e = s.indexOf('\n', i);
      if (e < 0) e = n;
      comments.push([i, e]);
      space = true;
      i = e;
      continue;
    }
    if (c === 47 && s.charCodeAt(i + 1) === 42) {
      let e = s.indexOf('*/', i + 2);
      if (e < 0) {
        problems.push({ start: i, end: i + 2, message: 'unterminated /* comment' });
        e = n;
      } else {
        e += 2;
      }
      comments.push([i, e]);
      space = true;
      i = e;
      continue;
    }
    const start = i;
    let kind: TokKind;
    if (isIdStart(c)) {
      i++;
      while (i < n && isIdChar(s.charCodeAt(i))) i++;
      kind = 'id';
      const q = s.charCodeAt(i);
      if ((q === 34 || q === 39) && literalPrefix(s, start, i)) {
        const e = scanQuoted(s, i);
        kind = e < 0 ? 'other' : q === 34 ? 'str' : 'chr';
        i = e < 0 ? lineEnd(s, i) : e;
      }
    } else if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
      i = scanNumber(s, i);
      kind = 'num';
    } else if (c === 34 || c === 39) {
      const e = scanQuoted(s, i);
      kind = e < 0 ? 'other' : c === 34 ? 'str' : 'chr';
      i = e < 0 ? lineEnd(s, i) : e;
    } else {
      const len = punctLength(s, i);
      kind = len > 0 ? 'punct' : 'other';
      i += len > 0 ? len : 1;
    }
    toks.push({ kind, start, end: i, space, bol });
    bol = false;
    space = false;
  }
  return { toks, comments, problems };
}

/** An unterminated literal runs to the end of its line, as clang lexes it. */
function lineEnd(s: string, i: number): number {
  const e = s.indexOf('\n', i);
  return e < 0 ? s.length : e;
}

/** Lexes a snippet (a paste result, a _Pragma string, a -D value) into tokens with offsets in the snippet. */
export function lexFragment(text: string): Token[] {
  const raw = lexLogical(text);
  return raw.toks.map(r => ({
    kind: r.kind, text: text.slice(r.start, r.end), start: r.start, end: r.end, space: r.space, bol: r.bol,
    hs: null, origin: null,
  }));
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/** Builds the cleaned text: comments and the splices lying between tokens become spaces. */
function cleanText(text: string, spans: Array<[number, number]>): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let prev = 0;
  for (const [s, e] of spans) {
    if (s < prev) continue;
    parts.push(text.slice(prev, s), blank(text.slice(s, e)));
    prev = e;
  }
  parts.push(text.slice(prev));
  return parts.join('');
}

function newlineOffsets(text: string): Int32Array {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out[k++] = i;
  return out;
}

/** Splices that do not fall inside a token (tokens and splices are both sorted). */
function spliceGaps(splices: Array<[number, number]>, tokens: Token[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let t = 0;
  for (const sp of splices) {
    while (t < tokens.length && tokens[t].end <= sp[0]) t++;
    if (t < tokens.length && tokens[t].start < sp[0]) continue;
    out.push(sp);
  }
  return out;
}

function lexUncached(text: string): LexedFile {
  const lg = removeSplices(text);
  const raw = lexLogical(lg.text);
  const pos = lg.pos;
  const at = (i: number): number => (pos === null ? i : pos[i]);
  const endAt = (i: number): number => (pos === null ? i : i === 0 ? 0 : pos[i - 1] + 1);
  const tokens: Token[] = raw.toks.map(r => ({
    kind: r.kind, text: lg.text.slice(r.start, r.end), start: at(r.start), end: endAt(r.end), space: r.space,
    bol: r.bol, hs: null, origin: null,
  }));
  const spans: Array<[number, number]> = raw.comments.map(([s, e]) => [at(s), endAt(e)]);
  for (const sp of spliceGaps(lg.splices, tokens)) spans.push(sp);
  const problems = raw.problems.map(p => ({ ...p, start: at(p.start), end: endAt(p.end) }));
  return {
    text, tokens, cleaned: cleanText(text, spans), newlines: newlineOffsets(text), guard: findGuard(tokens), problems,
    memo: new Map(),
  };
}

/** The guard macro if the file is `#ifndef X` / `#define X` ... `#endif` with nothing outside. */
function findGuard(toks: Token[]): string | null {
  const isHash = (i: number): boolean => i < toks.length && toks[i].bol && toks[i].text === '#';
  if (!isHash(0) || toks.length < 6) return null;
  let name: string | null = null;
  let i = 1;
  if (toks[1].text === 'ifndef' && toks[2].kind === 'id') {
    name = toks[2].text;
    i = 3;
  } else if (toks[1].text === 'if' && toks[2].text === '!' && toks[3].text === 'defined') {
    const paren = toks[4].text === '(';
    const nt = toks[paren ? 5 : 4];
    if (nt?.kind !== 'id') return null;
    name = nt.text;
    i = paren ? 7 : 5;
    if (paren && toks[6]?.text !== ')') return null;
  }
  if (name === null || !isHash(i) || toks[i + 1]?.text !== 'define' || toks[i + 2]?.text !== name) return null;
  return guardEndsFile(toks, i) ? name : null;
}

function guardEndsFile(toks: Token[], from: number): boolean {
  let depth = 1;
  for (let i = from; i < toks.length; i++) {
    const t = toks[i];
    if (!t.bol || t.text !== '#' || i + 1 >= toks.length || toks[i + 1].bol) continue;
    const d = toks[i + 1].text;
    if (d === 'if' || d === 'ifdef' || d === 'ifndef') depth++;
    else if (depth === 1 && (d === 'else' || d.startsWith('elif'))) return false;
    else if (d === 'endif' && --depth === 0) {
      let j = i + 2;
      while (j < toks.length && !toks[j].bol) j++;
      return j === toks.length;
    }
  }
  return false;
}

// Lexed files are reused across runs (built-in headers never change; the main file often does not either).
// Least recently used entries go first; each edit of the main file adds an entry, headers stay hot.
const CACHE_LIMIT_CHARS = 16 * 1024 * 1024;
const CACHE_LIMIT_ENTRIES = 96;
const cache = new Map<string, LexedFile>();
let cachedChars = 0;

export function lexFile(text: string): LexedFile {
  const hit = cache.get(text);
  if (hit !== undefined) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const lexed = lexUncached(text);
  cache.set(text, lexed);
  cachedChars += text.length;
  for (const [k] of cache) {
    if ((cachedChars <= CACHE_LIMIT_CHARS && cache.size <= CACHE_LIMIT_ENTRIES) || cache.size <= 1) break;
    cache.delete(k);
    cachedChars -= k.length;
  }
  return lexed;
}

/** 1-based line of an offset. */
export function lineOf(f: LexedFile, offset: number): number {
  const nl = f.newlines;
  let lo = 0;
  let hi = nl.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nl[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Number of newlines in [start, end). */
export function newlinesBetween(f: LexedFile, start: number, end: number): number {
  return end <= start ? 0 : lineOf(f, end) - lineOf(f, start);
}
