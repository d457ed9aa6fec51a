// Reading the GNU attributes BPF code relies on.

import type { Attribute } from '../parse/ast';

export function findAttr(attrs: readonly Attribute[], name: string): Attribute | undefined {
  return attrs.find(a => a.name === name);
}

export function hasAttr(attrs: readonly Attribute[], name: string): boolean {
  return attrs.some(a => a.name === name);
}

/** The string of `section("…")`, if present. */
export function sectionOf(attrs: readonly Attribute[]): string | undefined {
  const a = findAttr(attrs, 'section');
  const arg = a?.args[0];
  return arg && arg.kind === 'string' ? arg.value : undefined;
}

/** Normalise `__packed__` → `packed`. */
export function attrName(raw: string): string {
  return raw.replace(/^__(.*)__$/, '$1');
}
