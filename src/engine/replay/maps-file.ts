// `--maps init.json`: initial map contents as `{ "map": [["keyhex", "valuehex"], ...], ".bss": [["", "hex"]] }`
// (the same shape the run dumps afterwards, so a dump can seed the next run). Problems become diagnostics at
// their place in the JSON text; whether a map exists and the sizes fit is decided by the interpreter later.

import { diag, type Diagnostic } from '../diagnostics';
import type { MapContents } from '../interp/types';

const HEX = /^[0-9a-fA-F\s]*$/;

export interface MapsFileResult {
  contents?: MapContents;
  diagnostics: Diagnostic[];
}

export function parseMapsJson(text: string, file: string): MapsFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const at = Number(/position (\d+)/.exec(msg)?.[1] ?? text.length);
    return fail(file, at, `not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(file, firstNonSpace(text), 'expected an object mapping map names to lists of [key hex, value hex] pairs');
  }
  const contents: MapContents = {};
  const diagnostics: Diagnostic[] = [];
  for (const [name, entries] of Object.entries(value as Record<string, unknown>)) {
    const at = keyOffset(text, name);
    if (!Array.isArray(entries)) {
      diagnostics.push(error(file, at, `${name}: expected a list of [key hex, value hex] pairs`));
      continue;
    }
    const ok: Array<[string, string]> = [];
    entries.forEach((pair, i) => {
      const bad = checkPair(pair);
      if (bad) diagnostics.push(error(file, at, `${name}: entry ${i}: ${bad}`));
      else ok.push([pair[0], pair[1]]);
    });
    contents[name] = ok;
  }
  return diagnostics.length > 0 ? { diagnostics } : { contents, diagnostics };
}

function checkPair(pair: unknown): string | undefined {
  if (!Array.isArray(pair) || pair.length !== 2) return `expected [key hex, value hex], got ${short(pair)}`;
  const [k, v] = pair;
  if (typeof k !== 'string' || !HEX.test(k)) return `key ${short(k)} is not a hex string`;
  if (typeof v !== 'string') return `value ${short(v)} is not a string`;
  if (!HEX.test(v) && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return `value ${short(v)} is neither hex nor a program name`;
  if (k.replace(/\s+/g, '').length % 2 !== 0) return `key "${k}" has an odd number of hex digits`;
  if (HEX.test(v) && v.replace(/\s+/g, '').length % 2 !== 0) return `value "${v}" has an odd number of hex digits`;
  return undefined;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Offset of a property name in the text (its first occurrence as a key), or 0. */
function keyOffset(text: string, name: string): number {
  const quoted = JSON.stringify(name);
  const re = new RegExp(quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\s*:');
  return re.exec(text)?.index ?? 0;
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}

function error(file: string, at: number, message: string): Diagnostic {
  return diag('cli', 'error', 'MAPS_FILE', { file, start: at, end: at }, message);
}

function fail(file: string, at: number, message: string): MapsFileResult {
  return { diagnostics: [error(file, at, message)] };
}

/** Where a map's entries start in the file, for locating the interpreter's complaints about one map. */
export function mapOffset(text: string, name: string): number {
  return keyOffset(text, name);
}
