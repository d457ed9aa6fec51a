// Integer promotions and the usual arithmetic conversions (C11 6.3.1), for the BPF target's sizes.

import { asInt, CType, IntType, strip, T, unqualified } from './ctype';

/** Integer promotion: anything narrower than int becomes int; bool and enums too. */
export function promote(t: CType): CType {
  const i = asInt(t);
  if (!i) return strip(t);
  if (i.size < 4) return T.int;
  return i;
}

function rank(t: IntType): number {
  if (t.bool) return 0;
  // char < short < int < long < long long; long and long long have the same width on BPF but not the same rank.
  return t.size * 2 + (t.name.includes('long long') ? 1 : 0);
}

/** The common type of two arithmetic operands after promotion. */
export function usualArith(a: CType, b: CType): CType {
  const sa = strip(a);
  const sb = strip(b);
  if (sa.k === 'float' || sb.k === 'float') {
    const sz = Math.max(sa.k === 'float' ? sa.size : 0, sb.k === 'float' ? sb.size : 0);
    return sz === 8 ? T.double : T.float;
  }
  const x = unqualified(promote(a)) as IntType;
  const y = unqualified(promote(b)) as IntType;
  if (x.k !== 'int' || y.k !== 'int') return T.int;
  if (x.signed === y.signed) return rank(x) >= rank(y) ? x : y;
  const [u, s] = x.signed ? [y, x] : [x, y];
  if (rank(u) >= rank(s)) return u;
  if (s.size > u.size) return s;
  // The signed type cannot hold every value of the unsigned one: the unsigned type of the signed one's rank.
  if (s.size === 8) return s.name.includes('long long') ? T.ullong : T.ulong;
  return T.uint;
}

/** Wrap a mathematical integer into the range of an integer type. */
export function wrapInt(v: bigint, t: IntType): bigint {
  if (t.bool) return v !== 0n ? 1n : 0n;
  const bits = BigInt(t.size * 8);
  return t.signed ? BigInt.asIntN(Number(bits), v) : BigInt.asUintN(Number(bits), v);
}

/** The type of an integer literal (C11 6.4.4.1) for the BPF target. */
export function literalType(value: bigint, suffix: string, decimal: boolean): IntType {
  const s = suffix.toLowerCase();
  const unsigned = s.includes('u');
  const longs = (s.match(/l/g) ?? []).length;
  const fits = (t: IntType): boolean =>
    t.signed ? value <= (1n << BigInt(t.size * 8 - 1)) - 1n : value <= (1n << BigInt(t.size * 8)) - 1n;
  const cands: IntType[] = [];
  if (longs === 0) {
    if (unsigned) cands.push(T.uint, T.ulong);
    else if (decimal) cands.push(T.int, T.long);
    else cands.push(T.int, T.uint, T.long, T.ulong);
  } else if (longs === 1) {
    if (unsigned) cands.push(T.ulong);
    else if (decimal) cands.push(T.long);
    else cands.push(T.long, T.ulong);
  } else {
    if (unsigned) cands.push(T.ullong);
    else if (decimal) cands.push(T.llong);
    else cands.push(T.llong, T.ullong);
  }
  for (const c of cands) if (fits(c)) return c;
  return T.ullong;
}
