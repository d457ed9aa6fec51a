// BPF_MAP_TYPE_BLOOM_FILTER: push adds a value, peek asks whether it may be present. This model remembers the
// values exactly, i.e. it is a bloom filter that never reports a false positive (the kernel's may).

import type { MapInfo } from '../../ir/ir';
import { BpfMap, BPF_ANY, compareBytes, EINVAL, ENOENT, keyBytes, keyString, MapEntry } from './map';

export class BloomFilterMap implements BpfMap {
  handle = 0;
  private readonly values = new Set<string>();

  constructor(readonly info: MapInfo) {}

  lookup(): number {
    return 0;
  }

  update(_key: Uint8Array, value: Uint8Array, flags: number): number {
    return this.push(value, flags);
  }

  delete(): number {
    return -EINVAL;
  }

  push(value: Uint8Array, flags: number): number {
    if (flags !== BPF_ANY) return -EINVAL;
    this.values.add(keyString(value.subarray(0, this.info.valueSize)));
    return 0;
  }

  peek(value: Uint8Array): number {
    return this.values.has(keyString(value.subarray(0, this.info.valueSize))) ? 0 : -ENOENT;
  }

  pop(): number {
    return -EINVAL;
  }

  entries(): MapEntry[] {
    const out: MapEntry[] = [...this.values].map(v => [new Uint8Array(0), keyBytes(v)]);
    return out.sort((a, b) => compareBytes(a[1], b[1]));
  }

  set(_key: Uint8Array, value: Uint8Array): string | undefined {
    if (value.length !== this.info.valueSize) return `value is ${value.length} bytes, expected ${this.info.valueSize}`;
    this.push(value, BPF_ANY);
    return undefined;
  }

  clear(): void {
    this.values.clear();
  }
}
