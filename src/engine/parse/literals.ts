// Number, character and string literals, decoded from their spelling in the text (not from tree-sitter's token
// split, which caps hex escapes at four digits).

import type { Severity } from '../diagnostics';
import type { Expr, Span } from './ast';
import type { Ctx } from './context';
import type { CNode } from './cst';

// ---- Numbers ------------------------------------------------------------------------------------------------

type NumberValue =
  | { kind: 'int'; value: bigint; suffix: string; decimal: boolean }
  | { kind: 'float'; value: number }
  | { kind: 'bad'; why: string };

const INT_SUFFIX = /^(u|l|ul|lu|ll|ull|llu|)$/;
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-f]+$/ };
const RADIX_PREFIX: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };

function hexFloat(s: string): number {
  const m = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?p([+-]?\d+)/.exec(s);
  if (!m) return NaN;
  const whole = m[1] || '0';
  const frac = m[2] ?? '';
  const mantissa = parseInt(whole + frac || '0', 16);
  return mantissa * Math.pow(2, Number(m[3]) - 4 * frac.length);
}

/** Decodes a number literal's spelling (no sign). */
export function decodeNumber(raw: string): NumberValue {
  const s = raw.replace(/'/g, '').toLowerCase();
  const hex = s.startsWith('0x');
  if (hex ? /[.p]/.test(s) : !s.startsWith('0b') && /[.e]/.test(s)) {
    const body = s.replace(/[fld]+$/, '');
    const value = hex ? hexFloat(body) : Number(body);
    return Number.isNaN(value) ? { kind: 'bad', why: 'malformed floating constant' } : { kind: 'float', value };
  }
  let radix = 10;
  let at = 0;
  if (hex) {
    radix = 16;
    at = 2;
  } else if (s.startsWith('0b')) {
    radix = 2;
    at = 2;
  } else if (s.startsWith('0') && s.length > 1 && /^0[0-9]/.test(s)) {
    radix = 8;
  }
  const m = /^([0-9a-f]*?)([ul]*)$/.exec(s.slice(at));
  if (!m || m[1] === '') return { kind: 'bad', why: 'malformed integer constant' };
  const [, digits, rawSuffix] = m;
  if (!DIGITS[radix].test(digits)) return { kind: 'bad', why: `invalid digit in ${radixName(radix)} constant` };
  if (!INT_SUFFIX.test(rawSuffix)) return { kind: 'bad', why: `invalid suffix '${rawSuffix}' on integer constant` };
  const u = rawSuffix.includes('u') ? 'u' : '';
  const l = rawSuffix.replace('u', '');
  const value = BigInt(RADIX_PREFIX[radix] + digits);
  return { kind: 'int', value, suffix: u + l, decimal: radix === 10 };
}

function radixName(radix: number): string {
  return radix === 16 ? 'hexadecimal' : radix === 8 ? 'octal' : radix === 2 ? 'binary' : 'decimal';
}

/**
 * number_literal; tree-sitter folds a leading sign into the token at the start of an expression. The prepass
 * may have put zeros in place of a literal tree-sitter would split (`1abc`, `''`): the original is read here.
 */
export function numberLiteral(ctx: Ctx, n: CNode): Expr {
  const raw = ctx.tok(n);
  if (/^(?:L|u|U|u8)?'/.test(raw)) return charLiteral(ctx, n);
  const signed = raw[0] === '-' || raw[0] === '+';
  const start = signed ? n.start + 1 : n.start;
  const span: Span = { start, end: n.end };
  const v = decodeNumber(signed ? raw.slice(1) : raw);
  let lit: Expr;
  if (v.kind === 'bad') {
    ctx.report(span, 'PARSE_LITERAL', `${v.why}: '${raw}'`);
    lit = { kind: 'int', value: 0n, suffix: '', decimal: true, span };
  } else if (v.kind === 'float') {
    lit = { kind: 'float', value: v.value, raw: signed ? raw.slice(1) : raw, span };
  } else {
    lit = { kind: 'int', value: v.value, suffix: v.suffix, decimal: v.decimal, span };
  }
  if (!signed) return lit;
  return { kind: 'unary', op: raw[0] === '-' ? '-' : '+', arg: lit, span: ctx.span(n) };
}

// ---- Escapes ------------------------------------------------------------------------------------------------

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, E: 27, '\\': 92, "'": 39, '"': 34, '?': 63,
};

function utf8(cp: number, out: number[]): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/**
 * The units of a literal body (between the quotes): bytes (non-ASCII and \u escapes UTF-8 encoded) for narrow
 * literals, code points for wide ones. Problems go to `bad`: values that do not fit are errors (as in clang),
 * unknown escapes warnings.
 */
export function decodeBody(body: string, wide: boolean, bad: (msg: string, severity: Severity) => void): number[] {
  const out: number[] = [];
  const put = (cp: number): void => (wide ? void out.push(cp) : utf8(cp, out));
  for (let i = 0; i < body.length; ) {
    const cp = body.codePointAt(i) as number;
    if (cp !== 92) {
      put(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1] ?? '';
    i += 2;
    if (e in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[e]);
    } else if (/[0-7]/.test(e)) {
      let j = i;
      while (j < body.length && j < i + 2 && /[0-7]/.test(body[j])) j++;
      const v = parseInt(e + body.slice(i, j), 8);
      if (!wide && v > 0xff) bad('octal escape sequence out of range', 'error');
      out.push(wide ? v : v & 0xff);
      i = j;
    } else if (e === 'x') {
      let j = i;
      while (j < body.length && /[0-9a-fA-F]/.test(body[j])) j++;
      if (j === i) bad('\\x used with no following hex digits', 'error');
      const v = j === i ? 0 : parseInt(body.slice(i, j), 16);
      if (!wide && v > 0xff) bad('hex escape sequence out of range', 'error');
      out.push(wide ? v : v & 0xff);
      i = j;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) bad('incomplete universal character name', 'error');
      put(parseInt(hex, 16) || 0);
      i += len;
    } else {
      bad(`unknown escape sequence '\\${e}'`, 'warning');
      if (e) put(e.codePointAt(0) as number);
    }
  }
  return out;
}

/** Splits `u8"..."` into prefix and body; tolerates a missing closing quote. */
function splitQuoted(raw: string, quote: string): { prefix: string; body: string } {
  const q = raw.indexOf(quote);
  const prefix = raw.slice(0, q);
  const closed = raw.length > q + 1 && raw.endsWith(quote);
  return { prefix, body: raw.slice(q + 1, closed ? raw.length - 1 : raw.length) };
}

// ---- Characters ---------------------------------------------------------------------------------------------

export function charLiteral(ctx: Ctx, n: CNode): Expr {
  const span = ctx.span(n);
  const { prefix, body } = splitQuoted(ctx.tok(n), "'");
  const wide = prefix === 'L' || prefix === 'u' || prefix === 'U';
  const units = decodeBody(body, wide, (msg, severity) => ctx.report(span, 'PARSE_LITERAL', msg, severity));
  if (units.length === 0) {
    ctx.report(span, 'PARSE_LITERAL', 'empty character constant');
    return { kind: 'char', value: 0, span };
  }
  if (wide || prefix === 'u8') return { kind: 'char', value: units[units.length - 1], span };
  if (units.length === 1) {
    // A plain character constant is an int holding a (signed, on BPF) char.
    const b = units[0];
    return { kind: 'char', value: b >= 128 ? b - 256 : b, span };
  }
  // Multi-character constants pack bytes big-endian into an int, as GCC and clang do.
  let v = 0;
  for (const b of units) v = ((v << 8) | b) | 0;
  return { kind: 'char', value: v, span };
}

// ---- Strings ------------------------------------------------------------------------------------------------

function bytesToString(units: number[]): string {
  let s = '';
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return s;
}

/** string_literal or concatenated_string: adjacent literals joined after decoding each. */
export function stringLiteral(ctx: Ctx, n: CNode): Expr {
  const parts = n.type === 'concatenated_string' ? n.children.filter(c => c.named) : [n];
  let value = '';
  for (const p of parts) {
    if (p.type !== 'string_literal') {
      ctx.unsupported(p, `'${ctx.tok(p)}' between string literals (an unexpanded macro?)`);
      continue;
    }
    const span = ctx.span(p);
    const { prefix, body } = splitQuoted(ctx.tok(p), '"');
    if (prefix === 'L' || prefix === 'u' || prefix === 'U') ctx.unsupported(p, 'wide string literal');
    const units = decodeBody(body, false, (msg, severity) => ctx.report(span, 'PARSE_LITERAL', msg, severity));
    value += bytesToString(units);
  }
  return { kind: 'string', value, span: ctx.span(n) };
}
