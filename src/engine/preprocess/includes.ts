// Finding the file an #include names. One search list serves <...> and #include_next: the built-in headers
// first, then the -I directories. "..." looks next to the including file first, then -I, then the built-ins.

import type { IncludeHost } from './types';

export const BUILTIN_PREFIX = '<builtin>/';
/** Search index of a file not found through the search list (main file, relative to its includer). */
export const NOT_SEARCHED = -2;
const BUILTIN_INDEX = 0;

export interface Found {
  /** Display path: a host path or "<builtin>/name". */
  path: string;
  text: string;
  builtinKey: string | null;
  /** Position in the search list (0 = built-ins, k+1 = k-th -I dir) or NOT_SEARCHED. */
  searchIndex: number;
}

export interface Includer {
  path: string;
  builtinKey: string | null;
  searchIndex: number;
}

export interface IncludeRequest {
  name: string;
  angled: boolean;
  next: boolean;
}

/** One question put to the host and its answer, in the order asked (see checkpoint.ts). */
export type HostQuery =
  | { q: 'read'; path: string; answer: string | undefined }
  | { q: 'dirname'; path: string; answer: string }
  | { q: 'join'; dir: string; name: string; answer: string };

/** Asks the host again; true if every answer is the same as recorded. */
export function sameAnswers(host: IncludeHost, log: readonly HostQuery[]): boolean {
  for (const x of log) {
    if (x.q === 'read' && readSafely(host, x.path) !== x.answer) return false;
    if (x.q === 'dirname' && host.dirname(x.path) !== x.answer) return false;
    if (x.q === 'join' && host.join(x.dir, x.name) !== x.answer) return false;
  }
  return true;
}

function readSafely(host: IncludeHost, path: string): string | undefined {
  try {
    return host.readFile(path);
  } catch {
    return undefined;
  }
}

/** Answers lookups for one run, remembering host reads (guarded headers are looked up many times). */
export class IncludeResolver {
  private readonly reads = new Map<string, string | undefined>();
  /** Every host answer this run depended on, so a saved state can be checked against a later host. */
  readonly log: HostQuery[] = [];

  constructor(
    private readonly host: IncludeHost,
    private readonly dirs: readonly string[],
    private readonly builtins: Readonly<Record<string, string>>,
  ) {}

  read(path: string): string | undefined {
    if (this.reads.has(path)) return this.reads.get(path);
    const text = readSafely(this.host, path);
    this.reads.set(path, text);
    this.log.push({ q: 'read', path, answer: text });
    return text;
  }

  /** Continues a run whose earlier part asked the host `log` (answers already checked by sameAnswers). */
  replay(log: readonly HostQuery[]): void {
    for (const x of log) {
      this.log.push(x);
      if (x.q === 'read') this.reads.set(x.path, x.answer);
    }
  }

  private dirname(path: string): string {
    const answer = this.host.dirname(path);
    this.log.push({ q: 'dirname', path, answer });
    return answer;
  }

  private join(dir: string, name: string): string {
    const answer = this.host.join(dir, name);
    this.log.push({ q: 'join', dir, name, answer });
    return answer;
  }

  resolve(req: IncludeRequest, from: Includer): Found | null {
    const { name } = req;
    if (name.length === 0) return null;
    if (name.startsWith('/')) {
      const text = this.read(name);
      return text === undefined ? null : { path: name, text, builtinKey: null, searchIndex: NOT_SEARCHED };
    }
    if (req.next && from.searchIndex !== NOT_SEARCHED) return this.search(name, from.searchIndex + 1, false);
    if (!req.angled) {
      const near = this.besideIncluder(name, from);
      if (near !== null) return near;
      return this.search(name, BUILTIN_INDEX + 1, true);
    }
    return this.search(name, BUILTIN_INDEX, false);
  }

  private besideIncluder(name: string, from: Includer): Found | null {
    if (from.builtinKey !== null) {
      const slash = from.builtinKey.lastIndexOf('/');
      const key = normalizeKey(slash < 0 ? name : from.builtinKey.slice(0, slash + 1) + name);
      return this.builtin(key, NOT_SEARCHED);
    }
    const path = this.join(this.dirname(from.path), name);
    const text = this.read(path);
    return text === undefined ? null : { path, text, builtinKey: null, searchIndex: NOT_SEARCHED };
  }

  /** Searches from list position `start`; with `builtinsLast` the built-ins are tried after the -I dirs. */
  private search(name: string, start: number, builtinsLast: boolean): Found | null {
    if (start <= BUILTIN_INDEX) {
      const b = this.builtin(normalizeKey(name), BUILTIN_INDEX);
      if (b !== null) return b;
    }
    for (let i = Math.max(start, 1); i <= this.dirs.length; i++) {
      const path = this.join(this.dirs[i - 1], name);
      const text = this.read(path);
      if (text !== undefined) return { path, text, builtinKey: null, searchIndex: i };
    }
    return builtinsLast ? this.builtin(normalizeKey(name), BUILTIN_INDEX) : null;
  }

  private builtin(key: string, searchIndex: number): Found | null {
    if (!Object.prototype.hasOwnProperty.call(this.builtins, key)) return null;
    return { path: BUILTIN_PREFIX + key, text: this.builtins[key], builtinKey: key, searchIndex };
  }
}

/** Resolves "." and ".." in a built-in header name. */
export function normalizeKey(name: string): string {
  const out: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
