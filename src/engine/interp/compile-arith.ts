// Closures for the register-only instructions: mov, bin, neg/not, cmp, conv, ptradd, bswap. Each instruction
// becomes one small closure over its function's register arrays (L: low halves, H: high halves) and its
// operand indexes, with the width and signedness decided here rather than at run time. Every operation has
// its own function literal so V8 keeps their type feedback apart.

import type { BinFn, CmpCC, IntTy } from '../ir/ir';
import { bswap16, bswap32, divmod32, divmod64, hiOf, loOf, mulHiU32, toU64, wrapLo } from './value';

export type Step = () => void;

export function movStep(L: Int32Array, H: Int32Array, d: number, s: number): Step {
  return () => {
    L[d] = L[s];
    H[d] = H[s];
  };
}

export function binStep(fn: BinFn, ty: IntTy, L: Int32Array, H: Int32Array, d: number, a: number, b: number): Step {
  if (ty.bits === 64) return bin64(fn, ty.signed, L, H, d, a, b);
  if (ty.bits === 32) return bin32(fn, ty.signed, L, H, d, a, b);
  const bits = ty.bits;
  const s = ty.signed;
  const op = bin32(fn, s, L, H, d, a, b);
  return () => {
    op();
    const r = wrapLo(L[d], bits, s);
    L[d] = r;
    H[d] = s ? r >> 31 : 0;
  };
}

function bin32(fn: BinFn, s: boolean, L: Int32Array, H: Int32Array, d: number, a: number, b: number): Step {
  switch (fn) {
    case 'add': return () => { const r = (L[a] + L[b]) | 0; L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'sub': return () => { const r = (L[a] - L[b]) | 0; L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'mul': return () => { const r = Math.imul(L[a], L[b]); L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'div': return () => { const r = divmod32(L[a], L[b], s, false); L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'mod': return () => { const r = divmod32(L[a], L[b], s, true); L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'and': return () => { const r = L[a] & L[b]; L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'or': return () => { const r = L[a] | L[b]; L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'xor': return () => { const r = L[a] ^ L[b]; L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'shl': return () => { const r = L[a] << (L[b] & 31); L[d] = r; H[d] = s ? r >> 31 : 0; };
    case 'shr':
      return s
        ? () => { const r = L[a] >> (L[b] & 31); L[d] = r; H[d] = r >> 31; }
        : () => { L[d] = L[a] >>> (L[b] & 31); H[d] = 0; };
  }
}

function bin64(fn: BinFn, s: boolean, L: Int32Array, H: Int32Array, d: number, a: number, b: number): Step {
  switch (fn) {
    case 'add':
      return () => {
        const lo = (L[a] >>> 0) + (L[b] >>> 0);
        H[d] = (H[a] + H[b] + (lo > 0xffffffff ? 1 : 0)) | 0;
        L[d] = lo | 0;
      };
    case 'sub':
      return () => {
        const al = L[a] >>> 0;
        const bl = L[b] >>> 0;
        H[d] = (H[a] - H[b] - (al < bl ? 1 : 0)) | 0;
        L[d] = (al - bl) | 0;
      };
    case 'mul':
      return () => {
        const al = L[a];
        const bl = L[b];
        const hi = (mulHiU32(al >>> 0, bl >>> 0) + Math.imul(al, H[b]) + Math.imul(H[a], bl)) | 0;
        L[d] = Math.imul(al, bl);
        H[d] = hi;
      };
    case 'div':
    case 'mod': {
      const mod = fn === 'mod';
      return () => {
        const r = divmod64(toU64(L[a], H[a]), toU64(L[b], H[b]), s, mod);
        L[d] = loOf(r);
        H[d] = hiOf(r);
      };
    }
    case 'and': return () => { L[d] = L[a] & L[b]; H[d] = H[a] & H[b]; };
    case 'or': return () => { L[d] = L[a] | L[b]; H[d] = H[a] | H[b]; };
    case 'xor': return () => { L[d] = L[a] ^ L[b]; H[d] = H[a] ^ H[b]; };
    case 'shl':
      return () => {
        const n = L[b] & 63;
        const lo = L[a];
        const hi = H[a];
        if (n === 0) { L[d] = lo; H[d] = hi; } else if (n < 32) { H[d] = (hi << n) | (lo >>> (32 - n)); L[d] = lo << n; } else { H[d] = lo << (n - 32); L[d] = 0; }
      };
    case 'shr':
      return s
        ? () => {
          const n = L[b] & 63;
          const lo = L[a];
          const hi = H[a];
          if (n === 0) { L[d] = lo; H[d] = hi; } else if (n < 32) { L[d] = (lo >>> n) | (hi << (32 - n)); H[d] = hi >> n; } else { L[d] = hi >> (n - 32); H[d] = hi >> 31; }
        }
        : () => {
          const n = L[b] & 63;
          const lo = L[a];
          const hi = H[a];
          if (n === 0) { L[d] = lo; H[d] = hi; } else if (n < 32) { L[d] = (lo >>> n) | (hi << (32 - n)); H[d] = hi >>> n; } else { L[d] = hi >>> (n - 32); H[d] = 0; }
        };
  }
}

export function unaryStep(op: 'neg' | 'not', ty: IntTy, L: Int32Array, H: Int32Array, d: number, a: number): Step {
  const s = ty.signed;
  const bits = ty.bits;
  if (bits === 64) {
    return op === 'not'
      ? () => { L[d] = ~L[a]; H[d] = ~H[a]; }
      : () => { const lo = L[a]; L[d] = -lo | 0; H[d] = (~H[a] + (lo === 0 ? 1 : 0)) | 0; };
  }
  return op === 'not'
    ? () => { const r = wrapLo(~L[a], bits, s); L[d] = r; H[d] = s ? r >> 31 : 0; }
    : () => { const r = wrapLo(-L[a] | 0, bits, s); L[d] = r; H[d] = s ? r >> 31 : 0; };
}

export function cmpStep(cc: CmpCC, ty: IntTy, L: Int32Array, H: Int32Array, d: number, a: number, b: number): Step {
  if (ty.bits === 64) return cmp64(cc, ty.signed, L, H, d, a, b);
  if (cc === 'eq') return () => { L[d] = L[a] === L[b] ? 1 : 0; H[d] = 0; };
  if (cc === 'ne') return () => { L[d] = L[a] !== L[b] ? 1 : 0; H[d] = 0; };
  if (ty.signed) {
    switch (cc) {
      case 'lt': return () => { L[d] = L[a] < L[b] ? 1 : 0; H[d] = 0; };
      case 'le': return () => { L[d] = L[a] <= L[b] ? 1 : 0; H[d] = 0; };
      case 'gt': return () => { L[d] = L[a] > L[b] ? 1 : 0; H[d] = 0; };
      default: return () => { L[d] = L[a] >= L[b] ? 1 : 0; H[d] = 0; };
    }
  }
  switch (cc) {
    case 'lt': return () => { L[d] = L[a] >>> 0 < L[b] >>> 0 ? 1 : 0; H[d] = 0; };
    case 'le': return () => { L[d] = L[a] >>> 0 <= L[b] >>> 0 ? 1 : 0; H[d] = 0; };
    case 'gt': return () => { L[d] = L[a] >>> 0 > L[b] >>> 0 ? 1 : 0; H[d] = 0; };
    default: return () => { L[d] = L[a] >>> 0 >= L[b] >>> 0 ? 1 : 0; H[d] = 0; };
  }
}

/** Three-way compare of two 64-bit pairs: negative, zero or positive. */
function order64(L: Int32Array, H: Int32Array, a: number, b: number, signed: boolean): number {
  const ha = signed ? H[a] : H[a] >>> 0;
  const hb = signed ? H[b] : H[b] >>> 0;
  if (ha !== hb) return ha < hb ? -1 : 1;
  const la = L[a] >>> 0;
  const lb = L[b] >>> 0;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

function cmp64(cc: CmpCC, s: boolean, L: Int32Array, H: Int32Array, d: number, a: number, b: number): Step {
  switch (cc) {
    case 'eq': return () => { L[d] = L[a] === L[b] && H[a] === H[b] ? 1 : 0; H[d] = 0; };
    case 'ne': return () => { L[d] = L[a] !== L[b] || H[a] !== H[b] ? 1 : 0; H[d] = 0; };
    case 'lt': return () => { L[d] = order64(L, H, a, b, s) < 0 ? 1 : 0; H[d] = 0; };
    case 'le': return () => { L[d] = order64(L, H, a, b, s) <= 0 ? 1 : 0; H[d] = 0; };
    case 'gt': return () => { L[d] = order64(L, H, a, b, s) > 0 ? 1 : 0; H[d] = 0; };
    case 'ge': return () => { L[d] = order64(L, H, a, b, s) >= 0 ? 1 : 0; H[d] = 0; };
  }
}

/** Integer conversion: the canonical 64-bit form of the value wrapped to `to`. */
export function convStep(to: IntTy, L: Int32Array, H: Int32Array, d: number, s: number): Step {
  if (to.bits === 64) return movStep(L, H, d, s);
  const sg = to.signed;
  if (to.bits === 32) return sg ? () => { const r = L[s]; L[d] = r; H[d] = r >> 31; } : () => { L[d] = L[s]; H[d] = 0; };
  const bits = to.bits;
  return () => { const r = wrapLo(L[s], bits, sg); L[d] = r; H[d] = sg ? r >> 31 : 0; };
}

/** Pointer plus a signed 64-bit byte offset. */
export function ptraddStep(L: Int32Array, H: Int32Array, d: number, a: number, b: number): Step {
  return () => {
    const lo = (L[a] >>> 0) + (L[b] >>> 0);
    H[d] = (H[a] + H[b] + (lo > 0xffffffff ? 1 : 0)) | 0;
    L[d] = lo | 0;
  };
}

export function bswapStep(bytes: 2 | 4 | 8, L: Int32Array, H: Int32Array, d: number, s: number): Step {
  if (bytes === 2) return () => { L[d] = bswap16(L[s]); H[d] = 0; };
  if (bytes === 4) return () => { L[d] = bswap32(L[s]); H[d] = 0; };
  return () => { const lo = L[s]; L[d] = bswap32(H[s]); H[d] = bswap32(lo); };
}
