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

/** Answers lookups for one run, remembering host reads (guarded headers are looked up many times). */
export class IncludeResolver {
  private readonly reads = new Map<string, string | undefined>();

  constructor(
    private readonly host: IncludeHost,
    private readonly dirs: readonly string[],
    private readonly builtins: Readonly<Record<string, string>>,
  ) {}

  read(path: string): string | undefined {
    if (this.reads.has(path)) return this.reads.get(path);
    let text: string | undefined;
    try {
      text = this.host.readFile(path);
    } catch {
      text = undefined;
    }
    this.reads.set(path, text);
    return text;
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
    const path = this.host.join(this.host.dirname(from.path), name);
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
      const path = this.host.join(this.dirs[i - 1], name);
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
