// BPF_MAP_TYPE_RINGBUF: records reserved in the ring's data area, then submitted (captured for the run's
// output) or discarded. A consumer is assumed to read every submitted record at once, so space comes back as
// soon as nothing is outstanding; a reservation that does not fit fails with NULL, bpf_ringbuf_output with
// -EAGAIN. Each record costs its size rounded up to 8 plus an 8-byte header, as in the kernel.

import type { MapInfo } from '../../ir/ir';
import type { Region } from '../memory';
import { BpfMap, EINVAL, MapEntry, MapHost, round8 } from './map';

const HDR = 8;
const EAGAIN = 11;

export class RingbufMap implements BpfMap {
  handle = 0;
  readonly region: Region;
  private pos = 0;
  /** Outstanding reservations: address → size. */
  private readonly reserved = new Map<number, number>();
  private produced = 0;
  /** Submitted records not yet collected by the run. */
  records: Uint8Array[] = [];

  constructor(host: MapHost, readonly info: MapInfo) {
    const region = host.mem.alloc({ name: `ringbuf ${info.name}`, size: Math.max(info.maxEntries, 8) });
    if (!region) throw new Error(`address space exhausted while laying out ring buffer ${info.name}`);
    this.region = region;
    region.hi = 0;
  }

  get capacity(): number {
    return this.info.maxEntries;
  }

  /** Address of a new record of `size` bytes, or 0 when it does not fit. */
  reserve(size: number): number {
    if (this.reserved.size === 0) this.pos = 0;
    const need = round8(size) + HDR;
    if (size <= 0 || this.pos + need > this.capacity) return 0;
    const addr = this.region.base + this.pos + HDR;
    this.reserved.set(addr, size);
    this.pos += need;
    this.region.hi = this.pos;
    return addr;
  }

  /** Size of the outstanding record at addr, or -1. */
  reservedSize(addr: number): number {
    return this.reserved.get(addr) ?? -1;
  }

  commit(addr: number, keep: boolean): void {
    const size = this.reserved.get(addr);
    if (size === undefined) return;
    this.reserved.delete(addr);
    if (keep) {
      const off = addr - this.region.base;
      this.records.push(this.region.bytes.slice(off, off + size));
      this.produced += round8(size) + HDR;
    }
    if (this.reserved.size === 0) this.region.hi = 0;
  }

  output(data: Uint8Array): number {
    if (round8(data.length) + HDR > this.capacity) return -EAGAIN;
    this.records.push(data.slice());
    this.produced += round8(data.length) + HDR;
    return 0;
  }

  /** bpf_ringbuf_query: available data, ring size, consumer and producer positions. */
  query(flag: number): number {
    switch (flag) {
      case 0: return 0;
      case 1: return this.capacity;
      case 2: case 3: return this.produced;
      default: return 0;
    }
  }

  /** Drops outstanding reservations (end of a packet). */
  abandon(): void {
    this.reserved.clear();
    this.region.hi = 0;
  }

  lookup(): number {
    return 0;
  }

  update(): number {
    return -EINVAL;
  }

  delete(): number {
    return -EINVAL;
  }

  entries(): MapEntry[] {
    return [];
  }

  set(): string | undefined {
    return 'ring buffers have no entries to set';
  }

  clear(): void {
    this.records = [];
    this.abandon();
  }
}
