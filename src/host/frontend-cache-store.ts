// Whole front-end results kept on disk between CLI runs, as a compiler cache keeps objects: running the same file
// again (a test suite replaying captures through one program) skips the parser, the preprocessor and lowering.
// An entry is found by everything the front end reads besides the include host (the build, the file's path and
// text, the options) and used only when the host still gives every answer it gave when the entry was made (each
// file read, by content hash; each path joined). The result is plain data (the IR, the files, the diagnostics),
// stored with v8's serializer, which keeps shared objects shared; anything odd about a file means a miss.

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import type { Diagnostic } from '../engine/diagnostics';
import type { IrModule } from '../engine/ir/ir';
import type { IncludeHost } from '../engine/preprocess';
import type { ProgramVerdict } from '../engine/verifier';
import { writeAtomically } from './cache-dir';

const FORMAT = 1;
/** Entries kept; the least recently written go first. */
const MAX_ENTRIES = 64;

export interface FrontEntry {
  module: IrModule;
  files: Array<{ path: string; text: string }>;
  diagnostics: Diagnostic[];
  /** The verifier's findings per program, added as programs are verified (same module, same findings). */
  verdicts?: Record<string, ProgramVerdict>;
}

export type Answer =
  | { q: 'read'; path: string; hash: string | null }
  | { q: 'dirname'; path: string; answer: string }
  | { q: 'join'; dir: string; name: string; answer: string };

export interface Stored {
  format: number;
  key: string;
  answers: Answer[];
  entry: FrontEntry;
}

/** The hash noted for a read that threw (no content hash looks like it). */
const THREW = 'threw';

const hashOf = (s: string): string => createHash('sha256').update(s).digest('hex');

/** An include host that notes every answer it gives, for the entry made from this run. */
export class RecordingHost implements IncludeHost {
  readonly answers: Answer[] = [];

  constructor(private readonly inner: IncludeHost) {}

  readFile(p: string): string | undefined {
    let text: string | undefined;
    try {
      text = this.inner.readFile(p);
    } catch (e) {
      this.answers.push({ q: 'read', path: p, hash: THREW });
      throw e;
    }
    this.answers.push({ q: 'read', path: p, hash: text === undefined ? null : hashOf(text) });
    return text;
  }

  dirname(p: string): string {
    const answer = this.inner.dirname(p);
    this.answers.push({ q: 'dirname', path: p, answer });
    return answer;
  }

  join(dir: string, name: string): string {
    const answer = this.inner.join(dir, name);
    this.answers.push({ q: 'join', dir, name, answer });
    return answer;
  }
}

/** What identifies a run of the front end apart from the host's answers. */
export function frontKey(build: string, file: string, text: string, options: unknown): string {
  return hashOf(JSON.stringify([FORMAT, build, file, options, text]));
}

const entryFile = (dir: string, key: string): string => path.join(dir, 'front', `${key}.bin`);

/** The stored entry for this key if the host still answers as it did; undefined otherwise. Never throws. */
export function loadFront(dir: string, key: string, host: IncludeHost): Stored | undefined {
  let stored: unknown;
  try {
    stored = v8.deserialize(fs.readFileSync(entryFile(dir, key)));
  } catch {
    return undefined;
  }
  if (!isStored(stored) || stored.format !== FORMAT || stored.key !== key) return undefined;
  for (const a of stored.answers) {
    if (a.q === 'read') {
      let now: string | null;
      try {
        const text = host.readFile(a.path);
        now = text === undefined ? null : hashOf(text);
      } catch {
        now = THREW;
      }
      if (now !== a.hash) return undefined;
    } else if (a.q === 'dirname' ? host.dirname(a.path) !== a.answer : host.join(a.dir, a.name) !== a.answer) {
      return undefined;
    }
  }
  return stored;
}

/** Stores an entry, dropping the oldest beyond MAX_ENTRIES. Never throws. */
export function saveFront(dir: string, key: string, answers: readonly Answer[], entry: FrontEntry): Stored {
  const stored: Stored = { format: FORMAT, key, answers: [...answers], entry };
  try {
    if (writeAtomically(entryFile(dir, key), v8.serialize(stored))) prune(path.join(dir, 'front'));
  } catch {
    // Pruning failed: the folder only grows a little.
  }
  return stored;
}

/** Adds a program's verdict to an entry as stored (the answers it was made with are kept). Never throws. */
export function addVerdict(dir: string, stored: Stored, v: ProgramVerdict): void {
  const { states: _dropped, ...plain } = v;
  stored.entry.verdicts = { ...stored.entry.verdicts, [v.name]: plain };
  saveFront(dir, stored.key, stored.answers, stored.entry);
}

function prune(folder: string): void {
  const files = fs.readdirSync(folder).filter(f => f.endsWith('.bin'));
  if (files.length <= MAX_ENTRIES) return;
  const aged = files.map(f => ({ f, t: fs.statSync(path.join(folder, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of aged.slice(0, files.length - MAX_ENTRIES)) fs.rmSync(path.join(folder, f), { force: true });
}

function isStored(x: unknown): x is Stored {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Stored>;
  if (typeof s.format !== 'number' || typeof s.key !== 'string' || !Array.isArray(s.answers)) return false;
  const e = s.entry as Partial<FrontEntry> | undefined;
  return typeof e === 'object' && e !== null && typeof e.module === 'object' && e.module !== null
    && Array.isArray(e.files) && Array.isArray(e.diagnostics);
}
