// Closures for the memory instructions: load, store, memcpy/memmove/memset and atomics. Addresses are the low
// half of a pointer register plus the constant offset; a pointer whose high half is not zero cannot name any
// region, so it faults before the address space is asked.

import type { AtomicFn } from '../ir/ir';
import type { Step } from './compile-arith';
import { fault } from './fault';
import type { AddressSpace } from './memory';
import { toU64 } from './value';

export function wild(lo: number, hi: number, off: number, size: number, what: string): never {
  const v = toU64(lo, hi) + BigInt(off);
  return fault('memory', `${what} of ${size} bytes at 0x${BigInt.asUintN(64, v).toString(16)}: not an address the program may use`);
}

export function loadStep(mem: AddressSpace, L: Int32Array, H: Int32Array, d: number, p: number, off: number, size: 1 | 2 | 4 | 8, signed: boolean): Step {
  if (size === 8) {
    return () => {
      if (H[p] !== 0) wild(L[p], H[p], off, 8, 'read');
      L[d] = mem.load64(L[p] + off);
      H[d] = mem.hiOut;
    };
  }
  if (signed) {
    return () => {
      if (H[p] !== 0) wild(L[p], H[p], off, size, 'read');
      const v = mem.load(L[p] + off, size, true);
      L[d] = v;
      H[d] = v >> 31;
    };
  }
  return () => {
    if (H[p] !== 0) wild(L[p], H[p], off, size, 'read');
    L[d] = mem.load(L[p] + off, size, false);
    H[d] = 0;
  };
}

export function storeStep(mem: AddressSpace, L: Int32Array, H: Int32Array, p: number, off: number, size: 1 | 2 | 4 | 8, s: number): Step {
  return () => {
    if (H[p] !== 0) wild(L[p], H[p], off, size, 'write');
    mem.store(L[p] + off, size, L[s], H[s]);
  };
}

export function copyStep(mem: AddressSpace, L: Int32Array, H: Int32Array, dst: number, src: number, size: number): Step {
  return () => {
    if (H[src] !== 0) wild(L[src], H[src], 0, size, 'read');
    if (H[dst] !== 0) wild(L[dst], H[dst], 0, size, 'write');
    mem.copy(L[dst], L[src], size);
  };
}

export function fillStep(mem: AddressSpace, L: Int32Array, H: Int32Array, dst: number, value: number, size: number): Step {
  return () => {
    if (H[dst] !== 0) wild(L[dst], H[dst], 0, size, 'write');
    mem.fill(L[dst], L[value], size);
  };
}

/**
 * Atomic read-modify-write; the destination gets the old value (canonical for its signedness when 4 bytes).
 * The interpreter runs one program at a time, so plain load and store are atomic here.
 */
export function atomicStep(
  mem: AddressSpace, L: Int32Array, H: Int32Array, fn: AtomicFn, size: 4 | 8, p: number, off: number,
  src: number, cmp: number, d: number, dstSigned: boolean,
): Step {
  if (size === 4) {
    return () => {
      if (H[p] !== 0) wild(L[p], H[p], off, 4, 'atomic access');
      const addr = L[p] + off;
      const old = mem.load(addr, 4, false);
      const v = L[src];
      let nv: number;
      switch (fn) {
        case 'add': nv = (old + v) | 0; break;
        case 'and': nv = old & v; break;
        case 'or': nv = old | v; break;
        case 'xor': nv = old ^ v; break;
        case 'xchg': nv = v; break;
        default: nv = old === L[cmp] ? v : old;
      }
      mem.store(addr, 4, nv, 0);
      if (d >= 0) {
        L[d] = old;
        H[d] = dstSigned ? old >> 31 : 0;
      }
    };
  }
  return () => {
    if (H[p] !== 0) wild(L[p], H[p], off, 8, 'atomic access');
    const addr = L[p] + off;
    const oldLo = mem.load64(addr);
    const oldHi = mem.hiOut;
    const vLo = L[src];
    const vHi = H[src];
    let lo: number;
    let hi: number;
    switch (fn) {
      case 'add': {
        const sum = (oldLo >>> 0) + (vLo >>> 0);
        lo = sum | 0;
        hi = (oldHi + vHi + (sum > 0xffffffff ? 1 : 0)) | 0;
        break;
      }
      case 'and': lo = oldLo & vLo; hi = oldHi & vHi; break;
      case 'or': lo = oldLo | vLo; hi = oldHi | vHi; break;
      case 'xor': lo = oldLo ^ vLo; hi = oldHi ^ vHi; break;
      case 'xchg': lo = vLo; hi = vHi; break;
      default: {
        const same = oldLo === L[cmp] && oldHi === H[cmp];
        lo = same ? vLo : oldLo;
        hi = same ? vHi : oldHi;
      }
    }
    mem.store(addr, 8, lo, hi);
    if (d >= 0) {
      L[d] = oldLo;
      H[d] = oldHi;
    }
  };
}
