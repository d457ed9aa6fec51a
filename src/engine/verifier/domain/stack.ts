// One frame's 512 bytes of stack, byte by byte (uninitialised, written with unknown bytes, zero, or part of a
// spilled value), plus the values spilled whole. A spilled pointer keeps its kind, a spilled scalar its bounds
// and id, so a value reloaded from the stack is the value that was stored — as the kernel tracks register spills.

import { castTo, fitsIn, Scalar, UNKNOWN } from './scalar';
import { type Value, ZERO } from './value';

export const STACK_SIZE = 512;

export const enum Byte {
  Uninit = 0,
  Misc = 1,
  Zero = 2,
  Spill = 3,
}

export interface Spill {
  off: number;
  size: number;
  value: Value;
}

export interface StackRead {
  value: Value;
  /** Offsets of bytes read before anything was written to them. */
  uninit: number[];
}

export class StackMem {
  /** bytes[STACK_SIZE + off] for off in [-512, 0). */
  readonly bytes: Uint8Array;
  readonly spills: Map<number, Spill>;
  /** Lowest offset ever written (bounds the work of copies and comparisons). */
  low: number;

  constructor(bytes?: Uint8Array, spills?: Map<number, Spill>, low = 0) {
    this.bytes = bytes ?? new Uint8Array(STACK_SIZE);
    this.spills = spills ?? new Map();
    this.low = low;
  }

  private wordView?: Int32Array;

  /** The bytes four at a time, for fast comparison. */
  get words(): Int32Array {
    this.wordView ??= new Int32Array(this.bytes.buffer, this.bytes.byteOffset, STACK_SIZE / 4);
    return this.wordView;
  }

  copy(): StackMem {
    return new StackMem(this.bytes.slice(), new Map(this.spills), this.low);
  }

  byteAt(off: number): Byte {
    return this.bytes[STACK_SIZE + off] as Byte;
  }

  /** A register stored whole: later loads of the same bytes give the same value back. */
  writeValue(off: number, size: number, value: Value): void {
    this.clear(off, size);
    this.fill(off, size, Byte.Spill);
    this.spills.set(off, { off, size, value });
  }

  writeZero(off: number, size: number): void {
    this.clear(off, size);
    this.fill(off, size, Byte.Zero);
  }

  writeMisc(off: number, size: number): void {
    this.clear(off, size);
    this.fill(off, size, Byte.Misc);
  }

  read(off: number, size: number): StackRead {
    const uninit: number[] = [];
    for (let o = off; o < off + size; o++) if (this.byteAt(o) === Byte.Uninit) uninit.push(o);
    return { value: this.valueAt(off, size), uninit };
  }

  /** Copies bytes and whole spills of [srcOff, srcOff+size) of `src` to dstOff here (struct copies keep pointers). */
  copyFrom(src: StackMem, srcOff: number, dstOff: number, size: number): void {
    const moved = [...src.spills.values()].filter(s => s.off >= srcOff && s.off + s.size <= srcOff + size);
    const states = src.bytes.slice(STACK_SIZE + srcOff, STACK_SIZE + srcOff + size);
    this.clear(dstOff, size);
    for (let i = 0; i < size; i++) {
      const b = states[i] as Byte;
      this.bytes[STACK_SIZE + dstOff + i] = b === Byte.Spill ? Byte.Misc : b;
    }
    for (const s of moved) {
      const off = s.off - srcOff + dstOff;
      this.fill(off, s.size, Byte.Spill);
      this.spills.set(off, { off, size: s.size, value: s.value });
    }
    this.low = Math.min(this.low, dstOff);
  }

  /** Replaces every spilled value `f` maps to something new (used to refine copies and drop stale pointers). */
  mapSpills(f: (v: Value) => Value): void {
    for (const [k, s] of this.spills) {
      const nv = f(s.value);
      if (nv !== s.value) this.spills.set(k, { ...s, value: nv });
    }
  }

  private valueAt(off: number, size: number): Value {
    const exact = this.spills.get(off);
    if (exact && exact.size === size) return exact.value;
    if (exact && exact.size > size && exact.value.k === 'scalar') return lowBytes(exact.value, size);
    if (this.allBytes(off, size, Byte.Zero)) return ZERO;
    return UNKNOWN;
  }

  private allBytes(off: number, size: number, b: Byte): boolean {
    for (let o = off; o < off + size; o++) if (this.byteAt(o) !== b) return false;
    return true;
  }

  private fill(off: number, size: number, b: Byte): void {
    this.bytes.fill(b, STACK_SIZE + off, STACK_SIZE + off + size);
    if (off < this.low) this.low = off;
  }

  /** Forgets spills that overlap [off, off+size); their other bytes stay initialised. */
  private clear(off: number, size: number): void {
    for (const [k, s] of this.spills) {
      if (s.off >= off + size || s.off + s.size <= off) continue;
      this.spills.delete(k);
      const rest = s.value.k === 'scalar' && s.value.umax === 0n ? Byte.Zero : Byte.Misc;
      this.fill(s.off, s.size, rest);
    }
  }
}

/** Little-endian: the first `size` bytes of a spilled scalar are its low bytes. */
function lowBytes(s: Scalar, size: number): Value {
  const bits = size * 8;
  return fitsIn(s, bits, false) ? s : castTo(s, bits, false);
}
