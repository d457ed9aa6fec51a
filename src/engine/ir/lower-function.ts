// One function definition → IrFunction. Parameters arrive in registers; those whose address is taken are
// copied to the stack on entry, as clang does.

import type * as A from '../parse/ast';
import { hasAttr } from '../types/attributes';
import { CType, isAggregate, strip, T } from '../types/ctype';
import { adjustParam } from '../types/typer';
import { FunctionBuilder, r } from './builder';
import { FnContext, irError, ModuleContext, VarHome } from './context';
import type { IrFunction } from './ir';
import { lowerBlockItems } from './lower-stmt';
import { accessSize } from './lower-value';

export function lowerFunction(m: ModuleContext, def: A.FunctionDef, name: string, type: CType): IrFunction {
  const ty = m.typer;
  const fnT = strip(type);
  const retType = fnT.k === 'func' ? fnT.ret : T.int;
  const b = new FunctionBuilder(m.toRange(def.span));
  const cx: FnContext = {
    m,
    b,
    name,
    retType,
    homes: new Map<number, VarHome>(),
    addressTaken: addressTakenNames(def.body),
    labels: new Map(),
    labelDefs: new Set(),
    gotos: new Map(),
    loops: [],
    switches: [],
  };
  ty.push();
  const params: number[] = [];
  const fd = functionDeclarator(def.declarator);
  const paramDecls = fd && !isVoidList(fd.params) ? fd.params : [];
  for (const p of paramDecls) {
    const d = ty.declare(p.declarator, ty.specsType(p.specs));
    const pt = adjustParam(d.type);
    const reg = b.reg(pt, d.name);
    params.push(reg);
    if (!d.name) continue;
    const sym = { kind: 'var' as const, name: d.name, type: pt, global: false, span: d.span, id: ty.id() };
    ty.scope.names.set(d.name, sym);
    if (cx.addressTaken.has(d.name) || isAggregate(pt)) {
      const slot = b.slot(d.name, pt, m.toRange(d.span));
      const addr = b.reg({ k: 'ptr', to: pt });
      b.emit({ op: 'addr', dst: addr, base: { k: 'stack', slot } });
      // The parameter's own width: a u32 parameter gets a 4-byte slot and a 4-byte store.
      b.emit({ op: 'store', ptr: r(addr), off: 0, size: accessSize(pt) ?? 8, src: r(reg) });
      cx.homes.set(sym.id, { k: 'slot', slot });
    } else {
      cx.homes.set(sym.id, { k: 'reg', reg });
    }
  }
  ty.push();
  lowerBlockItems(cx, def.body.items);
  ty.pop();
  ty.pop();
  b.loc = m.toRange({ start: def.body.span.end - 1, end: def.body.span.end });
  // Falling off the end returns nothing; the verifier reports a missing return value where it matters.
  b.terminate({ op: 'ret' });
  for (const [lname, span] of cx.gotos) {
    if (!cx.labelDefs.has(lname)) irError(m, span, 'IR_UNDECLARED_LABEL', `use of undeclared label '${lname}'`);
  }
  const attrs = [...def.attributes, ...def.specs.attributes];
  return b.finish({
    name,
    type,
    params,
    range: m.toRange(def.span),
    inline: hasAttr(attrs, 'always_inline') ? 'always' : hasAttr(attrs, 'noinline') ? 'never' : 'default',
    isStatic: def.specs.storage.includes('static'),
  });
}

export function functionDeclarator(d: A.Declarator): Extract<A.Declarator, { kind: 'function' }> | undefined {
  let cur: A.Declarator = d;
  let found: Extract<A.Declarator, { kind: 'function' }> | undefined;
  for (;;) {
    if (cur.kind === 'function') {
      found = cur;
      if (cur.inner.kind === 'ident') return cur;
    }
    if (cur.kind === 'ident' || cur.kind === 'none') return found;
    cur = cur.inner;
  }
}

function isVoidList(params: readonly A.ParamDecl[]): boolean {
  if (params.length !== 1) return false;
  const p = params[0];
  return p.declarator.kind === 'none' && p.specs.type.kind === 'builtin' && p.specs.type.words.length === 1 && p.specs.type.words[0] === 'void';
}

/** Per body: the AST is read-only and unchanged items are shared between parses, so the answer stays right. */
const addressTakenMemo = new WeakMap<A.CompoundStmt, ReadonlySet<string>>();

/** Names used as `&name` anywhere in a body; they need a stack home. */
export function addressTakenNames(body: A.CompoundStmt): ReadonlySet<string> {
  const hit = addressTakenMemo.get(body);
  if (hit !== undefined) return hit;
  const out = collectAddressTaken(body);
  addressTakenMemo.set(body, out);
  return out;
}

function collectAddressTaken(body: A.CompoundStmt): Set<string> {
  const out = new Set<string>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (!n || typeof n !== 'object') return;
    const o = n as { kind?: string; op?: string; arg?: { kind?: string; name?: string } };
    if (o.kind === 'unary' && o.op === '&' && o.arg?.kind === 'ident' && o.arg.name) out.add(o.arg.name);
    for (const k in o) {
      if (k === 'span') continue;
      const v = (o as Record<string, unknown>)[k];
      if (v && typeof v === 'object') visit(v);
    }
  };
  visit(body);
  return out;
}
