// Map helpers: lookup, update, delete, push, pop, peek and per-CPU lookup. Keys and values are read from the
// program's memory with the same bounds checks as any access; the map models give the kernel's answers.

import { fault } from '../fault';
import type { Machine } from '../machine';
import type { BpfMap } from '../maps/map';
import { EINVAL, keyStringAt } from '../maps/map';
import { ArrayMap } from '../maps/array';
import { HashMap } from '../maps/hash';
import { HelperSpec, needPtr, num, ptr, u32 } from './spec';

const BLOOM_FILTER = 30;

export function mapArg(m: Machine, i: number, helper: string): BpfMap {
  const map = m.maps.byHandle(ptr(m, i));
  if (!map) fault('helper', `${helper}: argument ${i + 1} is not a map`);
  return map;
}

function key(m: Machine, map: BpfMap, i: number, helper: string): Uint8Array {
  return m.mem.view(needPtr(m, i, helper, 'the key'), map.info.keySize, 'read');
}

const lookup: HelperSpec = {
  id: 1, name: 'bpf_map_lookup_elem',
  impl: m => {
    const map = mapArg(m, 0, 'bpf_map_lookup_elem');
    // Arrays and hashes read the key in place (the same checks as a view of it, without making one).
    if (map instanceof ArrayMap && map.info.keySize === 4) {
      const at = m.mem.spanAt(needPtr(m, 1, 'bpf_map_lookup_elem', 'the key'), 4, 'read');
      return map.lookupIndex(m.mem.spanRegion!.dv.getUint32(at, true));
    }
    if (map instanceof HashMap) {
      const size = map.info.keySize;
      const at = m.mem.spanAt(needPtr(m, 1, 'bpf_map_lookup_elem', 'the key'), size, 'read');
      return map.lookupKey(keyStringAt(m.mem.spanRegion!.bytes, at, size));
    }
    return map.lookup(key(m, map, 1, 'bpf_map_lookup_elem'));
  },
};

const update: HelperSpec = {
  id: 2, name: 'bpf_map_update_elem',
  impl: m => {
    const map = mapArg(m, 0, 'bpf_map_update_elem');
    const k = key(m, map, 1, 'bpf_map_update_elem');
    const v = m.mem.view(needPtr(m, 2, 'bpf_map_update_elem', 'the value'), map.info.valueSize, 'read');
    const flags = num(m, 3);
    if (!Number.isFinite(flags)) return -EINVAL;
    return map.update(k.slice(), v.slice(), flags);
  },
};

const del: HelperSpec = {
  id: 3, name: 'bpf_map_delete_elem',
  impl: m => {
    const map = mapArg(m, 0, 'bpf_map_delete_elem');
    return map.delete(key(m, map, 1, 'bpf_map_delete_elem'));
  },
};

const push: HelperSpec = {
  id: 87, name: 'bpf_map_push_elem',
  impl: m => {
    const map = mapArg(m, 0, 'bpf_map_push_elem');
    const v = m.mem.view(needPtr(m, 1, 'bpf_map_push_elem', 'the value'), map.info.valueSize, 'read');
    const flags = num(m, 2);
    if (!map.push || !Number.isFinite(flags)) return -EINVAL;
    return map.push(v.slice(), flags);
  },
};

function popOrPeek(id: number, name: string, pop: boolean): HelperSpec {
  return {
    id, name,
    impl: m => {
      const map = mapArg(m, 0, name);
      const mode = map.info.type === BLOOM_FILTER ? 'read' : 'write';
      const v = m.mem.view(needPtr(m, 1, name, 'the value'), map.info.valueSize, mode);
      const op = pop ? map.pop?.bind(map) : map.peek?.bind(map);
      return op ? op(v) : -EINVAL;
    },
  };
}

const lookupPercpu: HelperSpec = {
  id: 195, name: 'bpf_map_lookup_percpu_elem',
  impl: m => {
    const map = mapArg(m, 0, 'bpf_map_lookup_percpu_elem');
    const k = key(m, map, 1, 'bpf_map_lookup_percpu_elem');
    return map.lookupOnCpu ? map.lookupOnCpu(k, u32(m, 2)) : 0;
  },
};

export const MAP_HELPERS: HelperSpec[] = [
  lookup, update, del, push, popOrPeek(88, 'bpf_map_pop_elem', true), popOrPeek(89, 'bpf_map_peek_elem', false), lookupPercpu,
];
