// Lowering reuse across runs on the editor's keystroke path. A translation unit starts with the declarations of
// its built-in headers; while the preprocessed text of that prefix is unchanged, so is everything lowering derives
// from it (scopes, globals, helpers, maps), which is saved once and restored instead of re-typing some 2,000
// header lines on every keystroke.

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
}

const MAX_FILES = 8;
const cache = new Map<string, PrefixState<unknown>>();

/** Length of the leading run of items that come from built-in headers. */
export function builtinPrefixLength(items: readonly A.TopLevel[], isBuiltin: (item: A.TopLevel) => boolean): number {
  let k = 0;
  while (k < items.length && isBuiltin(items[k])) k++;
  return k;
}

export function lookupPrefix<D>(key: string, items: readonly A.TopLevel[], k: number, text: string): PrefixState<D> | undefined {
  const s = cache.get(key) as PrefixState<D> | undefined;
  if (!s || k === 0 || s.count !== k || items[k - 1].span.end !== s.end) return undefined;
  // Same text, same offsets: the parser reads the same items from it.
  if (text.length < s.end || text.slice(0, s.end) !== s.text) return undefined;
  if (s.incomplete.some(t => ('kind' in t ? t.fields !== undefined : t.complete))) {
    cache.delete(key);
    return undefined;
  }
  return s;
}

export function storePrefix<D>(key: string, s: PrefixState<D>): void {
  cache.delete(key);
  cache.set(key, s as PrefixState<unknown>);
  while (cache.size > MAX_FILES) cache.delete(cache.keys().next().value as string);
}
