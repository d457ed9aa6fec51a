// BPF_MAP_TYPE_ARRAY and PERCPU_ARRAY: max_entries preallocated, zeroed values indexed by a u32 key. Every
// element always exists, so BPF_NOEXIST fails with -EEXIST and delete with -EINVAL, as in the kernel.

import type { MapInfo } from '../../ir/ir';
import { BpfMap, BPF_EXIST, BPF_F_LOCK, BPF_NOEXIST, copyValue, E2BIG, EEXIST, EINVAL, MapEntry, MapHost, spinLockOffset, u32le } from './map';
import { SlabSet } from './slab';

export class ArrayMap implements BpfMap {
  handle = 0;
  private readonly slabs: SlabSet;
  private readonly lockOff: number;

  constructor(private readonly host: MapHost, readonly info: MapInfo, private readonly perCpu: boolean) {
    this.slabs = new SlabSet(host, info.name, info.maxEntries, info.valueSize, perCpu);
    this.lockOff = spinLockOffset(info);
  }

  lookup(key: Uint8Array): number {
    return this.lookupIndex(u32le(key));
  }

  lookupIndex(i: number): number {
    return i < this.info.maxEntries ? this.slabs.slab(this.host.cpu()).addr(i) : 0;
  }

  lookupOnCpu(key: Uint8Array, cpu: number): number {
    const i = u32le(key);
    if (cpu >= this.host.cpus) return 0;
    return i < this.info.maxEntries ? this.slabs.slab(cpu).addr(i) : 0;
  }

  update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if ((flags & ~BPF_F_LOCK) > BPF_EXIST) return -EINVAL;
    const i = u32le(key);
    if (i >= this.info.maxEntries) return -E2BIG;
    if (flags & BPF_NOEXIST) return -EEXIST;
    if (flags & BPF_F_LOCK && this.lockOff < 0) return -EINVAL;
    copyValue(this.slabs.slab(this.host.cpu()).value(i), value, this.lockOff);
    return 0;
  }

  delete(): number {
    return -EINVAL;
  }

  forEachElem(visit: (key: Uint8Array, valueAddr: number) => boolean): number {
    const slab = this.slabs.slab(this.host.cpu());
    const k = new Uint8Array(4);
    let n = 0;
    for (let i = 0; i < this.info.maxEntries; i++) {
      new DataView(k.buffer).setUint32(0, i, true);
      n++;
      if (visit(k, slab.addr(i))) break;
    }
    return n;
  }

  entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (let i = 0; i < this.info.maxEntries; i++) {
      const k = new Uint8Array(4);
      new DataView(k.buffer).setUint32(0, i, true);
      out.push([k, this.slabs.read(i, this.perCpu)]);
    }
    return out;
  }

  set(key: Uint8Array, value: Uint8Array): string | undefined {
    if (key.length !== 4) return `key is ${key.length} bytes, expected 4`;
    const i = u32le(key);
    if (i >= this.info.maxEntries) return `index ${i} is past max_entries ${this.info.maxEntries}`;
    return this.slabs.write(i, value);
  }

  clear(): void {
    for (let i = 0; i < this.info.maxEntries; i++) this.slabs.zero(i);
  }
}
