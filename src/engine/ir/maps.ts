// Map definitions: BTF-style (`struct { __uint(type, …); __type(key, …); … } name SEC(".maps")`, where the
// macros encode numbers as array lengths and types as pointee types) and legacy `struct bpf_map_def` in "maps".

import type { Range } from '../diagnostics';
import { CType, findField, sizeOf, strip } from '../types/ctype';
import type { MapInfo } from './ir';
import { mapTypeName } from './map-types';

export function btfMapInfo(name: string, type: CType, range: Range): { map?: MapInfo; error?: string } {
  const s = strip(type);
  if (s.k !== 'record' || !s.rec.fields) return { error: `map '${name}' in ".maps" is not a struct definition` };
  const nums = new Map<string, number>();
  const types = new Map<string, CType>();
  let inner: MapInfo | undefined;
  for (const f of s.rec.fields) {
    if (!f.name) continue;
    const ft = strip(f.type);
    if (ft.k === 'ptr') {
      const to = strip(ft.to);
      // __uint(name, N) is `int (*name)[N]`.
      if (to.k === 'array' && to.len !== undefined && strip(to.of).k === 'int') nums.set(f.name, to.len);
      else types.set(f.name, ft.to);
    } else if (ft.k === 'array' && f.name === 'values') {
      // __array(values, struct inner) is `typeof(struct inner) *values[]`.
      const el = strip(ft.of);
      if (el.k === 'ptr') inner = btfMapInfo(`${name}.inner`, el.to, range).map;
    }
  }
  const keyType = types.get('key');
  const valueType = types.get('value');
  const mtype = nums.get('type') ?? 0;
  const map: MapInfo = {
    name,
    type: mtype,
    typeName: mapTypeName(mtype),
    keySize: nums.get('key_size') ?? (keyType ? sizeOf(keyType) ?? 0 : 0),
    valueSize: nums.get('value_size') ?? (valueType ? sizeOf(valueType) ?? 0 : 0),
    maxEntries: nums.get('max_entries') ?? 0,
    flags: nums.get('map_flags') ?? 0,
    style: 'btf',
    range,
  };
  if (keyType) map.keyType = keyType;
  if (valueType) map.valueType = valueType;
  if (nums.has('pinning')) map.pinning = nums.get('pinning');
  if (inner) {
    map.inner = inner;
    if (!map.valueSize) map.valueSize = 4; // map-in-map values are map fds
  }
  return { map };
}

/** Legacy `struct bpf_map_def` read from its initial bytes by field name. */
export function legacyMapInfo(name: string, type: CType, init: Uint8Array, range: Range): { map?: MapInfo; error?: string } {
  const s = strip(type);
  if (s.k !== 'record' || !s.rec.fields) return { error: `map '${name}' in "maps" is not a struct` };
  const rec = s.rec;
  const read = (field: string): number => {
    const f = findField(rec, field);
    if (!f) return 0;
    const size = sizeOf(f.field.type) ?? 4;
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + (init[f.offset + i] ?? 0);
    return v;
  };
  const mtype = read('type');
  return {
    map: {
      name,
      type: mtype,
      typeName: mapTypeName(mtype),
      keySize: read('key_size'),
      valueSize: read('value_size'),
      maxEntries: read('max_entries'),
      flags: read('map_flags'),
      style: 'legacy',
      range,
    },
  };
}
