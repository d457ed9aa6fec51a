// BPF_MAP_TYPE_QUEUE (FIFO) and STACK (LIFO): no keys; push, pop and peek copy whole values. A push into a
// full map fails with -E2BIG unless the flags say BPF_EXIST, which drops the oldest value to make room (for
// both kinds, as in the kernel). Empty maps answer -ENOENT.

import type { MapInfo } from '../../ir/ir';
import { BpfMap, BPF_EXIST, BPF_NOEXIST, E2BIG, EINVAL, ENOENT, MapEntry } from './map';

export class QueueStackMap implements BpfMap {
  handle = 0;
  /** Oldest value first. */
  private items: Uint8Array[] = [];

  constructor(readonly info: MapInfo, private readonly lifo: boolean) {}

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
    if (flags === BPF_NOEXIST || flags > BPF_EXIST) return -EINVAL;
    if (this.items.length >= this.info.maxEntries) {
      if (flags !== BPF_EXIST) return -E2BIG;
      this.items.shift();
    }
    this.items.push(value.slice(0, this.info.valueSize));
    return 0;
  }

  pop(out: Uint8Array): number {
    const r = this.peek(out);
    if (r === 0) {
      if (this.lifo) this.items.pop();
      else this.items.shift();
    }
    return r;
  }

  peek(out: Uint8Array): number {
    if (this.items.length === 0) return -ENOENT;
    out.set(this.lifo ? this.items[this.items.length - 1] : this.items[0]);
    return 0;
  }

  /** In push order (oldest first), each with an empty key, so a dump fed back as init restores the map. */
  entries(): MapEntry[] {
    return this.items.map(v => [new Uint8Array(0), v.slice()]);
  }

  /** User side: init entries are pushed in order (the key is ignored). */
  set(_key: Uint8Array, value: Uint8Array): string | undefined {
    if (value.length !== this.info.valueSize) return `value is ${value.length} bytes, expected ${this.info.valueSize}`;
    return this.push(value, 0) === 0 ? undefined : `map is full (max_entries ${this.info.maxEntries})`;
  }

  clear(): void {
    this.items = [];
  }
}
