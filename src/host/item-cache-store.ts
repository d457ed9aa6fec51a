// The parser's item cache kept on disk between CLI runs. A translation unit is mostly built-in headers whose
// converted items never change, and parsing them cold is most of a short run's start-up; reading them back is
// a tenth of that. Entries are keyed by their exact text, as in memory, so a loaded entry is what parsing
// would give. The file is tied to the build that wrote it (a new build starts afresh), written
// atomically, and anything odd about it means starting empty.

import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import type { CachedChunk, CParser } from '../engine/parse';
import { itemCache } from '../engine/parse';

import { writeAtomically } from './cache-dir';

const FORMAT = 1;

interface Stored {
  format: number;
  build: string;
  entries: Array<[string, CachedChunk]>;
}

/** Identifies the code that converted the items: the bundle (and parser) files as built. */
export function buildId(files: readonly string[]): string {
  return files.map(f => {
    try {
      const s = fs.statSync(f);
      return `${path.basename(f)}:${s.size}:${Math.round(s.mtimeMs)}`;
    } catch {
      return `${path.basename(f)}:-`;
    }
  }).join(' ');
}

const fileIn = (dir: string): string => path.join(dir, 'items.bin');

/** Seeds the parser's cache from the file; true when it did. Never throws. */
export function loadItemCache(parser: CParser, dir: string, build: string): boolean {
  let stored: unknown;
  try {
    stored = v8.deserialize(fs.readFileSync(fileIn(dir)));
  } catch {
    return false;
  }
  if (!isStored(stored) || stored.format !== FORMAT || stored.build !== build) return false;
  const cache = itemCache(parser);
  cache.seed(stored.entries);
  cache.takeChanged();
  return true;
}

/** Writes the parser's cache when parsing added to it since it was loaded. Never throws. */
export function saveItemCache(parser: CParser, dir: string, build: string): void {
  const cache = itemCache(parser);
  if (!cache.takeChanged()) return;
  writeAtomically(fileIn(dir), v8.serialize({ format: FORMAT, build, entries: cache.entries() } satisfies Stored));
}

function isStored(x: unknown): x is Stored {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Stored>;
  if (typeof s.format !== 'number' || typeof s.build !== 'string' || !Array.isArray(s.entries)) return false;
  return s.entries.every(e => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string'
    && typeof e[1] === 'object' && e[1] !== null && typeof e[1].start === 'number' && Array.isArray(e[1].items));
}
