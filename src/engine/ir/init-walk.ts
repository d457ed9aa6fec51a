// Walks an initializer against its type and reports each scalar leaf with its byte offset (and bit position for
// bitfields), following C's rules for designators, brace elision and strings initialising char arrays.

import type * as A from '../parse/ast';
import { CType, Field, sizeOf, strip, sameType } from '../types/ctype';
import type { Typer } from '../types/typer';

export type InitLeaf =
  | { k: 'scalar'; off: number; type: CType; expr: A.Expr; bit?: { offset: number; width: number } }
  | { k: 'string'; off: number; type: CType; value: string; size: number }
  /** A whole aggregate initialised from another aggregate value (`struct s a = b;`). */
  | { k: 'copy'; off: number; type: CType; expr: A.Expr };

type Item = { designators: A.Designator[]; value: A.Initializer };

export function walkInit(ty: Typer, type: CType, init: A.Initializer, off: number, out: InitLeaf[]): void {
  const s = strip(type);
  if (init.kind !== 'init-list') {
    if (s.k === 'array' && init.kind === 'string' && isCharLike(s.of)) {
      out.push({ k: 'string', off, type, value: init.value, size: sizeOf(type) ?? init.value.length + 1 });
      return;
    }
    if (s.k === 'record' || s.k === 'array') {
      out.push({ k: 'copy', off, type, expr: init });
      return;
    }
    out.push({ k: 'scalar', off, type, expr: init });
    return;
  }
  if (s.k !== 'record' && s.k !== 'array') {
    // Braces around a scalar: `int x = { 1 };`
    const first = init.items[0];
    if (first) walkInit(ty, type, first.value, off, out);
    return;
  }
  const cursor = { i: 0 };
  fillAggregate(ty, type, init.items, cursor, off, out, true);
}

function isCharLike(t: CType): boolean {
  const s = strip(t);
  return s.k === 'int' && s.size === 1;
}

/** Members of a record in initialisation order, anonymous members kept as units. */
function members(t: CType): Field[] {
  const s = strip(t);
  if (s.k !== 'record' || !s.rec.fields) return [];
  // Unnamed bitfields (padding) take no initialiser.
  return s.rec.fields.filter(f => f.name !== undefined || strip(f.type).k === 'record');
}

/**
 * Consumes items for one aggregate. With `braced`, it owns all remaining items of the list; without (brace
 * elision), it stops once each member has had one item.
 */
function fillAggregate(ty: Typer, t: CType, items: readonly Item[], cur: { i: number }, off: number, out: InitLeaf[], braced: boolean): void {
  const s = strip(t);
  if (s.k === 'array') {
    const es = sizeOf(s.of) ?? 1;
    let index = 0;
    while (cur.i < items.length) {
      const it = items[cur.i];
      if (it.designators.length > 0) {
        if (!braced) return;
        const d = it.designators[0];
        if (d.kind !== 'index') return;
        const lo = Number(ty.constValue(d.index)?.value ?? 0n);
        const hi = d.last ? Number(ty.constValue(d.last)?.value ?? BigInt(lo)) : lo;
        for (let k = lo; k <= hi; k++) designated(ty, s.of, it, 1, off + k * es, out);
        cur.i++;
        index = hi + 1;
        continue;
      }
      if (s.len !== undefined && index >= s.len) return;
      element(ty, s.of, items, cur, off + index * es, out);
      index++;
    }
    return;
  }
  if (s.k !== 'record') return;
  const fields = members(t);
  const union = s.rec.kind === 'union';
  let fi = 0;
  while (cur.i < items.length) {
    const it = items[cur.i];
    if (it.designators.length > 0) {
      if (!braced) return;
      const d = it.designators[0];
      if (d.kind !== 'field') return;
      const path = fieldPath(t, d.name);
      if (!path) {
        ty.error(d.span, 'TYPE_NO_MEMBER', `no member named '${d.name}' to initialise`);
        cur.i++;
        continue;
      }
      const last = path[path.length - 1];
      const base = off + path.slice(0, -1).reduce((a, f) => a + f.offset, 0);
      designated(ty, last.type, it, 1, base + last.offset, out, last);
      cur.i++;
      fi = fields.indexOf(path[0]) + 1;
      if (union) return;
      continue;
    }
    if (fi >= fields.length || (union && fi > 0)) return;
    const f = fields[fi++];
    element(ty, f.type, items, cur, off + f.offset, out, f);
  }
}

/** One element (array element or member) from the item list, entering sub-aggregates by brace elision. */
function element(ty: Typer, t: CType, items: readonly Item[], cur: { i: number }, off: number, out: InitLeaf[], f?: Field): void {
  const it = items[cur.i];
  const s = strip(t);
  const aggregate = s.k === 'record' || s.k === 'array';
  if (aggregate && it.value.kind !== 'init-list' && !wholeValue(ty, t, it.value)) {
    fillAggregate(ty, t, items, cur, off, out, false);
    return;
  }
  leafOrList(ty, t, it.value, off, out, f);
  cur.i++;
}

function designated(ty: Typer, t: CType, it: Item, from: number, off: number, out: InitLeaf[], f?: Field): void {
  if (from < it.designators.length) {
    // Nested designator `.a.b = …` or `[1].x = …`: descend with a synthetic one-item list.
    const rest: Item = { designators: it.designators.slice(from), value: it.value };
    fillAggregate(ty, t, [rest], { i: 0 }, off, out, true);
    return;
  }
  leafOrList(ty, t, it.value, off, out, f);
}

function leafOrList(ty: Typer, t: CType, value: A.Initializer, off: number, out: InitLeaf[], f?: Field): void {
  if (f?.bitWidth !== undefined && f.bitOffset !== undefined && value.kind !== 'init-list') {
    // `off` is the record's start plus the field's byte offset; the bit position is absolute from the object start.
    const bitAbs = (off - f.offset) * 8 + f.bitOffset;
    out.push({ k: 'scalar', off: Math.floor(bitAbs / 8), type: t, expr: value, bit: { offset: bitAbs, width: f.bitWidth } });
    return;
  }
  walkInit(ty, t, value, off, out);
}

/** Does this expression initialise the whole aggregate (a string for a char array, or a value of the same type)? */
function wholeValue(ty: Typer, t: CType, e: A.Expr): boolean {
  const s = strip(t);
  if (s.k === 'array' && e.kind === 'string') return true;
  return sameType(ty.typeOfExpr(e), t);
}

/** The chain of fields leading to a member name, looking through anonymous members. */
function fieldPath(t: CType, name: string): Field[] | undefined {
  const s = strip(t);
  if (s.k !== 'record' || !s.rec.fields) return undefined;
  for (const f of s.rec.fields) {
    if (f.name === name) return [f];
    if (f.name === undefined) {
      const sub = fieldPath(f.type, name);
      if (sub) return [f, ...sub];
    }
  }
  return undefined;
}
