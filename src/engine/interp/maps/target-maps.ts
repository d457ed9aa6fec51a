// Maps whose entries name something outside the program: DEVMAP and DEVMAP_HASH (egress devices), CPUMAP
// (CPUs), XSKMAP (AF_XDP sockets), PROG_ARRAY (programs, for tail calls) and PERF_EVENT_ARRAY (perf
// buffers). Entries are set from user space; programs only read them (the kernel's verifier allows no
// updates from XDP/TC programs). Devmap, cpumap and xskmap values can be looked up and read; redirects record
// the entry they resolved to.

import type { MapInfo } from '../../ir/ir';
import { BpfMap, compareBytes, EINVAL, keyBytes, keyString, MapEntry, MapHost, u32le } from './map';
import { Slab, SlotPool } from './slab';

export const MAP_PROG_ARRAY = 3;
export const MAP_PERF_EVENT_ARRAY = 4;
export const MAP_DEVMAP = 14;
export const MAP_CPUMAP = 16;
export const MAP_XSKMAP = 17;
export const MAP_DEVMAP_HASH = 25;

export class TargetMap implements BpfMap {
  handle = 0;
  private readonly index = new Map<string, number>();
  private readonly slab: Slab;
  private readonly pool: SlotPool;

  constructor(host: MapHost, readonly info: MapInfo) {
    this.slab = new Slab(host, info.name, info.maxEntries, Math.max(info.valueSize, 4), true);
    this.pool = new SlotPool(info.maxEntries);
  }

  /** Keys are array indexes below max_entries, except for DEVMAP_HASH. */
  private get indexed(): boolean {
    return this.info.type !== MAP_DEVMAP_HASH;
  }

  /** The entry's value bytes (a view), or undefined. */
  get(key: Uint8Array): Uint8Array | undefined {
    const slot = this.index.get(keyString(key.subarray(0, 4)));
    return slot === undefined ? undefined : this.slab.value(slot);
  }

  lookup(key: Uint8Array): number {
    if (this.info.type === MAP_PROG_ARRAY || this.info.type === MAP_PERF_EVENT_ARRAY) return 0;
    const slot = this.index.get(keyString(key.subarray(0, 4)));
    return slot === undefined ? 0 : this.slab.addr(slot);
  }

  update(): number {
    return -EINVAL;
  }

  delete(): number {
    return -EINVAL;
  }

  entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (const [ks, slot] of this.index) out.push([keyBytes(ks), this.slab.value(slot).slice()]);
    return out.sort((a, b) => compareBytes(a[0], b[0]));
  }

  set(key: Uint8Array, value: Uint8Array): string | undefined {
    if (key.length !== 4) return `key is ${key.length} bytes, expected 4`;
    if (this.indexed && u32le(key) >= this.info.maxEntries) return `index ${u32le(key)} is past max_entries ${this.info.maxEntries}`;
    if (value.length !== this.info.valueSize) return `value is ${value.length} bytes, expected ${this.info.valueSize}`;
    const ks = keyString(key);
    let slot = this.index.get(ks);
    if (slot === undefined) {
      slot = this.pool.take();
      if (slot < 0) return `map is full (max_entries ${this.info.maxEntries})`;
      this.index.set(ks, slot);
    }
    this.slab.value(slot).set(value);
    return undefined;
  }

  clear(): void {
    this.index.clear();
    this.pool.reset();
  }
}
