// Initial bytes of globals (.data/.rodata, static locals, legacy map definitions): constant initialisers
// evaluated at compile time, little-endian, bitfields placed bit by bit.

import type * as A from '../parse/ast';
import { CType, sizeOf, strip } from '../types/ctype';
import type { Typer } from '../types/typer';
import { walkInit } from './init-walk';

export function globalBytes(ty: Typer, type: CType, init: A.Initializer | undefined): Uint8Array {
  const size = sizeOf(type) ?? 0;
  const bytes = new Uint8Array(size);
  if (!init) return bytes;
  const leaves: ReturnType<typeof collect> = collect(ty, type, init);
  for (const leaf of leaves) {
    if (leaf.k === 'string') {
      for (let i = 0; i < leaf.value.length && i < leaf.size; i++) bytes[leaf.off + i] = leaf.value.charCodeAt(i) & 0xff;
      continue;
    }
    if (leaf.k === 'copy') {
      ty.error(leaf.expr.span, 'TYPE_GLOBAL_INIT', 'a global can only be initialised with constants');
      continue;
    }
    const v = constScalar(ty, leaf.expr);
    if (v === undefined) {
      ty.error(leaf.expr.span, 'TYPE_GLOBAL_INIT', 'initialiser of a global is not a compile-time constant');
      continue;
    }
    if (leaf.bit) {
      for (let i = 0; i < leaf.bit.width; i++) {
        const pos = leaf.bit.offset + i;
        const on = (v >> BigInt(i)) & 1n;
        if (pos >= size * 8) break;
        if (on) bytes[pos >> 3] |= 1 << (pos & 7);
        else bytes[pos >> 3] &= ~(1 << (pos & 7));
      }
      continue;
    }
    writeLE(bytes, leaf.off, sizeOf(leaf.type) ?? 0, v);
  }
  return bytes;
}

function collect(ty: Typer, type: CType, init: A.Initializer) {
  const out: Parameters<typeof walkInit>[4] = [];
  walkInit(ty, type, init, 0, out);
  return out;
}

/** Integer (or pointer-sized integer) constant, including `(void *) 1` as helper declarations write it. */
export function constScalar(ty: Typer, e: A.Expr): bigint | undefined {
  if (e.kind === 'cast') {
    const target = strip(ty.typeNameType(e.type));
    if (target.k === 'ptr') return constScalar(ty, e.arg);
  }
  const c = ty.constValue(e);
  return c?.value;
}

export function writeLE(bytes: Uint8Array, off: number, size: number, v: bigint): void {
  let x = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size && off + i < bytes.length; i++) {
    bytes[off + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

export function isZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

