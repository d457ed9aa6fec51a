// What every map model offers: the program-side operations the helpers call (keys and values as byte views of
// the program's memory, value pointers as addresses in the interpreter's address space) and the user-side
// operations behind --maps init.json and the dump after a run.

import type { MapInfo } from '../../ir/ir';
import { CType, strip } from '../../types/ctype';
import type { AddressSpace } from '../memory';

export const EPERM = 1;
export const ENOENT = 2;
export const E2BIG = 7;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EEXIST = 17;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ENOTSUPP = 524;

export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;
export const BPF_F_LOCK = 4;

/** What a map model needs from the machine it lives in. */
export interface MapHost {
  mem: AddressSpace;
  /** Number of modelled CPUs. */
  cpus: number;
  /** The CPU the program runs on now. */
  cpu(): number;
}

/** One entry as bytes, for init and dump. A per-CPU value is every CPU's copy, each padded to 8 bytes. */
export type MapEntry = [key: Uint8Array, value: Uint8Array];

export interface BpfMap {
  readonly info: MapInfo;
  /** Address of this map's handle (what `&map` evaluates to). */
  handle: number;
  /** Address of the value for key on the current CPU, or 0. */
  lookup(key: Uint8Array): number;
  update(key: Uint8Array, value: Uint8Array, flags: number): number;
  delete(key: Uint8Array): number;
  /** Queue, stack and bloom-filter style operations; others answer -EINVAL (-ENOTSUPP for peek/pop). */
  push?(value: Uint8Array, flags: number): number;
  pop?(out: Uint8Array): number;
  peek?(out: Uint8Array): number;
  /** Per-CPU maps: address of the value on a given CPU. */
  lookupOnCpu?(key: Uint8Array, cpu: number): number;
  /** bpf_for_each_map_elem: visits elements in map order until the callback says stop; returns how many. */
  forEachElem?(visit: (key: Uint8Array, valueAddr: number) => boolean): number;
  /** User side: every entry, in a stable order. */
  entries(): MapEntry[];
  /** User side: set one entry (per-CPU values may give one copy for all CPUs or every CPU's copy). */
  set(key: Uint8Array, value: Uint8Array): string | undefined;
  /** User side: clear all entries. */
  clear(): void;
}

export function checkUpdateFlags(flags: number, exists: boolean): number {
  if (flags === BPF_NOEXIST && exists) return -EEXIST;
  if (flags === BPF_EXIST && !exists) return -ENOENT;
  return 0;
}

/** A Map key for bytes (latin1 string: one char per byte). */
export function keyString(b: Uint8Array): string {
  return keyStringAt(b, 0, b.length);
}

/** keyString of bytes[off, off+len). */
export function keyStringAt(bytes: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(bytes[off + i]);
  return s;
}

export function keyBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

export function round8(n: number): number {
  return (n + 7) & ~7;
}

export function u32le(b: Uint8Array, off = 0): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Offset of a struct bpf_spin_lock inside the value type (top-level fields), or -1. */
export function spinLockOffset(info: MapInfo): number {
  const t = info.valueType ? strip(info.valueType) : undefined;
  if (!t || t.k !== 'record' || !t.rec.fields) return -1;
  const f = t.rec.fields.find(x => isSpinLock(x.type));
  return f ? f.offset : -1;
}

function isSpinLock(t: CType): boolean {
  const s = strip(t);
  return s.k === 'record' && s.rec.name === 'bpf_spin_lock';
}

/** Copies a value into map storage the way copy_map_value does: the spin lock word is left alone. */
export function copyValue(dst: Uint8Array, src: Uint8Array, lockOff: number): void {
  if (lockOff < 0) {
    dst.set(src.subarray(0, dst.length));
    return;
  }
  dst.set(src.subarray(0, lockOff));
  dst.set(src.subarray(lockOff + 4, dst.length), lockOff + 4);
}
