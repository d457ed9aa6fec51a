// Value storage for maps: a region of fixed-stride slots (one per element the map can hold) whose backing
// store grows on demand, so a big, mostly empty hash map costs address space but little memory. Per-CPU maps
// keep one slab per CPU with the same slot numbers. Values are 8-byte aligned like the kernel's elements, and
// a program may touch only the value_size bytes of each slot.

import type { Region } from '../memory';
import { MapHost, round8 } from './map';

const INITIAL_BYTES = 4096;

export class Slab {
  readonly region: Region;
  readonly stride: number;

  constructor(host: MapHost, name: string, readonly slots: number, readonly valueSize: number, readonly = false) {
    this.stride = Math.max(8, round8(valueSize));
    const size = this.stride * Math.max(1, slots);
    const region = host.mem.alloc({
      name: `map ${name}`,
      size,
      bytes: new Uint8Array(Math.min(size, Math.max(INITIAL_BYTES, this.stride))),
      stride: this.stride,
      limit: valueSize,
      readonly,
      where: off => `${name} value[${Math.floor(off / this.stride)}]+${off % this.stride}`,
    });
    if (!region) throw new Error(`address space exhausted while laying out map ${name}`);
    this.region = region;
  }

  addr(slot: number): number {
    this.ensure(slot);
    return this.region.base + slot * this.stride;
  }

  /** The value bytes of a slot (a live view). */
  value(slot: number): Uint8Array {
    this.ensure(slot);
    const off = slot * this.stride;
    return this.region.bytes.subarray(off, off + this.valueSize);
  }

  private ensure(slot: number): void {
    const need = (slot + 1) * this.stride;
    const r = this.region;
    if (need <= r.bytes.length) return;
    let len = r.bytes.length * 2;
    while (len < need) len *= 2;
    const bytes = new Uint8Array(Math.min(len, r.size));
    bytes.set(r.bytes);
    r.bytes = bytes;
    r.dv = new DataView(bytes.buffer);
    r.hi = bytes.length;
  }
}

/** Free-slot bookkeeping: lowest slots first, freed slots reused first (like the kernel's free lists). */
export class SlotPool {
  private readonly free: number[] = [];
  private nextFresh = 0;

  constructor(private readonly total: number) {}

  take(): number {
    if (this.free.length > 0) return this.free.pop()!;
    if (this.nextFresh >= this.total) return -1;
    return this.nextFresh++;
  }

  give(slot: number): void {
    this.free.push(slot);
  }

  reset(): void {
    this.free.length = 0;
    this.nextFresh = 0;
  }
}

/** One slab per CPU for per-CPU maps, or a single shared slab. */
export class SlabSet {
  readonly slabs: Slab[];

  constructor(host: MapHost, name: string, slots: number, valueSize: number, perCpu: boolean, readonly = false) {
    const n = perCpu ? host.cpus : 1;
    this.slabs = [];
    for (let c = 0; c < n; c++) this.slabs.push(new Slab(host, n > 1 ? `${name}[cpu${c}]` : name, slots, valueSize, readonly));
  }

  get perCpu(): boolean {
    return this.slabs.length > 1;
  }

  slab(cpu: number): Slab {
    return this.slabs[this.slabs.length > 1 ? cpu : 0];
  }

  /** User-side view of a slot: every CPU's copy padded to 8 bytes (one copy for shared slabs). */
  read(slot: number, perCpuLayout: boolean): Uint8Array {
    const vs = this.slabs[0].valueSize;
    if (!perCpuLayout) return this.slabs[0].value(slot).slice();
    const stride = round8(vs);
    const out = new Uint8Array(stride * this.slabs.length);
    this.slabs.forEach((s, c) => out.set(s.value(slot), c * stride));
    return out;
  }

  /** User-side write: one copy for all CPUs, or every CPU's copy (padded to 8 bytes). */
  write(slot: number, value: Uint8Array): string | undefined {
    const vs = this.slabs[0].valueSize;
    const stride = round8(vs);
    if (value.length === vs) {
      for (const s of this.slabs) s.value(slot).set(value);
      return undefined;
    }
    if (this.slabs.length > 1 && value.length === stride * this.slabs.length) {
      this.slabs.forEach((s, c) => s.value(slot).set(value.subarray(c * stride, c * stride + vs)));
      return undefined;
    }
    return `value is ${value.length} bytes, expected ${vs}${this.slabs.length > 1 ? ` or ${stride * this.slabs.length} (every CPU's copy)` : ''}`;
  }

  zero(slot: number): void {
    for (const s of this.slabs) s.value(slot).fill(0);
  }
}
