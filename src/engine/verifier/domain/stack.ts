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

/** Stacks sharing one spill table: how many, and the table as an array once someone asked for it. */
interface SpillShare {
  holders: number;
  list?: Spill[];
}

export interface StackRead {
  value: Value;
  /** Offsets of bytes read before anything was written to them. */
  uninit: number[];
}

export class StackMem {
  /** bytes[STACK_SIZE + off] for off in [-512, 0). Shared with copies until one of them writes (see ownBytes()). */
  bytes: Uint8Array;
  spills: Map<number, Spill>;
  /** Lowest offset ever written (bounds the work of copies and comparisons). */
  low: number;
  /**
   * How many stacks may hold `bytes`, and `spills`: a copy shares them until it writes, and the last holder writes
   * in place (a dropped stack never gives its share back: at worst one clone too many).
   */
  private bytesShare: { holders: number };
  private spillsShare: SpillShare;

  constructor(bytes?: Uint8Array, spills?: Map<number, Spill>, low = 0, bytesShare?: { holders: number }, spillsShare?: SpillShare) {
    this.bytes = bytes ?? new Uint8Array(STACK_SIZE);
    this.spills = spills ?? new Map();
    this.low = low;
    this.bytesShare = bytesShare ?? { holders: 1 };
    this.spillsShare = spillsShare ?? { holders: 1 };
  }

  private wordView?: Int32Array;

  /** The bytes four at a time, for fast comparison. */
  get words(): Int32Array {
    this.wordView ??= new Int32Array(this.bytes.buffer, this.bytes.byteOffset, STACK_SIZE / 4);
    return this.wordView;
  }

  /** A copy that shares this stack's memory until one of the two writes: most copies never write. */
  copy(): StackMem {
    this.bytesShare.holders++;
    this.spillsShare.holders++;
    const c = new StackMem(this.bytes, this.spills, this.low, this.bytesShare, this.spillsShare);
    c.wordView = this.wordView;
    return c;
  }

  /** The spilled values as an array (made once per content, shared by the stacks sharing it): for hot loops. */
  spillList(): readonly Spill[] {
    let list = this.spillsShare.list;
    if (!list) {
      const made: Spill[] = [];
      this.spills.forEach(s => made.push(s));
      list = this.spillsShare.list = made;
    }
    return list;
  }

  /** Makes the byte states this stack's own before a write. */
  private ownBytes(): void {
    if (this.bytesShare.holders <= 1) return;
    this.bytesShare.holders--;
    this.bytes = this.bytes.slice();
    this.wordView = undefined;
    this.bytesShare = { holders: 1 };
  }

  /** Makes the spilled values this stack's own before a write (apart from the bytes: most writes change one). */
  private ownSpills(): void {
    if (this.spillsShare.holders <= 1) return;
    this.spillsShare.holders--;
    this.spills = copyMap(this.spills);
    this.spillsShare = { holders: 1 };
  }

  /** Replaces one spilled value (a refinement of the same value, as reloads link it). */
  setSpill(s: Spill): void {
    this.ownSpills();
    this.spills.set(s.off, s);
    this.spillsShare.list = undefined;
  }

  byteAt(off: number): Byte {
    return this.bytes[STACK_SIZE + off] as Byte;
  }

  /** A register stored whole: later loads of the same bytes give the same value back. */
  writeValue(off: number, size: number, value: Value): void {
    this.ownBytes();
    this.ownSpills();
    this.clear(off, size);
    this.fill(off, size, Byte.Spill);
    this.spills.set(off, { off, size, value });
    this.spillsShare.list = undefined;
  }

  writeZero(off: number, size: number): void {
    this.ownBytes();
    this.clear(off, size);
    this.fill(off, size, Byte.Zero);
  }

  writeMisc(off: number, size: number): void {
    this.ownBytes();
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
    this.ownBytes();
    if (moved.length > 0) this.ownSpills();
    this.clear(dstOff, size);
    for (let i = 0; i < size; i++) {
      const b = states[i] as Byte;
      this.bytes[STACK_SIZE + dstOff + i] = b === Byte.Spill ? Byte.Misc : b;
    }
    for (const s of moved) {
      const off = s.off - srcOff + dstOff;
      this.fill(off, s.size, Byte.Spill);
      this.spills.set(off, { off, size: s.size, value: s.value });
      this.spillsShare.list = undefined;
    }
    this.low = Math.min(this.low, dstOff);
  }

  /** Replaces every spilled value `f` maps to something new (used to refine copies and drop stale pointers). */
  mapSpills(f: (v: Value) => Value): void {
    if (this.spills.size === 0) return;
    for (const [k, s] of this.spills) {
      const nv = f(s.value);
      if (nv === s.value) continue;
      this.ownSpills();
      this.spills.set(k, { ...s, value: nv });
      this.spillsShare.list = undefined;
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

  /** Forgets spills that overlap [off, off+size); their other bytes stay initialised (bytes must be owned). */
  private clear(off: number, size: number): void {
    if (this.spills.size === 0) return;
    for (const [k, s] of this.spills) {
      if (s.off >= off + size || s.off + s.size <= off) continue;
      this.ownSpills();
      this.spills.delete(k);
      this.spillsShare.list = undefined;
      const rest = s.value.k === 'scalar' && s.value.umax === 0n ? Byte.Zero : Byte.Misc;
      this.fill(s.off, s.size, rest);
    }
  }
}

/** A copy of a map, filled with forEach: `new Map(map)` walks an iterator, one result object per entry. */
export function copyMap<K, V>(m: Map<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  m.forEach((v, k) => out.set(k, v));
  return out;
}

/** Little-endian: the first `size` bytes of a spilled scalar are its low bytes. */
function lowBytes(s: Scalar, size: number): Value {
  const bits = size * 8;
  return fitsIn(s, bits, false) ? s : castTo(s, bits, false);
}
