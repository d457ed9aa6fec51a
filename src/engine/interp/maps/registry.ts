// All maps of a loaded module: models made from the IR's map definitions, their handles (the addresses `&map`
// evaluates to), inner maps of map-in-map definitions made on demand, and lookups by handle and by name.

import type { MapInfo } from '../../ir/ir';
import { KIND_HANDLE, Region } from '../memory';
import { ArrayMap } from './array';
import { BloomFilterMap } from './bloom';
import { HashMap } from './hash';
import { LpmTrieMap } from './lpm';
import type { BpfMap, MapHost } from './map';
import { MapOfMaps, MAP_ARRAY_OF_MAPS, MAP_HASH_OF_MAPS } from './map-of-maps';
import { QueueStackMap } from './queue';
import { RingbufMap } from './ringbuf';
import { MAP_CPUMAP, MAP_DEVMAP, MAP_DEVMAP_HASH, MAP_PERF_EVENT_ARRAY, MAP_PROG_ARRAY, MAP_XSKMAP, TargetMap } from './target-maps';

const HANDLE_STRIDE = 16;
const MAX_HANDLES = 4096;

export class MapRegistry {
  readonly maps: BpfMap[] = [];
  /** How many ring buffers there are (their reservations are dropped between packets). */
  ringbufs = 0;
  private readonly byName = new Map<string, BpfMap>();
  private readonly handles: Region;

  constructor(private readonly host: MapHost) {
    const r = host.mem.alloc({
      name: 'map handles',
      size: HANDLE_STRIDE * MAX_HANDLES,
      kind: KIND_HANDLE,
      where: off => `the handle of map ${this.maps[Math.floor(off / HANDLE_STRIDE)]?.info.name ?? '?'}`,
    });
    if (!r) throw new Error('address space exhausted while laying out map handles');
    this.handles = r;
  }

  /** Makes a model for a map definition; returns an error message for types the interpreter cannot run. */
  add(info: MapInfo): string | undefined {
    if (this.maps.length >= MAX_HANDLES) return `too many maps (at most ${MAX_HANDLES})`;
    let m: BpfMap | string;
    try {
      m = this.create(info);
    } catch (e) {
      return (e as Error).message;
    }
    if (typeof m === 'string') return m;
    m.handle = this.handles.base + this.maps.length * HANDLE_STRIDE;
    if (info.type === 27) this.ringbufs++;
    this.maps.push(m);
    this.byName.set(info.name, m);
    return undefined;
  }

  get(name: string): BpfMap | undefined {
    return this.byName.get(name);
  }

  byHandle(addr: number): BpfMap | undefined {
    const off = addr - this.handles.base;
    if (off < 0 || off % HANDLE_STRIDE !== 0) return undefined;
    return this.maps[off / HANDLE_STRIDE];
  }

  private create(info: MapInfo): BpfMap | string {
    const h = this.host;
    switch (info.type) {
      case 1: return new HashMap(h, info, { lru: false, perCpu: false });
      case 2: return new ArrayMap(h, info, false);
      case 5: return new HashMap(h, info, { lru: false, perCpu: true });
      case 6: return new ArrayMap(h, info, true);
      case 9: return new HashMap(h, info, { lru: true, perCpu: false });
      case 10: return new HashMap(h, info, { lru: true, perCpu: true });
      case 11: return new LpmTrieMap(h, info);
      case 22: return new QueueStackMap(info, false);
      case 23: return new QueueStackMap(info, true);
      case 27: return new RingbufMap(h, info);
      case 30: return new BloomFilterMap(info);
      case MAP_PROG_ARRAY:
      case MAP_PERF_EVENT_ARRAY:
      case MAP_DEVMAP:
      case MAP_CPUMAP:
      case MAP_XSKMAP:
      case MAP_DEVMAP_HASH:
        return new TargetMap(h, info);
      case MAP_ARRAY_OF_MAPS:
      case MAP_HASH_OF_MAPS:
        if (!info.inner) return `map '${info.name}' (${info.typeName}) has no inner map template (__array(values, ...))`;
        return new MapOfMaps(info, id => this.inner(info, id));
      default:
        return `map '${info.name}' has type ${info.typeName}, which the interpreter does not model`;
    }
  }

  /** The inner map with this id of an outer map, made from the template the first time it is named. */
  private inner(outer: MapInfo, id: number): BpfMap | undefined {
    const name = `${outer.name}/${id}`;
    const have = this.byName.get(name);
    if (have) return have;
    if (!outer.inner) return undefined;
    const err = this.add({ ...outer.inner, name });
    return err ? undefined : this.byName.get(name);
  }
}
