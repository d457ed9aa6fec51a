// Local declarations: registers for scalars whose address is never taken, stack slots for the rest, static
// locals as globals, and initialisers lowered to stores.

import type * as A from '../parse/ast';
import { CType, isAggregate, sizeOf, strip } from '../types/ctype';
import { imm, r } from './builder';
import { FnContext } from './context';
import { globalBytes, isZero } from './global-init';
import { walkInit } from './init-walk';
import type { Operand } from './ir';
import { bitsLValue, rvalue } from './lower-expr';
import { convert, store } from './lower-value';
import { sectionOf } from '../types/attributes';

export function lowerLocalDecl(cx: FnContext, d: A.Declaration): void {
  const ty = cx.m.typer;
  const base = ty.specsType(d.specs);
  const storage = d.specs.storage;
  for (const id of d.declarators) {
    const decl = ty.declare(id.declarator, base);
    if (!decl.name) continue;
    const span = decl.span;
    if (storage.includes('typedef')) {
      ty.declareTypedef(ty.scope, decl.name, decl.type, span, [...id.attributes, ...d.specs.attributes]);
      continue;
    }
    let type = completeArray(decl.type, id.init);
    if (strip(type).k === 'func') {
      ty.scope.names.set(decl.name, { kind: 'func', name: decl.name, type, span, id: ty.id(), defined: false });
      continue;
    }
    if (storage.includes('extern')) {
      ty.scope.names.set(decl.name, { kind: 'var', name: decl.name, type, global: true, span, id: ty.id() });
      continue;
    }
    const folded = ty.foldableConst(type, id.init);
    const sym = { kind: 'var' as const, name: decl.name, type, global: false, span, id: ty.id(), ...(folded !== undefined ? { constValue: folded } : {}) };
    if (storage.includes('static')) {
      staticLocal(cx, sym.id, decl.name, type, id, d);
      ty.scope.names.set(decl.name, sym);
      continue;
    }
    ty.scope.names.set(decl.name, sym);
    if (sizeOf(type) === undefined) {
      ty.error(span, 'TYPE_INCOMPLETE_VAR', `variable '${decl.name}' has an incomplete type`);
      type = { k: 'int', size: 4, signed: true, name: 'int' };
    }
    const saved = cx.b.loc;
    cx.b.loc = cx.m.toRange(id.span);
    if (isAggregate(type) || cx.addressTaken.has(decl.name)) {
      const slot = cx.b.slot(decl.name, type, cx.m.toRange(span));
      cx.homes.set(sym.id, { k: 'slot', slot });
      if (id.init) {
        const p = cx.b.reg({ k: 'ptr', to: type });
        cx.b.emit({ op: 'addr', dst: p, base: { k: 'stack', slot } });
        initLocalMemory(cx, r(p), type, id.init);
      }
    } else {
      const reg = cx.b.reg(type, decl.name);
      cx.homes.set(sym.id, { k: 'reg', reg });
      if (id.init) {
        const e = id.init.kind === 'init-list' ? id.init.items[0]?.value : id.init;
        const v = e && e.kind !== 'init-list' ? convert(cx, rvalue(cx, e), type) : { v: imm(0), t: type };
        cx.b.emit({ op: 'mov', dst: reg, src: v.v });
      }
    }
    cx.b.loc = saved;
  }
}

/** `int a[] = {1,2,3}` and `char s[] = "…"` take their length from the initialiser. */
export function completeArray(t: CType, init: A.Initializer | undefined): CType {
  const s = strip(t);
  if (s.k !== 'array' || s.len !== undefined || !init) return t;
  if (init.kind === 'string') return { ...s, len: init.value.length + 1 };
  if (init.kind === 'init-list') {
    let n = 0;
    let idx = 0;
    for (const it of init.items) {
      const d = it.designators[0];
      if (d && d.kind === 'index' && d.index.kind === 'int') idx = Number((d.last?.kind === 'int' ? d.last : d.index).value);
      idx++;
      n = Math.max(n, idx);
    }
    return { ...s, len: n };
  }
  return t;
}

function staticLocal(cx: FnContext, symId: number, name: string, type: CType, id: A.InitDeclarator, d: A.Declaration): void {
  const m = cx.m;
  // Two block-scope statics may share a name (every bpf_printk declares `____fmt`): number the later ones.
  let gname = `${cx.name}.${name}`;
  for (let n = 1; m.globalNames.has(gname); n++) gname = `${cx.name}.${name}.${n}`;
  const init = globalBytes(m.typer, type, id.init);
  const explicit = sectionOf([...id.attributes, ...d.specs.attributes]);
  const readonly = isConstObject(type);
  const section = explicit ?? (readonly ? '.rodata' : isZero(init) ? '.bss' : '.data');
  m.globals.push({ name: gname, type, section, size: sizeOf(type) ?? 0, init, readonly, range: m.toRange(id.span) });
  m.globalNames.add(gname);
  cx.homes.set(symId, { k: 'global', name: gname });
}

export function isConstObject(t: CType): boolean {
  let cur: CType = t;
  for (;;) {
    if (cur.const) return true;
    const s = strip(cur);
    if (s.const) return true;
    if (s.k === 'array') cur = s.of;
    else return false;
  }
}

/** Initialises memory at `ptr` from an initialiser: zero the object, then store each given element. */
export function initLocalMemory(cx: FnContext, ptr: Operand, type: CType, init: A.Initializer): void {
  const size = sizeOf(type) ?? 0;
  const leaves: Parameters<typeof walkInit>[4] = [];
  walkInit(cx.m.typer, type, init, 0, leaves);
  if (isAggregate(type) && !(leaves.length === 1 && leaves[0].k === 'copy')) {
    cx.b.emit({ op: 'memset', dst: ptr, value: imm(0), size });
  }
  for (const leaf of leaves) {
    if (leaf.k === 'string') {
      for (let i = 0; i < leaf.size; i++) {
        const c = i < leaf.value.length ? leaf.value.charCodeAt(i) & 0xff : 0;
        if (c !== 0) cx.b.emit({ op: 'store', ptr, off: leaf.off + i, size: 1, src: imm(c) });
      }
      continue;
    }
    if (leaf.k === 'copy') {
      const v = rvalue(cx, leaf.expr);
      cx.b.emit({ op: 'memcpy', dst: offsetPtr(cx, ptr, leaf.off, leaf.type), src: v.v, size: sizeOf(leaf.type) ?? 0 });
      continue;
    }
    const v = convert(cx, rvalue(cx, leaf.expr), leaf.type);
    if (leaf.bit) {
      store(cx, bitsLValue(ptr, 0, leaf.bit.offset, leaf.bit.width, leaf.type), v);
      continue;
    }
    store(cx, { k: 'mem', ptr, off: leaf.off, t: leaf.type }, v);
  }
}

function offsetPtr(cx: FnContext, ptr: Operand, off: number, t: CType): Operand {
  if (off === 0) return ptr;
  const d = cx.b.reg({ k: 'ptr', to: t });
  cx.b.emit({ op: 'ptradd', dst: d, base: ptr, off: imm(off) });
  return r(d);
}
