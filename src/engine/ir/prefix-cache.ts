// Lowering reuse across runs on the editor's keystroke path. A translation unit starts with the declarations of
// its built-in headers; while the preprocessed text of that prefix is unchanged, so is everything lowering derives
// from it (scopes, globals, helpers, maps), which is saved once and restored instead of re-typing some 2,000
// header lines on every keystroke. A second state is saved just before the first item the last edit changed:
// the next keystroke usually lands in the same function, and everything before it (functions included, as the
// same objects) is restored. That one also needs the source behind the prefix unchanged (the main file up to the
// prefix's end, every other file whole): a comment that changes length leaves the preprocessed text as it was but
// moves the ranges.

import type { Diagnostic } from '../diagnostics';
import type * as A from '../parse/ast';
import type { EnumType, RecordType } from '../types/ctype';
import type { TyperState } from '../types/typer';
import type { VarHome } from './context';
import type { GlobalInfo, IrFunction, MapInfo, ProgramInfo } from './ir';

export interface PrefixState<D> {
  /** The preprocessed text the prefix items were read from (up to `end`). */
  text: string;
  count: number;
  /** Output offset where the prefix ends: loop hints before it belonged to prefix items. */
  end: number;
  typer: TyperState;
  globals: GlobalInfo[];
  globalNames: Set<string>;
  functions: IrFunction[];
  helpers: Map<string, number>;
  homes: Map<number, VarHome>;
  stringCount: number;
  reported: Set<string>;
  diagnostics: Diagnostic[];
  maps: MapInfo[];
  programs: ProgramInfo[];
  license?: string;
  deferred: Map<string, D>;
  /** Records and enums still incomplete after the prefix: if later code completes one, the state is stale. */
  incomplete: Array<RecordType | EnumType>;
  /** For a state inside the main file: the main file's text up to the prefix's end, and every other file. */
  source?: { main: string; others: Array<{ path: string; text: string }> };
}

/** What lowering keeps per file: the two saved states and the last run's items (to find where an edit starts). */
interface FileStates {
  builtin?: PrefixState<unknown>;
  edit?: PrefixState<unknown>;
  items?: readonly A.TopLevel[];
}

const MAX_FILES = 8;
const cache = new Map<string, FileStates>();

function statesOf(key: string): FileStates {
  let f = cache.get(key);
  if (!f) {
    f = {};
    cache.set(key, f);
    while (cache.size > MAX_FILES) cache.delete(cache.keys().next().value as string);
  }
  return f;
}

/**
 * The first item that is not the very object of the last run's list (unchanged items come back shared from the
 * parser's item cache), after the built-in prefix; undefined on a first run.
 */
export function firstChanged(key: string, items: readonly A.TopLevel[], from: number): number | undefined {
  const prev = cache.get(key)?.items;
  if (!prev) return undefined;
  let i = from;
  while (i < items.length && i < prev.length && items[i] === prev[i]) i++;
  return i;
}

export function rememberItems(key: string, items: readonly A.TopLevel[]): void {
  statesOf(key).items = items;
}

/** The state saved before the last edit's first changed item, if it still applies (see the file comment). */
export function lookupEdit<D>(key: string, items: readonly A.TopLevel[], text: string, main: { path: string; text: string }, files: ReadonlyArray<{ path: string; text: string }>, sourceEnd: (count: number) => number | undefined): PrefixState<D> | undefined {
  const s = cache.get(key)?.edit as PrefixState<D> | undefined;
  if (!s || !s.source || s.count > items.length) return undefined;
  if (!valid(s, items, s.count, text)) return undefined;
  const end = sourceEnd(s.count);
  if (end === undefined || main.text.slice(0, end) !== s.source.main) return undefined;
  const others = files.filter(f => f.path !== main.path);
  if (others.length !== s.source.others.length || others.some((f, i) => f.path !== s.source!.others[i].path || f.text !== s.source!.others[i].text)) return undefined;
  return s;
}

export function storeEdit<D>(key: string, s: PrefixState<D>): void {
  statesOf(key).edit = s as PrefixState<unknown>;
}

/** Length of the leading run of items that come from built-in headers. */
export function builtinPrefixLength(items: readonly A.TopLevel[], isBuiltin: (item: A.TopLevel) => boolean): number {
  let k = 0;
  while (k < items.length && isBuiltin(items[k])) k++;
  return k;
}

export function lookupPrefix<D>(key: string, items: readonly A.TopLevel[], k: number, text: string): PrefixState<D> | undefined {
  const s = cache.get(key)?.builtin as PrefixState<D> | undefined;
  if (!s || k === 0 || s.count !== k) return undefined;
  return valid(s, items, k, text) ? s : undefined;
}

export function storePrefix<D>(key: string, s: PrefixState<D>): void {
  statesOf(key).builtin = s as PrefixState<unknown>;
}

function valid(s: PrefixState<unknown>, items: readonly A.TopLevel[], k: number, text: string): boolean {
  if (k === 0 || items[k - 1].span.end !== s.end) return false;
  // Same text, same offsets: the parser reads the same items from it.
  if (text.length < s.end || text.slice(0, s.end) !== s.text) return false;
  // A type the prefix left incomplete was completed since (the objects are shared): the state no longer holds.
  return !s.incomplete.some(t => ('kind' in t ? t.fields !== undefined : t.complete));
}
