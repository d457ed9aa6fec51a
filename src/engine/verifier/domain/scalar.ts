// Scalars: a set of 64-bit values described three ways at once, as the kernel verifier does — a signed
// interval, an unsigned interval and known bits. Each view refines the others (`normalize`). A register of a C
// type narrower than 64 bits holds its value extended to 64 bits (sign-extended for signed types).

import {
  LOW_BITS, MASK64, Tnum, TNUM_UNKNOWN, tnumAdd, tnumAnd, tnumAshr, tnumConst, tnumEquals, tnumIncludes, tnumIntersect,
  tnumMul, tnumOr, tnumRange, tnumSext, tnumShl, tnumShr, tnumSub, tnumTrailingZeros, tnumTrunc, tnumUnion, tnumXor,
} from './tnum';

export const S64_MIN = -(1n << 63n);
export const S64_MAX = (1n << 63n) - 1n;
export const U64_MAX = MASK64;
const TWO64 = 1n << 64n;
const SIGN_BIT = 1n << 63n;

export interface Scalar {
  readonly k: 'scalar';
  readonly smin: bigint;
  readonly smax: bigint;
  readonly umin: bigint;
  readonly umax: bigint;
  readonly t: Tnum;
  /** Copies of one value share an id, so a branch that refines one copy refines them all. */
  readonly id?: number;
  /** Read from read-only configuration (.rodata): code it rules out is dead by design, not by mistake. */
  readonly cfg?: boolean;
}

export function toSigned(u: bigint): bigint {
  return u > S64_MAX ? u - TWO64 : u;
}

export function toUnsigned(s: bigint): bigint {
  return s < 0n ? s + TWO64 : s;
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/**
 * Every scalar is built here, with all fields present in one order: objects of one shape keep the property
 * reads of the hot paths (comparisons, refinements) monomorphic.
 */
export function makeScalar(smin: bigint, smax: bigint, umin: bigint, umax: bigint, t: Tnum, id?: number, cfg?: boolean): Scalar {
  return { k: 'scalar', smin, smax, umin, umax, t, id, cfg };
}

export const UNKNOWN: Scalar = makeScalar(S64_MIN, S64_MAX, 0n, U64_MAX, TNUM_UNKNOWN);

export function scalarConst(x: bigint): Scalar {
  const u = x & MASK64;
  const s = toSigned(u);
  return makeScalar(s, s, u, u, tnumConst(u));
}

/** Values of [lo, hi], read as signed 64-bit numbers. */
export function scalarSignedRange(lo: bigint, hi: bigint): Scalar {
  return normalizeParts(lo, hi, 0n, U64_MAX, TNUM_UNKNOWN) ?? UNKNOWN;
}

/** Values of [lo, hi], read as unsigned 64-bit numbers. */
export function scalarUnsignedRange(lo: bigint, hi: bigint): Scalar {
  return normalizeParts(S64_MIN, S64_MAX, lo, hi, TNUM_UNKNOWN) ?? UNKNOWN;
}

export function isConst(s: Scalar): boolean {
  return s.umin === s.umax;
}

export function constValue(s: Scalar): bigint | undefined {
  return s.umin === s.umax ? s.umin : undefined;
}

/** Lets each view refine the others; undefined when the constraints leave no value (an infeasible branch). */
export function normalize(x: Omit<Scalar, 'k'> & { k?: 'scalar' }): Scalar | undefined {
  return normalizeParts(x.smin, x.smax, x.umin, x.umax, x.t, x.id);
}

/** normalize() on the parts, without building an object first (the hot path of every operation). */
export function normalizeParts(smin: bigint, smax: bigint, umin: bigint, umax: bigint, t: Tnum, id?: number): Scalar | undefined {
  for (let round = 0; round < 2; round++) {
    const before = t;
    const b0 = smin;
    const b1 = smax;
    const b2 = umin;
    const b3 = umax;
    if (t.m === MASK64) {
      // Nothing known bit by bit (t.v is 0): only the unsigned view's limits apply.
      if (umin < 0n) umin = 0n;
      if (umax > MASK64) umax = MASK64;
    } else {
      const top = t.v | t.m;
      if (t.v > umin) umin = t.v;
      if (top < umax) umax = top;
      if (t.m < SIGN_BIT) {
        // The sign bit is known, so the known bits bound the signed view too.
        smin = max(smin, toSigned(t.v));
        smax = min(smax, toSigned(top));
      }
    }
    if (umax <= S64_MAX || umin > S64_MAX) {
      smin = max(smin, toSigned(umin));
      smax = min(smax, toSigned(umax));
    }
    if (smin >= 0n || smax < 0n) {
      umin = max(umin, toUnsigned(smin));
      umax = min(umax, toUnsigned(smax));
    }
    if (smin > smax || umin > umax) return undefined;
    const nt = tnumIntersect(t, tnumRange(umin, umax));
    if (!nt) return undefined;
    t = nt;
    // A round that changed nothing leaves the next one nothing to do.
    if (b0 === smin && b1 === smax && b2 === umin && b3 === umax && before.v === t.v && before.m === t.m) break;
  }
  if (smin > smax || umin > umax) return undefined;
  return makeScalar(smin, smax, umin, umax, t, id);
}

function fromTnum(t: Tnum): Scalar {
  return normalizeParts(S64_MIN, S64_MAX, 0n, U64_MAX, t) ?? UNKNOWN;
}

/** Result bounds of an operation, or unknown when a bound could not be computed; normalised with its tnum. */
function make(t: Tnum, u?: [bigint, bigint], s?: [bigint, bigint]): Scalar {
  const r = normalizeParts(s ? s[0] : S64_MIN, s ? s[1] : S64_MAX, u ? u[0] : 0n, u ? u[1] : U64_MAX, t);
  return r ?? fromTnum(t);
}

/** Bounds of a sum or difference; wraps only when both ends wrap the same way. */
function wrapU(lo: bigint, hi: bigint): [bigint, bigint] | undefined {
  if (lo >= 0n && hi <= U64_MAX) return [lo, hi];
  if (lo > U64_MAX) return [lo - TWO64, hi - TWO64];
  if (hi < 0n) return [lo + TWO64, hi + TWO64];
  return undefined;
}

function wrapS(lo: bigint, hi: bigint): [bigint, bigint] | undefined {
  if (lo >= S64_MIN && hi <= S64_MAX) return [lo, hi];
  if (lo > S64_MAX) return [lo - TWO64, hi - TWO64];
  if (hi < S64_MIN) return [lo + TWO64, hi + TWO64];
  return undefined;
}

export function add(a: Scalar, b: Scalar): Scalar {
  return make(tnumAdd(a.t, b.t), wrapU(a.umin + b.umin, a.umax + b.umax), wrapS(a.smin + b.smin, a.smax + b.smax));
}

export function sub(a: Scalar, b: Scalar): Scalar {
  return make(tnumSub(a.t, b.t), wrapU(a.umin - b.umax, a.umax - b.umin), wrapS(a.smin - b.smax, a.smax - b.smin));
}

export function mul(a: Scalar, b: Scalar): Scalar {
  const t = tnumMul(a.t, b.t);
  const hi = a.umax * b.umax;
  const u: [bigint, bigint] | undefined = hi <= U64_MAX ? [a.umin * b.umin, hi] : undefined;
  const corners = [a.smin * b.smin, a.smin * b.smax, a.smax * b.smin, a.smax * b.smax];
  const lo = corners.reduce(min);
  const top = corners.reduce(max);
  const s: [bigint, bigint] | undefined = lo >= S64_MIN && top <= S64_MAX ? [lo, top] : undefined;
  return make(t, u, s);
}

export function and(a: Scalar, b: Scalar): Scalar {
  const t = tnumAnd(a.t, b.t);
  return make(t, [t.v, min(a.umax, b.umax)]);
}

export function or(a: Scalar, b: Scalar): Scalar {
  const t = tnumOr(a.t, b.t);
  return make(t, [max(a.umin, b.umin), (t.v | t.m) & MASK64]);
}

export function xor(a: Scalar, b: Scalar): Scalar {
  return fromTnum(tnumXor(a.t, b.t));
}

/** Shifts by a constant amount below 64; any other amount gives an unknown value. */
export function shl(a: Scalar, b: Scalar): Scalar {
  const n = shiftAmount(b);
  if (n === undefined) return UNKNOWN;
  const t = tnumShl(a.t, n);
  const k = BigInt(n);
  const u: [bigint, bigint] | undefined = a.umax << k <= U64_MAX ? [a.umin << k, a.umax << k] : undefined;
  return make(t, u);
}

export function shr(a: Scalar, b: Scalar): Scalar {
  const n = shiftAmount(b);
  if (n === undefined) return UNKNOWN;
  const k = BigInt(n);
  return make(tnumShr(a.t, n), [a.umin >> k, a.umax >> k]);
}

export function ashr(a: Scalar, b: Scalar): Scalar {
  const n = shiftAmount(b);
  if (n === undefined) return UNKNOWN;
  const k = BigInt(n);
  return make(tnumAshr(a.t, n), undefined, [a.smin >> k, a.smax >> k]);
}

function shiftAmount(b: Scalar): number | undefined {
  const c = constValue(b);
  return c !== undefined && c < 64n ? Number(c) : undefined;
}

/** Unsigned division; BPF defines x / 0 as 0. */
export function udiv(a: Scalar, b: Scalar): Scalar {
  if (b.umax === 0n) return scalarConst(0n);
  if (b.umin === 0n) return scalarUnsignedRange(0n, a.umax);
  return scalarUnsignedRange(a.umin / b.umax, a.umax / b.umin);
}

/** Signed division truncating toward zero, by a constant; anything else is unknown. */
export function sdiv(a: Scalar, b: Scalar): Scalar {
  if (a.smin >= 0n && b.smin >= 0n) return udiv(a, b);
  const c = constValue(b);
  if (c === undefined || c === 0n) return UNKNOWN;
  const d = toSigned(c);
  const x = a.smin / d;
  const y = a.smax / d;
  return scalarSignedRange(min(x, y), max(x, y));
}

/** Unsigned remainder; BPF defines x % 0 as x. */
export function umod(a: Scalar, b: Scalar): Scalar {
  if (b.umin === 0n) return scalarUnsignedRange(0n, a.umax);
  if (a.umax < b.umin) return a;
  return scalarUnsignedRange(0n, min(a.umax, b.umax - 1n));
}

export function smod(a: Scalar, b: Scalar): Scalar {
  if (a.smin >= 0n && b.smin > 0n) return umod(a, b);
  const c = constValue(b);
  if (c === undefined || c === 0n) return UNKNOWN;
  const m = toSigned(c) < 0n ? -toSigned(c) : toSigned(c);
  if (a.smin >= 0n) return scalarSignedRange(0n, min(a.smax, m - 1n));
  return scalarSignedRange(-(m - 1n), m - 1n);
}

export function neg(a: Scalar): Scalar {
  return sub(scalarConst(0n), a);
}

export function not(a: Scalar): Scalar {
  return xor(a, scalarConst(U64_MAX));
}

/** The value of a `bits`-wide integer of the given signedness, as a register holds it (extended to 64 bits). */
export function castTo(x: Scalar, bits: number, signed: boolean): Scalar {
  if (bits >= 64) return x;
  if (fitsIn(x, bits, signed)) return x;
  const mask = (1n << BigInt(bits)) - 1n;
  const sameHigh = x.umin >> BigInt(bits) === x.umax >> BigInt(bits);
  const lo = sameHigh ? x.umin & mask : 0n;
  const hi = sameHigh ? x.umax & mask : mask;
  const t = tnumTrunc(x.t, bits);
  if (!signed) return make(t, [lo, hi]);
  const half = 1n << BigInt(bits - 1);
  const st = tnumSext(t, bits);
  if (hi < half) return make(st, undefined, [lo, hi]);
  if (lo >= half) return make(st, undefined, [lo - (mask + 1n), hi - (mask + 1n)]);
  return make(st, undefined, [-half, half - 1n]);
}

/** Whether every value is already a value of the type, so conversion leaves it unchanged. */
export function fitsIn(x: Scalar, bits: number, signed: boolean): boolean {
  if (bits >= 64) return true;
  if (signed) {
    const half = HALF[bits];
    return x.smin >= -half && x.smax < half;
  }
  return x.umax <= LOW_BITS[bits];
}

/** HALF[n] = 2^(n-1): the magnitude bound of an n-bit signed type. */
const HALF: readonly bigint[] = Array.from({ length: 65 }, (_, n) => (n === 0 ? 0n : 1n << BigInt(n - 1)));

export function withId(x: Scalar, id: number | undefined): Scalar {
  if (x.id === id) return x;
  return makeScalar(x.smin, x.smax, x.umin, x.umax, x.t, id, x.cfg);
}

/** The same values, read from read-only configuration. */
export function asConfig(x: Scalar): Scalar {
  return makeScalar(x.smin, x.smax, x.umin, x.umax, x.t, x.id, true);
}

/** The values both describe; undefined when there are none. */
export function meet(a: Scalar, b: Scalar): Scalar | undefined {
  const t = tnumIntersect(a.t, b.t);
  if (!t) return undefined;
  return normalize({
    smin: max(a.smin, b.smin), smax: min(a.smax, b.smax), umin: max(a.umin, b.umin), umax: min(a.umax, b.umax), t,
    id: a.id,
  });
}

export function join(a: Scalar, b: Scalar): Scalar {
  const id = a.id !== undefined && a.id === b.id ? a.id : undefined;
  return makeScalar(min(a.smin, b.smin), max(a.smax, b.smax), min(a.umin, b.umin), max(a.umax, b.umax), tnumUnion(a.t, b.t), id);
}

/** Join that jumps a growing bound straight to its extreme, so repeated widening reaches a fixed point fast. */
export function widen(old: Scalar, next: Scalar): Scalar {
  const j = join(old, next);
  const grew = j.smin < old.smin || j.smax > old.smax || j.umin < old.umin || j.umax > old.umax;
  return normalize({
    smin: j.smin < old.smin ? S64_MIN : j.smin,
    smax: j.smax > old.smax ? S64_MAX : j.smax,
    umin: j.umin < old.umin ? 0n : j.umin,
    umax: j.umax > old.umax ? U64_MAX : j.umax,
    t: grew ? lowKnownBits(j.t) : j.t,
  }) ?? UNKNOWN;
}

/** Keeps only the known bits below the lowest unknown one (alignment survives widening, magnitude does not). */
function lowKnownBits(t: Tnum): Tnum {
  if (t.m === 0n) return t;
  let low = 0n;
  while (((t.m >> low) & 1n) === 0n) low++;
  const keep = (1n << low) - 1n;
  return { v: t.v & keep, m: MASK64 & ~keep };
}

/** Whether every value of `b` is a value of `a` (ids are compared by the state, not here). */
export function includes(a: Scalar, b: Scalar): boolean {
  return a.smin <= b.smin && b.smax <= a.smax && a.umin <= b.umin && b.umax <= a.umax && tnumIncludes(a.t, b.t);
}

export function equals(a: Scalar, b: Scalar): boolean {
  return a.smin === b.smin && a.smax === b.smax && a.umin === b.umin && a.umax === b.umax && tnumEquals(a.t, b.t);
}

export function isUnknown(s: Scalar): boolean {
  return s.umin === 0n && s.umax === U64_MAX && s.smin === S64_MIN && s.smax === S64_MAX;
}

/** Canonical text: "scalar 5", "scalar [0, 255]", "scalar [-1, 100]", "scalar [20, 60], multiple of 4". */
export function scalarToString(s: Scalar): string {
  if (isConst(s)) return `scalar ${s.smin < 0n ? s.smin : s.umin}`;
  if (isUnknown(s) && s.t.m === MASK64) return 'scalar';
  const range = rangeText(s);
  const tz = tnumTrailingZeros(s.t);
  return tz > 0 && tz < 64 ? `scalar ${range}, multiple of ${1n << BigInt(tz)}` : `scalar ${range}`;
}

/** Signed when the values are negative or straddle zero with a narrower signed span, else unsigned. */
function rangeText(s: Scalar): string {
  if (s.smin >= 0n) return `[${s.umin}, ${s.umax}]`;
  if (s.smin === S64_MIN && s.smax === S64_MAX) return `[${s.umin}, ${s.umax}]`;
  return `[${s.smin}, ${s.smax}]`;
}
