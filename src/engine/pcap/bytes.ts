// Unsigned field reads from a byte array in either byte order. Plain shifts: V8 inlines these in the hot loops.

export function u16(b: Uint8Array, p: number, le: boolean): number {
  return le ? b[p] | (b[p + 1] << 8) : (b[p] << 8) | b[p + 1];
}

export function u32(b: Uint8Array, p: number, le: boolean): number {
  return le
    ? (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0
    : ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

export function u32le(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
}

export function u32be(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

/** A 64-bit two's-complement field as a number (exact within ±2^53). */
export function i64(b: Uint8Array, p: number, le: boolean): number {
  const hi = le ? u32(b, p + 4, true) : u32(b, p, false);
  const lo = le ? u32(b, p, true) : u32(b, p + 4, false);
  return (hi | 0) * 4294967296 + lo;
}

/** A 64-bit unsigned field as a bigint (for option values that are identifiers, not arithmetic). */
export function u64big(b: Uint8Array, p: number, le: boolean): bigint {
  const hi = le ? u32(b, p + 4, true) : u32(b, p, false);
  const lo = le ? u32(b, p, true) : u32(b, p + 4, false);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Rounds a length up to the next multiple of 4 (pcapng padding). */
export function pad4(n: number): number {
  return n + ((4 - (n & 3)) & 3);
}
