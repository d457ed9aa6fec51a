// Expression forms that need statement or declaration machinery: compound literals, statement expressions and
// string literals (which become read-only globals).

import type * as A from '../parse/ast';
import { CType, isAggregate, strip, T } from '../types/ctype';
import { imm, r } from './builder';
import { FnContext, LVal, Val } from './context';
import { rvalue } from './lower-expr';
import { initLocalMemory } from './lower-decl';
import { lowerBlockItems } from './lower-stmt';

export function lowerCompoundLiteral(cx: FnContext, e: Extract<A.Expr, { kind: 'compound-literal' }>): LVal {
  let t = cx.m.typer.typeNameType(e.type);
  const s = strip(t);
  if (s.k === 'array' && s.len === undefined) t = { ...s, len: e.init.items.length };
  const slot = cx.b.slot(`(compound literal)`, t, cx.m.toRange(e.span));
  const d = cx.b.reg({ k: 'ptr', to: t });
  cx.b.emit({ op: 'addr', dst: d, base: { k: 'stack', slot } });
  initLocalMemory(cx, r(d), t, e.init);
  return { k: 'mem', ptr: r(d), off: 0, t };
}

/** `({ stmts; expr; })`: the value is the last expression statement's. */
export function lowerStmtExpr(cx: FnContext, e: Extract<A.Expr, { kind: 'stmt-expr' }>): Val {
  const ty = cx.m.typer;
  ty.push();
  const mark = cx.b.scopeMark();
  const items = e.body.items;
  const last = items[items.length - 1];
  const hasValue = last !== undefined && last.kind === 'expr' && last.expr !== undefined;
  lowerBlockItems(cx, hasValue ? items.slice(0, -1) : items);
  let out: Val = { v: imm(0), t: T.void };
  if (hasValue && last.kind === 'expr' && last.expr) {
    const v = rvalue(cx, last.expr);
    // Copy into a fresh register so the value outlives the scope's variables.
    if (!isAggregate(v.t) && strip(v.t).k !== 'void') {
      const d = cx.b.reg(v.t);
      cx.b.emit({ op: 'mov', dst: d, src: v.v });
      out = { v: r(d), t: v.t };
    } else out = v;
  }
  cx.b.scopeRelease(mark);
  ty.pop();
  return out;
}

/** A string literal as a .rodata global; identical strings share one. */
export function stringGlobal(cx: FnContext, e: Extract<A.Expr, { kind: 'string' }>): string {
  const m = cx.m;
  const bytes = new Uint8Array(e.value.length + 1);
  for (let i = 0; i < e.value.length; i++) bytes[i] = e.value.charCodeAt(i) & 0xff;
  const existing = m.globals.find(g => g.section === '.rodata.str' && sameBytes(g.init, bytes));
  if (existing) return existing.name;
  const name = `.str.${m.stringCount++}`;
  const type: CType = { k: 'array', of: { ...T.char, const: true }, len: bytes.length };
  m.globals.push({ name, type, section: '.rodata.str', size: bytes.length, init: bytes, readonly: true, range: m.toRange(e.span) });
  m.globalNames.add(name);
  return name;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
