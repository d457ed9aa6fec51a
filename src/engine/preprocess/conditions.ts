// #if constant expressions over fully expanded tokens: every C operator, intmax_t/uintmax_t semantics (64-bit via
// BigInt), short-circuit evaluation (division by zero is only an error where evaluated), unknown identifiers = 0.

import type { Token } from './lexer';
import { charLiteral, integerLiteral, type PPValue } from './literals';

export interface CondError {
  code: string;
  message: string;
  /** The offending token, or null when the expression ended early. */
  at: Token | null;
}

export type CondResult = { ok: true; value: PPValue } | { ok: false; error: CondError };

class Fail {
  constructor(readonly error: CondError) {}
}

const BINARY_PREC: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

const wrap = (v: bigint, unsigned: boolean): PPValue => ({
  v: unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v),
  unsigned,
});
const bool = (b: boolean): PPValue => ({ v: b ? 1n : 0n, unsigned: false });

export function evaluate(toks: readonly Token[]): CondResult {
  try {
    const p = new Parser(toks);
    // As in clang, a comma is accepted only inside parentheses.
    const v = p.top(true);
    const rest = p.peek();
    if (rest !== undefined) {
      p.fail('PP_IF_EXPR', rest.text === ',' ? 'expected end of line in preprocessor expression'
        : 'token is not a valid binary operator in a preprocessor subexpression', rest);
    }
    return { ok: true, value: v };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly toks: readonly Token[]) {}

  peek(): Token | undefined {
    return this.toks[this.pos];
  }

  fail(code: string, message: string, at: Token | null): never {
    throw new Fail({ code, message, at });
  }

  private isOp(text: string): boolean {
    const t = this.toks[this.pos];
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  private expect(text: string, what: string): void {
    if (!this.isOp(text)) this.fail('PP_IF_EXPR', `expected '${text}' ${what}`, this.peek() ?? null);
    this.pos++;
  }

  top(live: boolean): PPValue {
    return this.ternary(live);
  }

  private comma(live: boolean): PPValue {
    let v = this.ternary(live);
    while (this.isOp(',')) {
      this.pos++;
      v = this.ternary(live);
    }
    return v;
  }

  private ternary(live: boolean): PPValue {
    const c = this.binary(1, live);
    if (!this.isOp('?')) return c;
    this.pos++;
    const take = c.v !== 0n;
    const a = this.comma(live && take);
    this.expect(':', "in conditional expression");
    const b = this.ternary(live && !take);
    const unsigned = a.unsigned || b.unsigned;
    return wrap(take ? a.v : b.v, unsigned);
  }

  private binary(minPrec: number, live: boolean): PPValue {
    let lhs = this.unary(live);
    for (;;) {
      const t = this.peek();
      const prec = t !== undefined && t.kind === 'punct' ? BINARY_PREC[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return lhs;
      this.pos++;
      const op = t!.text;
      if (op === '&&' || op === '||') {
        const short = op === '&&' ? lhs.v === 0n : lhs.v !== 0n;
        const rhs = this.binary(prec + 1, live && !short);
        lhs = bool(op === '&&' ? lhs.v !== 0n && rhs.v !== 0n : lhs.v !== 0n || rhs.v !== 0n);
        continue;
      }
      const rhs = this.binary(prec + 1, live);
      lhs = this.apply(op, lhs, rhs, live, t!);
    }
  }

  private apply(op: string, a: PPValue, b: PPValue, live: boolean, at: Token): PPValue {
    if (op === '<<' || op === '>>') return shift(op, a, b);
    const u = a.unsigned || b.unsigned;
    const x = u ? BigInt.asUintN(64, a.v) : a.v;
    const y = u ? BigInt.asUintN(64, b.v) : b.v;
    switch (op) {
      case '*': return wrap(x * y, u);
      case '/':
      case '%':
        if (y === 0n) {
          const what = op === '/' ? 'division' : 'remainder';
          if (live) this.fail('PP_DIV_ZERO', `${what} by zero in preprocessor expression`, at);
          return wrap(0n, u);
        }
        return wrap(op === '/' ? x / y : x % y, u);
      case '+': return wrap(x + y, u);
      case '-': return wrap(x - y, u);
      case '<': return bool(x < y);
      case '>': return bool(x > y);
      case '<=': return bool(x <= y);
      case '>=': return bool(x >= y);
      case '==': return bool(x === y);
      case '!=': return bool(x !== y);
      case '&': return wrap(x & y, u);
      case '^': return wrap(x ^ y, u);
      default: return wrap(x | y, u);
    }
  }

  private unary(live: boolean): PPValue {
    const t = this.peek();
    if (t === undefined) this.fail('PP_IF_EXPR', 'expected value in expression', null);
    if (t.kind === 'punct') {
      switch (t.text) {
        case '(': {
          this.pos++;
          const v = this.comma(live);
          this.expect(')', 'in preprocessor expression');
          return v;
        }
        case '+': this.pos++; return this.unary(live);
        case '-': { this.pos++; const v = this.unary(live); return wrap(-v.v, v.unsigned); }
        case '~': { this.pos++; const v = this.unary(live); return wrap(~v.v, v.unsigned); }
        case '!': { this.pos++; return bool(this.unary(live).v === 0n); }
        default: this.fail('PP_IF_EXPR', `invalid token at start of a preprocessor expression`, t);
      }
    }
    this.pos++;
    return this.primary(t);
  }

  private primary(t: Token): PPValue {
    if (t.kind === 'id') return { v: 0n, unsigned: false };
    if (t.kind === 'num' || t.kind === 'chr') {
      const r = t.kind === 'num' ? integerLiteral(t.text) : charLiteral(t.text);
      if ('error' in r) this.fail('PP_IF_EXPR', r.error, t);
      return r;
    }
    if (t.kind === 'str') this.fail('PP_IF_EXPR', 'invalid token at start of a preprocessor expression', t);
    return this.fail('PP_IF_EXPR', `invalid token '${t.text}' in preprocessor expression`, t);
  }
}

function shift(op: string, a: PPValue, b: PPValue): PPValue {
  const n = b.unsigned ? BigInt.asUintN(64, b.v) : b.v;
  const left = op === '<<' ? n >= 0n : n < 0n;
  const amount = n < 0n ? -n : n;
  if (left) return amount >= 64n ? wrap(0n, a.unsigned) : wrap(a.v << amount, a.unsigned);
  if (amount >= 64n) return wrap(!a.unsigned && a.v < 0n ? -1n : 0n, a.unsigned);
  const x = a.unsigned ? BigInt.asUintN(64, a.v) : a.v;
  return wrap(x >> amount, a.unsigned);
}
