// Known bits of a 64-bit value ("tristate numbers"): `v` holds the bits known to be 1, `m` the bits that are
// unknown. A bit known to be 0 is clear in both. Values are unsigned bigints below 2^64; every operation wraps
// to 64 bits as BPF registers do.

export interface Tnum {
  readonly v: bigint;
  readonly m: bigint;
}

export const MASK64 = (1n << 64n) - 1n;

export const TNUM_UNKNOWN: Tnum = { v: 0n, m: MASK64 };

/** LOW_BITS[n]: the n low bits set (n = 0…64), made once rather than per operation. */
export const LOW_BITS: readonly bigint[] = Array.from({ length: 65 }, (_, n) => (1n << BigInt(n)) - 1n);
/** HIGH_BITS[n]: the 64-bit complement of LOW_BITS[n]. */
const HIGH_BITS: readonly bigint[] = LOW_BITS.map(b => MASK64 ^ b);

export function tnumConst(x: bigint): Tnum {
  return { v: x & MASK64, m: 0n };
}

export function tnumIsConst(t: Tnum): boolean {
  return t.m === 0n;
}

/** The smallest tnum holding every value of [min, max] (unsigned). */
export function tnumRange(min: bigint, max: bigint): Tnum {
  const chi = min ^ max;
  const bits = bitLength(chi);
  if (bits > 63) return TNUM_UNKNOWN;
  return { v: min & HIGH_BITS[bits], m: LOW_BITS[bits] };
}

export function bitLength(x: bigint): number {
  let n = 0;
  let y = x;
  while (y > 0xffffffffn) {
    y >>= 32n;
    n += 32;
  }
  return n + 32 - Math.clz32(Number(y));
}

export function tnumAdd(a: Tnum, b: Tnum): Tnum {
  const sm = (a.m + b.m) & MASK64;
  const sv = (a.v + b.v) & MASK64;
  const sigma = (sm + sv) & MASK64;
  const chi = sigma ^ sv;
  const mu = chi | a.m | b.m;
  return { v: sv & ~mu & MASK64, m: mu };
}

export function tnumSub(a: Tnum, b: Tnum): Tnum {
  const dv = (a.v - b.v) & MASK64;
  const alpha = (dv + a.m) & MASK64;
  const beta = (dv - b.m) & MASK64;
  const chi = alpha ^ beta;
  const mu = chi | a.m | b.m;
  return { v: dv & ~mu & MASK64, m: mu };
}

export function tnumAnd(a: Tnum, b: Tnum): Tnum {
  const alpha = a.v | a.m;
  const beta = b.v | b.m;
  const v = a.v & b.v;
  return { v, m: alpha & beta & ~v & MASK64 };
}

export function tnumOr(a: Tnum, b: Tnum): Tnum {
  const v = a.v | b.v;
  const mu = a.m | b.m;
  return { v, m: mu & ~v & MASK64 };
}

export function tnumXor(a: Tnum, b: Tnum): Tnum {
  const v = a.v ^ b.v;
  const mu = a.m | b.m;
  return { v: v & ~mu & MASK64, m: mu };
}

export function tnumShl(a: Tnum, s: number): Tnum {
  const k = BigInt(s);
  return { v: (a.v << k) & MASK64, m: (a.m << k) & MASK64 };
}

export function tnumShr(a: Tnum, s: number): Tnum {
  const k = BigInt(s);
  return { v: a.v >> k, m: a.m >> k };
}

/** Arithmetic shift right of the 64-bit value: the sign bit (known, unknown or clear) fills from the top. */
export function tnumAshr(a: Tnum, s: number): Tnum {
  const fill = (x: bigint): bigint => {
    const k = BigInt(s);
    const shifted = x >> k;
    if ((x >> 63n) & 1n) return (shifted | (MASK64 << BigInt(64 - s))) & MASK64;
    return shifted;
  };
  return { v: fill(a.v), m: fill(a.m) };
}

/** Multiplication by long hand: each bit of `a` adds a shifted copy of `b`, unknown bits add an unknown copy. */
export function tnumMul(a: Tnum, b: Tnum): Tnum {
  // By a known power of two the long hand adds nothing but a's unknown bits, shifted: exactly a shift (and the
  // common case, scaling an index or a length).
  if (b.m === 0n && b.v !== 0n && (b.v & (b.v - 1n)) === 0n) return tnumShl(a, bitLength(b.v) - 1);
  return tnumMulLong(a, b);
}

/** tnumMul without its shortcut (kept for the test that compares the two). */
export function tnumMulLong(a: Tnum, b: Tnum): Tnum {
  let acc: Tnum = tnumConst(0n);
  let x = a;
  let y = b;
  for (let i = 0; i < 64 && (x.v !== 0n || x.m !== 0n); i++) {
    if (x.v & 1n) acc = tnumAdd(acc, { v: 0n, m: y.m });
    else if (x.m & 1n) acc = tnumAdd(acc, { v: 0n, m: (y.v | y.m) & MASK64 });
    x = tnumShr(x, 1);
    y = tnumShl(y, 1);
  }
  return tnumAdd(tnumConst((a.v * b.v) & MASK64), acc);
}

/** Both sets at once; undefined when a bit is known 1 in one and known 0 in the other. */
export function tnumIntersect(a: Tnum, b: Tnum): Tnum | undefined {
  // Most intersections are with a tnum that knows nothing, or the same one: no bigint work.
  if (b.m === MASK64 || a === b) return a;
  if (a.m === MASK64) return b;
  const bothKnown = MASK64 ^ (a.m | b.m);
  if (((a.v ^ b.v) & bothKnown) !== 0n) return undefined;
  const mu = a.m & b.m;
  return { v: (a.v | b.v) & (MASK64 ^ mu), m: mu };
}

/** The smallest tnum holding both. */
export function tnumUnion(a: Tnum, b: Tnum): Tnum {
  const mu = (a.m | b.m | (a.v ^ b.v)) & MASK64;
  return { v: a.v & ~mu & MASK64, m: mu };
}

/** Whether every value of `b` is a value of `a`. */
export function tnumIncludes(a: Tnum, b: Tnum): boolean {
  if (a === b || a.m === MASK64 || (a.v === b.v && a.m === b.m)) return true;
  if ((b.m & ~a.m & MASK64) !== 0n) return false;
  return (a.v & ~a.m) === (b.v & ~a.m & MASK64);
}

/** The low `bits` bits only (truncation to a narrower width). */
export function tnumTrunc(a: Tnum, bits: number): Tnum {
  if (bits >= 64) return a;
  const mask = LOW_BITS[bits];
  return { v: a.v & mask, m: a.m & mask };
}

/** Sign extension from `bits` to 64: the value's top bit, known or not, is copied upward. */
export function tnumSext(a: Tnum, bits: number): Tnum {
  if (bits >= 64) return a;
  const t = tnumTrunc(a, bits);
  const top = 1n << BigInt(bits - 1);
  const high = MASK64 & ~((1n << BigInt(bits)) - 1n);
  if (t.m & top) return { v: t.v, m: t.m | high };
  if (t.v & top) return { v: t.v | high, m: t.m };
  return t;
}

export function tnumEquals(a: Tnum, b: Tnum): boolean {
  return a.v === b.v && a.m === b.m;
}

/** How many low bits are known to be zero (the value is a multiple of 2^n). */
export function tnumTrailingZeros(t: Tnum): number {
  const any = t.v | t.m;
  if (any === 0n) return 64;
  let n = 0;
  while (((any >> BigInt(n)) & 1n) === 0n) n++;
  return n;
}
