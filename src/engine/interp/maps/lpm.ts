// BPF_MAP_TYPE_LPM_TRIE: keys are { u32 prefixlen (host order); u8 data[] (network order) }. A lookup finds the
// entry with the longest prefix that matches the key's data within the key's own prefixlen; updates and
// deletes address one exact prefix. The kernel keeps the data bytes as given (bits past the prefix included)
// and hands them back on dump, so this model does too. Full maps answer -ENOSPC.

import type { MapInfo } from '../../ir/ir';
import { BpfMap, BPF_EXIST, checkUpdateFlags, compareBytes, EINVAL, ENOENT, ENOSPC, keyString, MapEntry, MapHost, u32le } from './map';
import { SlabSet, SlotPool } from './slab';

interface Node {
  slot: number;
  /** The key as the user or program gave it. */
  key: Uint8Array;
}

export class LpmTrieMap implements BpfMap {
  handle = 0;
  /** Masked (prefixlen, data) → node. */
  private readonly nodes = new Map<string, Node>();
  /** How many entries exist per prefix length, to try only lengths that occur. */
  private readonly lengths = new Map<number, number>();
  private sortedLengths: number[] = [];
  private readonly slabs: SlabSet;
  private readonly pool: SlotPool;
  private readonly dataSize: number;

  constructor(host: MapHost, readonly info: MapInfo) {
    this.dataSize = Math.max(0, info.keySize - 4);
    this.slabs = new SlabSet(host, info.name, info.maxEntries, info.valueSize, false);
    this.pool = new SlotPool(info.maxEntries);
  }

  private get maxPrefix(): number {
    return this.dataSize * 8;
  }

  lookup(key: Uint8Array): number {
    const want = Math.min(u32le(key), this.maxPrefix);
    const data = key.subarray(4, 4 + this.dataSize);
    for (const len of this.sortedLengths) {
      if (len > want) continue;
      const n = this.nodes.get(maskedKey(len, data));
      if (n) return this.slabs.slab(0).addr(n.slot);
    }
    return 0;
  }

  update(key: Uint8Array, value: Uint8Array, flags: number): number {
    if (flags > BPF_EXIST) return -EINVAL;
    const len = u32le(key);
    if (len > this.maxPrefix) return -EINVAL;
    const mk = maskedKey(len, key.subarray(4, 4 + this.dataSize));
    const old = this.nodes.get(mk);
    const err = checkUpdateFlags(flags, old !== undefined);
    if (err) return err;
    if (old) {
      old.key = key.slice(0, this.info.keySize);
      this.slabs.slab(0).value(old.slot).set(value.subarray(0, this.info.valueSize));
      return 0;
    }
    const slot = this.pool.take();
    if (slot < 0) return -ENOSPC;
    this.slabs.slab(0).value(slot).set(value.subarray(0, this.info.valueSize));
    this.nodes.set(mk, { slot, key: key.slice(0, this.info.keySize) });
    this.count(len, 1);
    return 0;
  }

  delete(key: Uint8Array): number {
    const len = u32le(key);
    if (len > this.maxPrefix) return -EINVAL;
    const mk = maskedKey(len, key.subarray(4, 4 + this.dataSize));
    const n = this.nodes.get(mk);
    if (!n) return -ENOENT;
    this.nodes.delete(mk);
    this.pool.give(n.slot);
    this.count(len, -1);
    return 0;
  }

  entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (const n of this.nodes.values()) out.push([n.key.slice(), this.slabs.read(n.slot, false)]);
    return out.sort((a, b) => compareBytes(a[0], b[0]));
  }

  set(key: Uint8Array, value: Uint8Array): string | undefined {
    if (key.length !== this.info.keySize) return `key is ${key.length} bytes, expected ${this.info.keySize}`;
    if (value.length !== this.info.valueSize) return `value is ${value.length} bytes, expected ${this.info.valueSize}`;
    const r = this.update(key, value, 0);
    if (r === -EINVAL) return `prefix length ${u32le(key)} is longer than ${this.maxPrefix} bits`;
    if (r === -ENOSPC) return `map is full (max_entries ${this.info.maxEntries})`;
    return undefined;
  }

  clear(): void {
    this.nodes.clear();
    this.lengths.clear();
    this.sortedLengths = [];
    this.pool.reset();
  }

  private count(len: number, delta: number): void {
    const n = (this.lengths.get(len) ?? 0) + delta;
    if (n <= 0) this.lengths.delete(len);
    else this.lengths.set(len, n);
    this.sortedLengths = [...this.lengths.keys()].sort((a, b) => b - a);
  }
}

/** (prefixlen, the first prefixlen bits of data) as a map key. */
function maskedKey(len: number, data: Uint8Array): string {
  const full = len >> 3;
  const rest = len & 7;
  const bytes = data.slice(0, full + (rest ? 1 : 0));
  if (rest) bytes[full] &= (0xff << (8 - rest)) & 0xff;
  return `${len}:${keyString(bytes)}`;
}
