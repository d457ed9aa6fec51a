// pcapng timestamps: a 64-bit count of ticks (if_tsresol: 10^-n or 2^-n seconds) split into seconds and
// nanoseconds. Nanosecond counts (~1.7e18) do not fit a double exactly: the quotient is estimated in doubles
// and corrected with an exact 32-bit remainder. Resolutions finer than 1 ns or powers of 2 go through BigInt.

export interface TickScale {
  /** Ticks per second. */
  readonly perSecond: number;
  /** Nanoseconds per tick when perSecond divides 1e9 (powers of 10 up to 10^9), else 0. */
  readonly nsPerTick: number;
  readonly perSecondBig: bigint;
}

export const MICROSECONDS: TickScale = scaleOf(6);

/** The scale an if_tsresol byte describes (high bit set: power of 2, else power of 10). Undefined if absurd. */
export function tickScale(tsresol: number): TickScale | undefined {
  const exp = tsresol & 0x7f;
  if (tsresol & 0x80) return exp <= 63 ? pow2Scale(exp) : undefined;
  return exp <= 19 ? scaleOf(exp) : undefined;
}

function scaleOf(exp10: number): TickScale {
  const perSecondBig = 10n ** BigInt(exp10);
  const perSecond = Number(perSecondBig);
  return { perSecond, nsPerTick: exp10 <= 9 ? 1e9 / perSecond : 0, perSecondBig };
}

function pow2Scale(exp2: number): TickScale {
  const perSecondBig = 1n << BigInt(exp2);
  return { perSecond: Number(perSecondBig), nsPerTick: exp2 === 0 ? 1e9 : 0, perSecondBig };
}

/** Whole seconds and nanoseconds of hi*2^32+lo ticks; written into out to avoid an allocation. */
export function splitTicks(hi: number, lo: number, scale: TickScale, out: { tsSec: number; tsNsec: number }): void {
  const ns = scale.nsPerTick;
  if (ns === 0) return splitBig(hi, lo, scale, out);
  const per = scale.perSecond;
  // The double nearest hi*2^32+lo is within 2^11 of it, so the quotient is off by a little at most; the
  // remainder, small enough for 32 bits, comes out exact from the low words alone, and fixes the quotient.
  let sec = Math.floor((hi * 4294967296 + lo) / per);
  let rem = (lo - Math.imul(sec | 0, per)) | 0;
  if (rem < 0 || rem >= per) {
    const fix = Math.floor(rem / per);
    sec += fix;
    rem -= fix * per;
  }
  out.tsSec = sec;
  out.tsNsec = rem * ns;
}

function splitBig(hi: number, lo: number, scale: TickScale, out: { tsSec: number; tsNsec: number }): void {
  const ticks = (BigInt(hi) << 32n) | BigInt(lo);
  const per = scale.perSecondBig;
  out.tsSec = Number(ticks / per);
  out.tsNsec = Number(((ticks % per) * 1_000_000_000n) / per);
}

/** hi and lo 32-bit halves of sec*perSecond + nsec/nsPerTick ticks, exact for any realistic time. */
export function joinTicks(sec: number, nsec: number, nsPerTick: number, out: { hi: number; lo: number }): void {
  const perSecond = 1e9 / nsPerTick;
  const frac = Math.floor(nsec / nsPerTick);
  // sec = a*65536 + b: ticks = a*perSecond*65536 + (b*perSecond + frac), each part exact in a double.
  const a = Math.floor(sec / 65536);
  const low = (sec - a * 65536) * perSecond + frac;
  const l1 = Math.floor(low / 65536) + a * perSecond;
  const low16 = low - Math.floor(low / 65536) * 65536;
  const mid = Math.floor(l1 / 65536);
  out.lo = (l1 - mid * 65536) * 65536 + low16;
  out.hi = mid;
}
