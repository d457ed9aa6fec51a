// BPF_MAP_TYPE_HASH, PERCPU_HASH, LRU_HASH and LRU_PERCPU_HASH. Elements live in slab slots; the kernel's
// allocation order is kept where a program can observe it:
// - HASH (preallocated): replacing a key takes the CPU's spare element and parks the old one as the spare, so
//   a pointer from an earlier lookup still reads the old value until the spare is reused;
// - per-CPU maps update an existing element in place, and a new element gets the value on the running CPU
//   with the other CPUs' copies zeroed;
// - LRU maps take a free element (evicting the least recently used one when full) before they check the
//   flags, so even an update that fails with -EEXIST may evict. Eviction here is exact LRU over lookups and
//   updates; the kernel's LRU is an approximation that may evict a batch of old elements at once.

import type { MapInfo } from '../../ir/ir';
import {
  BpfMap, BPF_EXIST, BPF_F_LOCK, checkUpdateFlags, compareBytes, copyValue, E2BIG, EINVAL, ENOENT, ENOMEM, keyBytes, keyString, MapEntry, MapHost,
  spinLockOffset,
} from './map';
import { SlabSet, SlotPool } from './slab';

export interface HashKind {
  lru: boolean;
  perCpu: boolean;
}

const BPF_F_NO_PREALLOC = 1;

export class HashMap implements BpfMap {
  handle = 0;
  /** Key string → slot, in recency order for LRU maps (oldest first). */
  private readonly index = new Map<string, number>();
  private readonly slabs: SlabSet;
  private readonly pool: SlotPool;
  /** HASH only: each CPU's spare element for in-place replacement. */
  private readonly spare: number[] = [];
  private readonly lockOff: number;

  constructor(private readonly host: MapHost, readonly info: MapInfo, private readonly kind: HashKind) {
    const max = info.maxEntries;
    const spares = this.usesSpares ? host.cpus : 0;
    this.slabs = new SlabSet(host, info.name, max + spares, info.valueSize, kind.perCpu);
    this.pool = new SlotPool(max);
    for (let c = 0; c < spares; c++) this.spare.push(max + c);
    this.lockOff = spinLockOffset(info);
  }

  private get usesSpares(): boolean {
    return !this.kind.lru && !this.kind.perCpu && (this.info.flags & BPF_F_NO_PREALLOC) === 0;
  }

  lookup(key: Uint8Array): number {
    return this.lookupOnCpu(key, this.host.cpu());
  }

  /** lookup by keyString of the key. */
  lookupKey(ks: string): number {
    return this.lookupStringOnCpu(ks, this.host.cpu());
  }

  lookupOnCpu(key: Uint8Array, cpu: number): number {
    return this.lookupStringOnCpu(keyString(key), cpu);
  }

  private lookupStringOnCpu(ks: string, cpu: number): number {
    if (cpu >= this.host.cpus) return 0;
    const slot = this.index.get(ks);
    if (slot === undefined) return 0;
    if (this.kind.lru) this.touch(ks, slot);
    return this.slabs.slab(cpu).addr(slot);
  }

  update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (this.kind.lru) return this.updateLru(key, value, flags);
    if (this.kind.perCpu ? flags > BPF_EXIST : (flags & ~BPF_F_LOCK) > BPF_EXIST) return -EINVAL;
    if (flags & BPF_F_LOCK && this.lockOff < 0) return -EINVAL;
    const ks = keyString(key);
    const old = this.index.get(ks);
    const err = checkUpdateFlags(flags & ~BPF_F_LOCK, old !== undefined);
    if (err) return err;
    const cpu = this.host.cpu();
    if (this.kind.perCpu) {
      if (old !== undefined) {
        this.writeValue(old, cpu, value);
        return 0;
      }
      const slot = this.pool.take();
      if (slot < 0) return -E2BIG;
      this.slabs.zero(slot);
      this.writeValue(slot, cpu, value);
      this.insert(ks, slot);
      return 0;
    }
    let slot: number;
    if (old !== undefined && this.usesSpares) {
      const c = Math.min(cpu, this.spare.length - 1);
      slot = this.spare[c];
      this.spare[c] = old;
    } else {
      slot = this.pool.take();
      if (slot < 0) return -E2BIG;
      if (old !== undefined) this.pool.give(old);
    }
    this.writeValue(slot, cpu, value);
    this.index.delete(ks);
    this.insert(ks, slot);
    return 0;
  }

  delete(key: Uint8Array): number {
    const ks = keyString(key);
    const slot = this.index.get(ks);
    if (slot === undefined) return -ENOENT;
    this.index.delete(ks);
    this.pool.give(slot);
    return 0;
  }

  forEachElem(visit: (key: Uint8Array, valueAddr: number) => boolean): number {
    const slab = this.slabs.slab(this.host.cpu());
    let n = 0;
    for (const [ks, slot] of [...this.index]) {
      n++;
      if (visit(keyBytes(ks), slab.addr(slot))) break;
    }
    return n;
  }

  entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (const [ks, slot] of this.index) out.push([keyBytes(ks), this.slabs.read(slot, this.kind.perCpu)]);
    return out.sort((a, b) => compareBytes(a[0], b[0]));
  }

  set(key: Uint8Array, value: Uint8Array): string | undefined {
    if (key.length !== this.info.keySize) return `key is ${key.length} bytes, expected ${this.info.keySize}`;
    const ks = keyString(key);
    let slot = this.index.get(ks);
    if (slot === undefined) {
      slot = this.kind.lru ? this.takeLru() : this.pool.take();
      if (slot < 0) return `map is full (max_entries ${this.info.maxEntries})`;
      this.slabs.zero(slot);
      this.insert(ks, slot);
    }
    return this.slabs.write(slot, value);
  }

  clear(): void {
    this.index.clear();
    this.pool.reset();
  }

  private updateLru(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -EINVAL;
    const cpu = this.host.cpu();
    const ks = keyString(key);
    // Per-CPU LRU maps skip the allocation for BPF_EXIST; plain LRU maps always allocate first.
    const fresh = this.kind.perCpu && flags === BPF_EXIST ? -1 : this.takeLru();
    if (fresh < 0 && !(this.kind.perCpu && flags === BPF_EXIST)) return -ENOMEM;
    const old = this.index.get(ks);
    const err = checkUpdateFlags(flags, old !== undefined);
    if (err) {
      if (fresh >= 0) this.pool.give(fresh);
      return err;
    }
    if (this.kind.perCpu && old !== undefined) {
      this.writeValue(old, cpu, value);
      this.touch(ks, old);
      if (fresh >= 0) this.pool.give(fresh);
      return 0;
    }
    if (this.kind.perCpu) this.slabs.zero(fresh);
    this.writeValue(fresh, cpu, value);
    if (old !== undefined) {
      this.index.delete(ks);
      this.pool.give(old);
    }
    this.insert(ks, fresh);
    return 0;
  }

  /** A free slot, evicting the least recently used element when there is none. */
  private takeLru(): number {
    const slot = this.pool.take();
    if (slot >= 0) return slot;
    const oldest = this.index.keys().next();
    if (oldest.done) return -1;
    const victim = this.index.get(oldest.value)!;
    this.index.delete(oldest.value);
    return victim;
  }

  private touch(ks: string, slot: number): void {
    this.index.delete(ks);
    this.index.set(ks, slot);
  }

  private insert(ks: string, slot: number): void {
    this.index.set(ks, slot);
  }

  private writeValue(slot: number, cpu: number, value: Uint8Array): void {
    copyValue(this.slabs.slab(cpu).value(slot), value, this.lockOff);
  }
}
