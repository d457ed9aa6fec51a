// Map contents in and out as `{ name: [[keyHex, valueHex], ...] }`. Global sections (".bss", ".data",
// ".rodata", ...) appear as one-entry maps with key "00000000" and the section's bytes, as the kernel's
// internal array maps show them. Per-CPU values are every CPU's copy, each padded to 8 bytes (a single copy
// is accepted on init and set on every CPU). PROG_ARRAY values are the index of a program in the module
// (u32) or a program's name. Inner maps of map-in-map definitions are named "<outer>/<id>".

import type { ProgramRef } from './machine';
import type { GlobalLayout } from './globals';
import type { MapRegistry } from './maps/registry';
import { MAP_PROG_ARRAY } from './maps/target-maps';
import type { MapContents } from './types';

export function fromHex(s: string): Uint8Array | undefined {
  const h = s.replace(/\s+/g, '');
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) return undefined;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Applies contents; returns one message per entry that could not be set. */
export function applyMapContents(maps: MapRegistry, globals: GlobalLayout, programs: readonly ProgramRef[], contents: MapContents): string[] {
  const errors: string[] = [];
  // Outer maps first, so inner maps named "<outer>/<id>" exist when their contents come.
  const names = Object.keys(contents).sort((a, b) => Number(a.includes('/')) - Number(b.includes('/')));
  for (const name of names) {
    const entries = contents[name];
    if (!Array.isArray(entries)) {
      errors.push(`${name}: expected a list of [key, value] pairs`);
      continue;
    }
    const section = globals.sections.get(name);
    if (section) {
      for (const [, v] of entries) {
        const bytes = fromHex(String(v));
        if (!bytes || bytes.length !== section.hi) errors.push(`${name}: value must be ${section.hi} bytes of hex`);
        else section.bytes.set(bytes);
      }
      continue;
    }
    const map = maps.get(name);
    if (!map) {
      errors.push(`${name}: no such map`);
      continue;
    }
    for (const pair of entries) {
      const key = fromHex(String(pair?.[0] ?? ''));
      let value = fromHex(String(pair?.[1] ?? ''));
      if (map.info.type === MAP_PROG_ARRAY && !value) {
        const at = programs.findIndex(p => p.name === String(pair[1]));
        if (at >= 0) value = Uint8Array.of(at & 0xff, (at >> 8) & 0xff, 0, 0);
      }
      if (!key || !value) {
        errors.push(`${name}: entry ${JSON.stringify(pair)} is not [key hex, value hex]`);
        continue;
      }
      const err = map.set(key, value);
      if (err) errors.push(`${name}: ${err}`);
    }
  }
  return errors;
}

export function dumpMapContents(maps: MapRegistry, globals: GlobalLayout): MapContents {
  const out: MapContents = {};
  for (const [name, r] of globals.sections) out[name] = [['00000000', toHex(r.bytes.subarray(0, r.hi))]];
  for (const m of maps.maps) {
    const t = m.info.type;
    // Ring buffers and perf event arrays carry output, not entries.
    if (t === 27 || t === 4) continue;
    out[m.info.name] = m.entries().map(([k, v]) => [toHex(k), toHex(v)]);
  }
  return out;
}
