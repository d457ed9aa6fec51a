// Initial map contents from a scenario, in the interpreter's hex form. A scenario writes keys and values as
//   - an integer: little-endian in the map's key or value size (what a u32/u64 key holds on x86-64),
//   - a string of hex digits ("0a000001", "0a:00:00:01", "0x0a000001"): those bytes, in that order,
//   - a list of byte values ([10, 0, 0, 1]),
// and a PROG_ARRAY value may name a program. Global sections (".bss", ".data", ".rodata") take bytes only.
// AF_XDP sockets of the scenario go into every xskmap at their key, as user space puts a socket's fd there.

import type { IrModule, MapInfo } from '../ir/ir';
import { toHex } from '../interp/map-contents';
import type { MapContents } from '../interp/types';
import type { MapInitConfig, Scenario } from '../path/scenario-types';

const MAP_PROG_ARRAY = 3;
const MAP_XSKMAP = 17;

export interface MapInitIssue {
  /** JSON path of the value at fault. */
  path: string;
  message: string;
}

type Value = MapInitConfig['entries'][number]['key'];

function hexBytes(s: string): Uint8Array | undefined {
  const clean = s.replace(/^0x/i, '').replace(/[:\s]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** An integer as `size` little-endian bytes, or a reason it does not fit. */
function littleEndian(n: number, size: number): Uint8Array | string {
  if (!Number.isSafeInteger(n)) return `${n} is not an integer JavaScript holds exactly; give the bytes as hex`;
  if (size === 0) return 'the map has no room for a number here';
  const bits = BigInt(Math.min(size, 8) * 8);
  let v = BigInt(n);
  if (v < -(1n << (bits - 1n)) || v >= 1n << bits) return `${n} does not fit in ${size} bytes`;
  if (v < 0n) v += 1n << bits;
  const out = new Uint8Array(size);
  for (let i = 0; i < Math.min(size, 8); i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** One key or value as hex, or a message. `size` is undefined where the size is not known here (sections). */
function encode(v: Value, size: number | undefined, allowName: boolean): string | { error: string } {
  if (typeof v === 'number') {
    if (size === undefined) return { error: 'give section contents as hex or a list of bytes' };
    const b = littleEndian(v, size);
    return typeof b === 'string' ? { error: b } : toHex(b);
  }
  if (Array.isArray(v)) return toHex(Uint8Array.from(v));
  const b = hexBytes(v);
  if (b) return toHex(b);
  if (allowName && /^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return v;
  return { error: `"${v}" is not hex bytes` };
}

export interface ScenarioMaps {
  contents: MapContents;
  issues: MapInitIssue[];
}

export function scenarioMapContents(module: IrModule, s: Scenario): ScenarioMaps {
  const contents: MapContents = {};
  const issues: MapInitIssue[] = [];
  const sections = new Set(module.globals.map(g => g.section));
  for (const [name, init] of Object.entries(s.maps ?? {})) {
    const at = `$.maps[${JSON.stringify(name)}]`;
    const info = module.maps.find(m => m.name === name);
    if (!info && !sections.has(name)) {
      issues.push({ path: at, message: `no map or global section named '${name}' in the program's object` });
      continue;
    }
    const pairs: Array<[string, string]> = [];
    init.entries.forEach((e, i) => {
      const key = encode(e.key, info ? info.keySize : undefined, false);
      const value = encode(e.value, info ? info.valueSize : undefined, info?.type === MAP_PROG_ARRAY);
      if (typeof key !== 'string') issues.push({ path: `${at}.entries[${i}].key`, message: key.error });
      if (typeof value !== 'string') issues.push({ path: `${at}.entries[${i}].value`, message: value.error });
      if (typeof key === 'string' && typeof value === 'string') pairs.push([info ? key : '00000000', value]);
    });
    contents[name] = pairs;
  }
  addXsks(module.maps, s, contents);
  return { contents, issues };
}

/** Each scenario AF_XDP socket in every xskmap at its key (the value stands for the socket's fd). */
function addXsks(maps: readonly MapInfo[], s: Scenario, contents: MapContents): void {
  const xsks = s.xsks ?? [];
  if (xsks.length === 0) return;
  for (const m of maps) {
    if (m.type !== MAP_XSKMAP) continue;
    const list = (contents[m.name] ??= []);
    xsks.forEach((x, i) => {
      const key = littleEndian(x.key ?? x.queue, 4);
      const fd = littleEndian(100 + i, m.valueSize);
      if (typeof key === 'string' || typeof fd === 'string') return;
      if (!list.some(([k]) => k === toHex(key))) list.push([toHex(key), toHex(fd)]);
    });
  }
}
