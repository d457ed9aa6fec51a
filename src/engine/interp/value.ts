// 64-bit integers as two 32-bit halves. Registers hold every value in its canonical 64-bit form (the C value
// sign- or zero-extended to 64 bits), split into a signed low half and a signed high half. 32-bit and narrower
// operations touch only the low half and then set the high half from the sign; only genuine 64-bit operations
// pay for carries, and only 64-bit division and a few helpers fall back to BigInt.

const TWO32 = 4294967296;
const MASK64 = (1n << 64n) - 1n;

/** The unsigned 64-bit value of a pair. */
export function toU64(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The signed 64-bit value of a pair. */
export function toI64(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, toU64(lo, hi));
}

/** Low half of any BigInt taken modulo 2^64. */
export function loOf(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** High half of any BigInt taken modulo 2^64. */
export function hiOf(v: bigint): number {
  return Number(BigInt.asIntN(32, (v & MASK64) >> 32n));
}

/** A pair as a JS number when it is a safe integer (read unsigned), else NaN. */
export function u64Number(lo: number, hi: number): number {
  if (hi >>> 0 >= 0x200000) return NaN;
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

/** High half of a safe integer (negative numbers in two's complement). */
export function hiOfNumber(v: number): number {
  return Math.floor(v / TWO32) | 0;
}

/** Low half of a safe integer. */
export function loOfNumber(v: number): number {
  return (v - Math.floor(v / TWO32) * TWO32) | 0;
}

/** High 32 bits of the unsigned 64-bit product of two unsigned 32-bit values. */
export function mulHiU32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** Wraps a 32-bit result to a narrower width; returns the canonical low half. */
export function wrapLo(v: number, bits: number, signed: boolean): number {
  switch (bits) {
    case 8: return signed ? (v << 24) >> 24 : v & 0xff;
    case 16: return signed ? (v << 16) >> 16 : v & 0xffff;
    default: return v | 0;
  }
}

/** The canonical high half for a low half of the given signedness (widths up to 32 bits). */
export function hiFor(lo: number, signed: boolean): number {
  return signed ? lo >> 31 : 0;
}

/**
 * 64-bit division and remainder with BPF's run-time rules (clang emits BPF div/mod for C's / and %):
 * x / 0 = 0, x % 0 = x, and signed INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0.
 */
export function divmod64(a: bigint, b: bigint, signed: boolean, mod: boolean): bigint {
  if (b === 0n) return mod ? a : 0n;
  if (signed) {
    const x = BigInt.asIntN(64, a);
    const y = BigInt.asIntN(64, b);
    if (y === -1n) return mod ? 0n : BigInt.asIntN(64, -x);
    return mod ? x % y : x / y;
  }
  const x = BigInt.asUintN(64, a);
  const y = BigInt.asUintN(64, b);
  return mod ? x % y : x / y;
}

/** 32-bit division and remainder with the same rules. Returns the 32-bit result (signed int32 form). */
export function divmod32(a: number, b: number, signed: boolean, mod: boolean): number {
  if (signed) {
    const x = a | 0;
    const y = b | 0;
    if (y === 0) return mod ? x : 0;
    if (y === -1) return mod ? 0 : -x | 0;
    return (mod ? x % y : Math.trunc(x / y)) | 0;
  }
  const x = a >>> 0;
  const y = b >>> 0;
  if (y === 0) return mod ? x | 0 : 0;
  return (mod ? x % y : Math.floor(x / y)) | 0;
}

/** Byte-swaps the low 32 bits. */
export function bswap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) | 0;
}

/** Byte-swaps the low 16 bits (zero-extended result). */
export function bswap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}
