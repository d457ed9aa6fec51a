// Values of integer and character literals in #if, where every integer is intmax_t or uintmax_t (64-bit).

export interface PPValue {
  v: bigint;
  unsigned: boolean;
}

export type LiteralResult = PPValue | { error: string };

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

const INT_RE = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([a-zA-Z]*)$/;
const SUFFIX_RE = /^(?:[uU](?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU]?)?$/;

/** An integer pp-number's value and signedness. */
export function integerLiteral(text: string): LiteralResult {
  const m = INT_RE.exec(text);
  if (m === null) return isFloat(text) ? { error: 'floating point literal in preprocessor expression' }
    : { error: `invalid integer constant '${text}'` };
  const [, digits, suffix] = m;
  if (!SUFFIX_RE.test(suffix)) return { error: `invalid suffix '${suffix}' on integer constant` };
  let v: bigint;
  const decimal = !/^0/.test(digits) || digits === '0';
  if (/^0[xXbB]/.test(digits)) {
    v = BigInt(digits);
  } else if (!decimal) {
    if (/[89]/.test(digits)) return { error: `invalid digit in octal constant '${text}'` };
    v = BigInt('0o' + digits.slice(1));
  } else {
    v = BigInt(digits);
  }
  if (v > UINT64_MAX) return { error: 'integer literal is too large to be represented in any integer type' };
  return { v, unsigned: /[uU]/.test(suffix) || v > INT64_MAX };
}

function isFloat(text: string): boolean {
  if (/^0[xX]/.test(text)) return /[.pP]/.test(text);
  return /[.eE]/.test(text);
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63,
};

/** Code units of a literal's body, escapes decoded; plain literals count UTF-8 bytes. */
function decodeBody(body: string, bytes: boolean): number[] | string {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (bytes && cp > 0x7f) out.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
      else out.push(cp);
      continue;
    }
    const e = body[++i];
    if (e === undefined) return 'incomplete escape sequence';
    if (e in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[e]);
    } else if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out.push(parseInt(m, 8));
      i += m.length - 1;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 1));
      if (m === null) return `\\${e} used with no following hex digits`;
      out.push(Number(BigInt('0x' + m[0]) & 0xffffffffn));
      i += m[0].length;
    } else {
      out.push(e.charCodeAt(0));
    }
  }
  return out;
}

/** A character literal's value: plain ones are `char` (signed on BPF) or an int for multi-character ones. */
export function charLiteral(text: string): LiteralResult {
  const q = text.indexOf("'");
  const prefix = text.slice(0, q);
  const units = decodeBody(text.slice(q + 1, -1), prefix === '' || prefix === 'u8');
  if (typeof units === 'string') return { error: units };
  if (units.length === 0) return { error: 'empty character constant' };
  if (prefix === 'u' || prefix === 'U' || prefix === 'u8') {
    const bits = prefix === 'u' ? 16n : prefix === 'U' ? 32n : 8n;
    return { v: BigInt.asUintN(Number(bits), BigInt(units[units.length - 1])), unsigned: prefix !== 'u8' };
  }
  if (prefix === 'L') return { v: BigInt.asIntN(32, BigInt(units[units.length - 1])), unsigned: false };
  if (units.length === 1) return { v: BigInt.asIntN(8, BigInt(units[0])), unsigned: false };
  let v = 0n;
  for (const u of units) v = (v << 8n) | BigInt(u & 0xff);
  return { v: BigInt.asIntN(32, v), unsigned: false };
}
