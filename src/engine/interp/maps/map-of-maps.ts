// ARRAY_OF_MAPS and HASH_OF_MAPS: each value names an inner map, made from the outer map's inner template. In
// the kernel user space stores inner map fds; here a value is an inner map id (u32, little-endian), and every
// distinct id gets its own inner map, whose contents init and dump address as "<outer>/<id>". A lookup
// answers the inner map's handle, which the program passes on to the map helpers.

import type { MapInfo } from '../../ir/ir';
import { BpfMap, compareBytes, EINVAL, keyBytes, keyString, MapEntry, u32le } from './map';

export const MAP_ARRAY_OF_MAPS = 12;
export const MAP_HASH_OF_MAPS = 13;

export class MapOfMaps implements BpfMap {
  handle = 0;
  /** Key string → inner map id. */
  private readonly index = new Map<string, number>();

  constructor(readonly info: MapInfo, private readonly inner: (id: number) => BpfMap | undefined) {}

  private get isArray(): boolean {
    return this.info.type === MAP_ARRAY_OF_MAPS;
  }

  innerFor(key: Uint8Array): BpfMap | undefined {
    const id = this.index.get(keyString(key.subarray(0, this.info.keySize)));
    return id === undefined ? undefined : this.inner(id);
  }

  lookup(key: Uint8Array): number {
    return this.innerFor(key)?.handle ?? 0;
  }

  update(): number {
    return -EINVAL;
  }

  delete(): number {
    return -EINVAL;
  }

  entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (const [ks, id] of this.index) {
      const v = new Uint8Array(4);
      new DataView(v.buffer).setUint32(0, id, true);
      out.push([keyBytes(ks), v]);
    }
    return out.sort((a, b) => compareBytes(a[0], b[0]));
  }

  set(key: Uint8Array, value: Uint8Array): string | undefined {
    if (key.length !== this.info.keySize) return `key is ${key.length} bytes, expected ${this.info.keySize}`;
    if (this.isArray && u32le(key) >= this.info.maxEntries) return `index ${u32le(key)} is past max_entries ${this.info.maxEntries}`;
    if (value.length !== 4) return `value is ${value.length} bytes, expected a 4-byte inner map id`;
    if (!this.isArray && !this.index.has(keyString(key)) && this.index.size >= this.info.maxEntries) return `map is full (max_entries ${this.info.maxEntries})`;
    const id = u32le(value);
    if (!this.inner(id)) return `no inner map template to make inner map ${id} from`;
    this.index.set(keyString(key), id);
    return undefined;
  }

  clear(): void {
    this.index.clear();
  }
}
