// Expressions → IR. rvalue() computes a value, lvalue() a location, cond() branches on a truth value without
// materialising it (so `if (p + 1 > end)` becomes one compare and one conditional branch, as clang emits).

import type * as A from '../parse/ast';
import { asInt, CType, findField, isAggregate, pointee, ptrTo, sizeOf, strip, T, typeName } from '../types/ctype';
import { promote, usualArith } from '../types/conversions';
import { decay } from '../types/exprtype';
import { disambiguate } from '../types/ambiguity';
import { imm, r } from './builder';
import { FnContext, intTy, irError, LVal, Val } from './context';
import type { BinFn, Block, CmpCC, Operand } from './ir';
import { lowerAsm } from './lower-asm';
import { lowerCall } from './lower-call';
import { lowerCompoundLiteral, lowerStmtExpr, stringGlobal } from './lower-hooks';
import { address, convert, load, store } from './lower-value';

const BIN: Partial<Record<A.BinaryOp, BinFn>> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod',
  '<<': 'shl', '>>': 'shr', '&': 'and', '|': 'or', '^': 'xor',
};
const CMP: Partial<Record<A.BinaryOp, CmpCC>> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

function at<T>(cx: FnContext, span: A.Span, f: () => T): T {
  const saved = cx.b.loc;
  cx.b.loc = cx.m.toRange(span);
  try {
    return f();
  } finally {
    cx.b.loc = saved;
  }
}

export function rvalue(cx: FnContext, e: A.Expr): Val {
  return at(cx, e.span, () => rvalueInner(cx, e));
}

/** Expression kinds worth trying as integer constant expressions first (as clang folds them). */
const FOLDABLE = new Set<A.Expr['kind']>(['unary', 'cast', 'cond', 'call']);

function rvalueInner(cx: FnContext, e0: A.Expr): Val {
  const ty = cx.m.typer;
  const e = disambiguate(e0, ty);
  if (FOLDABLE.has(e.kind)) {
    const c = ty.constValue(e);
    if (c) return { v: imm(c.value), t: c.type };
  }
  switch (e.kind) {
    case 'int':
    case 'char':
    case 'sizeof':
    case 'alignof': {
      const before = ty.errorCount;
      const c = ty.constValue(e);
      if (c) return { v: imm(c.value), t: c.type };
      if (ty.errorCount === before) irError(cx.m, e.span, 'IR_NOT_CONSTANT', 'cannot evaluate this size or constant');
      return { v: imm(0), t: T.ulong };
    }
    case 'offsetof': {
      const c = ty.constValue(e);
      if (c) return { v: imm(c.value), t: c.type };
      return offsetofAtRunTime(cx, e);
    }
    case 'float':
      irError(cx.m, e.span, 'IR_FLOAT', 'floating point is not available in BPF programs');
      return { v: imm(0), t: T.double };
    case 'string': {
      const name = stringGlobal(cx, e);
      const d = cx.b.reg(ptrTo(T.char));
      cx.b.emit({ op: 'addr', dst: d, base: { k: 'global', name } });
      return { v: r(d), t: { k: 'array', of: T.char, len: e.value.length + 1 } };
    }
    case 'ident': {
      const sym = ty.scope.lookup(e.name);
      if (sym?.kind === 'enumconst') return { v: imm(sym.value), t: sym.type };
      if (sym?.kind === 'var' && sym.constValue !== undefined) return { v: imm(sym.constValue), t: sym.type };
      if (sym?.kind === 'func') {
        const d = cx.b.reg(ptrTo(sym.type));
        cx.b.emit({ op: 'addr', dst: d, base: { k: 'func', name: sym.name } });
        return { v: r(d), t: sym.type };
      }
      return decayVal(cx, load(cx, lvalue(cx, e)));
    }
    case 'member':
    case 'index':
      return decayVal(cx, load(cx, lvalue(cx, e)));
    case 'unary':
      return unary(cx, e);
    case 'binary':
      return binary(cx, e);
    case 'assign':
      return assign(cx, e);
    case 'update':
      return update(cx, e);
    case 'cond':
      return conditional(cx, e);
    case 'comma':
      rvalue(cx, e.left);
      return rvalue(cx, e.right);
    case 'call':
      return lowerCall(cx, e);
    case 'cast': {
      const to = ty.typeNameType(e.type);
      const v = rvalue(cx, e.arg);
      return convert(cx, v, to);
    }
    case 'compound-literal':
      return decayVal(cx, load(cx, lowerCompoundLiteral(cx, e)));
    case 'stmt-expr':
      return lowerStmtExpr(cx, e);
    case 'asm':
      if (!lowerAsm(cx, e)) cx.b.emit({ op: 'asm', text: e.text });
      return { v: imm(0), t: T.void };
  }
}

/** Arrays used as values become pointers to their first element (the value already is the address). */
function decayVal(_cx: FnContext, v: Val): Val {
  const s = strip(v.t);
  if (s.k === 'array') return { v: v.v, t: ptrTo(s.of) };
  if (s.k === 'func') return { v: v.v, t: ptrTo(v.t) };
  return v;
}

export function lvalue(cx: FnContext, e: A.Expr): LVal {
  return at(cx, e.span, () => lvalueInner(cx, e));
}

function lvalueInner(cx: FnContext, e: A.Expr): LVal {
  switch (e.kind) {
    case 'ident':
      return identLValue(cx, e);
    case 'unary':
      if (e.op === '*') {
        const p = rvalue(cx, e.arg);
        const to = pointee(p.t);
        if (!to) {
          irError(cx.m, e.span, 'IR_DEREF_NON_POINTER', `cannot dereference a value of type '${typeName(p.t)}'`);
          return { k: 'mem', ptr: p.v, off: 0, t: T.int };
        }
        return { k: 'mem', ptr: p.v, off: 0, t: to };
      }
      break;
    case 'member':
      return memberLValue(cx, e);
    case 'index':
      return indexLValue(cx, e);
    case 'compound-literal':
      return lowerCompoundLiteral(cx, e);
    case 'string': {
      const v = rvalue(cx, e);
      return { k: 'mem', ptr: v.v, off: 0, t: v.t };
    }
    case 'call':
    case 'stmt-expr':
    case 'assign':
    case 'comma':
    case 'cond': {
      // An aggregate rvalue used as an object (e.g. `f().x`): its value is its address.
      const v = rvalue(cx, e);
      if (isAggregate(v.t)) return { k: 'mem', ptr: v.v, off: 0, t: v.t };
      break;
    }
    case 'cast': {
      const v = rvalue(cx, e);
      if (isAggregate(v.t)) return { k: 'mem', ptr: v.v, off: 0, t: v.t };
      break;
    }
    default:
      break;
  }
  irError(cx.m, e.span, 'IR_NOT_LVALUE', 'expression is not assignable');
  const d = cx.b.reg(T.int);
  return { k: 'reg', reg: d, t: T.int };
}

function identLValue(cx: FnContext, e: Extract<A.Expr, { kind: 'ident' }>): LVal {
  const sym = cx.m.typer.scope.lookup(e.name);
  if (!sym || (sym.kind !== 'var' && sym.kind !== 'func')) {
    irError(cx.m, e.span, 'IR_UNDECLARED', `use of undeclared identifier '${e.name}'`);
    const d = cx.b.reg(T.int);
    return { k: 'reg', reg: d, t: T.int };
  }
  const home = cx.homes.get(sym.id) ?? cx.m.homes.get(sym.id);
  if (!home) {
    // A global or function declared but never given a home (extern): address it by name.
    const d = cx.b.reg(ptrTo(sym.type));
    cx.b.emit({ op: 'addr', dst: d, base: sym.kind === 'func' ? { k: 'func', name: sym.name } : { k: 'global', name: sym.name } });
    return { k: 'mem', ptr: r(d), off: 0, t: sym.type };
  }
  if (home.k === 'reg') return { k: 'reg', reg: home.reg, t: sym.type };
  const d = cx.b.reg(ptrTo(sym.type));
  if (home.k === 'slot') cx.b.emit({ op: 'addr', dst: d, base: { k: 'stack', slot: home.slot } });
  else cx.b.emit({ op: 'addr', dst: d, base: isMap(cx, home.name) ? { k: 'map', name: home.name } : { k: 'global', name: home.name } });
  return { k: 'mem', ptr: r(d), off: 0, t: sym.type };
}

function isMap(cx: FnContext, name: string): boolean {
  const g = cx.m.globals.find(x => x.name === name);
  return g !== undefined && (g.section === '.maps' || g.section === 'maps');
}

function memberLValue(cx: FnContext, e: Extract<A.Expr, { kind: 'member' }>): LVal {
  let base: { ptr: Operand; off: number; t: CType };
  if (e.arrow) {
    const p = rvalue(cx, e.object);
    const to = pointee(p.t);
    base = { ptr: p.v, off: 0, t: to ?? T.int };
  } else {
    const lv = lvalue(cx, e.object);
    if (lv.k !== 'mem') {
      // Structs never live in registers, so this is `.` on a scalar or a pointer (the classic `.` for `->`).
      const isPtr = strip(lv.t).k === 'ptr';
      irError(cx.m, e.span, 'IR_MEMBER_NOT_RECORD', `member reference '${e.field}' on type '${typeName(lv.t)}', which is not a struct or union`, isPtr ? `use '->' to reach a member through a pointer` : undefined);
      return { k: 'mem', ptr: imm(0), off: 0, t: T.int };
    }
    base = { ptr: lv.ptr, off: lv.off, t: lv.t };
  }
  const rec = strip(base.t);
  if (rec.k !== 'record') {
    irError(cx.m, e.span, 'IR_MEMBER_NOT_RECORD', `member reference '${e.field}' on type '${typeName(base.t)}', which is not a struct or union`);
    return { k: 'mem', ptr: base.ptr, off: base.off, t: T.int };
  }
  if (!rec.rec.fields) {
    irError(cx.m, e.span, 'IR_INCOMPLETE', `'${rec.rec.kind} ${rec.rec.name ?? ''}' is incomplete: its definition is not visible here`, 'include the header that defines it');
    return { k: 'mem', ptr: base.ptr, off: base.off, t: T.int };
  }
  const f = findField(rec.rec, e.field);
  if (!f) {
    irError(cx.m, e.span, 'IR_NO_MEMBER', `no member named '${e.field}' in '${typeName(base.t)}'`);
    return { k: 'mem', ptr: base.ptr, off: base.off, t: T.int };
  }
  if (f.bitOffset !== undefined && f.field.bitWidth !== undefined) {
    return bitsLValue(base.ptr, base.off, f.bitOffset, f.field.bitWidth, f.field.type);
  }
  return { k: 'mem', ptr: base.ptr, off: base.off + f.offset, t: f.field.type };
}

/**
 * A bitfield is accessed through the bytes it spans (as clang -O2 narrows the load), widened to a power of two
 * and kept inside the field's declared storage unit where that is possible.
 */
export function bitsLValue(ptr: Operand, off: number, bitOffset: number, width: number, t: CType): LVal {
  let start = Math.floor(bitOffset / 8);
  const end = Math.ceil((bitOffset + width) / 8);
  const span = end - start;
  const unit: 1 | 2 | 4 | 8 = span <= 1 ? 1 : span <= 2 ? 2 : span <= 4 ? 4 : 8;
  const declared = sizeOf(t) ?? unit;
  const unitEnd = (Math.floor(bitOffset / (declared * 8)) + 1) * declared;
  if (start + unit > unitEnd && end <= unitEnd) start = unitEnd - unit;
  return { k: 'bits', ptr, off: off + start, unit, shift: bitOffset - start * 8, width, t };
}

function indexLValue(cx: FnContext, e: Extract<A.Expr, { kind: 'index' }>): LVal {
  let objE = e.object;
  let idxE = e.index;
  // `i[arr]` is legal C.
  if (asInt(cx.m.typer.typeOfExpr(objE)) && !asInt(cx.m.typer.typeOfExpr(idxE))) [objE, idxE] = [idxE, objE];
  const objT = strip(cx.m.typer.typeOfExpr(objE));
  const idxConst = cx.m.typer.constValue(idxE);
  if (objT.k === 'array') {
    // Indexing an array object: keep its base and fold constant offsets, no pointer arithmetic needed.
    const lv = lvalue(cx, objE);
    if (lv.k === 'mem') {
      const es = sizeOf(objT.of) ?? 1;
      if (idxConst) return { k: 'mem', ptr: lv.ptr, off: lv.off + Number(idxConst.value) * es, t: objT.of };
      const basePtr = address(cx, lv);
      return { k: 'mem', ptr: scaledAdd(cx, basePtr, rvalue(cx, idxE), es, '+', objT.of), off: 0, t: objT.of };
    }
  }
  const p = rvalue(cx, objE);
  const el = pointee(p.t);
  if (!el) {
    irError(cx.m, e.span, 'IR_SUBSCRIPT', `subscripted value of type '${typeName(p.t)}' is not an array or pointer`);
    return { k: 'mem', ptr: p.v, off: 0, t: T.int };
  }
  const es = sizeOf(el) ?? 1;
  if (idxConst) return { k: 'mem', ptr: p.v, off: Number(idxConst.value) * es, t: el };
  return { k: 'mem', ptr: scaledAdd(cx, p.v, rvalue(cx, idxE), es, '+', el), off: 0, t: el };
}

/** ptr ± index * scale, as a ptradd with a signed 64-bit byte offset. */
function scaledAdd(cx: FnContext, ptr: Operand, idx: Val, scale: number, sign: '+' | '-', el: CType): Operand {
  const b = cx.b;
  const i64 = convert(cx, idx, T.long);
  let off: Operand = i64.v;
  if ('imm' in off) off = imm(BigInt.asIntN(64, off.imm * BigInt(scale) * (sign === '-' ? -1n : 1n)));
  else {
    if (scale !== 1) {
      const m = b.reg(T.long);
      b.emit({ op: 'bin', fn: 'mul', ty: { bits: 64, signed: true }, dst: m, a: off, b: imm(scale) });
      off = r(m);
    }
    if (sign === '-') {
      const n = b.reg(T.long);
      b.emit({ op: 'neg', ty: { bits: 64, signed: true }, dst: n, a: off });
      off = r(n);
    }
  }
  const d = b.reg(ptrTo(el));
  b.emit({ op: 'ptradd', dst: d, base: ptr, off });
  return r(d);
}

/** Expression forms that can designate an object (the rest are values without an address). */
const LVALUE_KINDS = new Set<A.Expr['kind']>(['ident', 'member', 'index', 'unary', 'compound-literal', 'string']);

/** `offsetof(struct s, arr[i])` with a run-time index: the constant part plus index times element size. */
function offsetofAtRunTime(cx: FnContext, e: Extract<A.Expr, { kind: 'offsetof' }>): Val {
  const ty = cx.m.typer;
  let cur = ty.typeNameType(e.type);
  let constant = 0;
  let dynamic: Operand | undefined;
  for (const d of e.path) {
    const s = strip(cur);
    if (d.kind === 'field') {
      const f = s.k === 'record' ? findField(s.rec, d.name) : undefined;
      if (!f) {
        // Same code and wording as the constant evaluator, which may have reported it already (then deduplicated).
        const what = s.k === 'record' ? `${s.rec.kind} ${s.rec.name ?? '<anonymous>'}` : typeName(cur);
        ty.error(d.span, 'TYPE_NO_MEMBER', `no member named '${d.name}' in '${what}'`);
        return { v: imm(0), t: T.ulong };
      }
      constant += f.offset;
      cur = f.field.type;
      continue;
    }
    if (s.k !== 'array') {
      irError(cx.m, d.span, 'IR_SUBSCRIPT', `subscripted value of type '${typeName(cur)}' is not an array`);
      return { v: imm(0), t: T.ulong };
    }
    const es = sizeOf(s.of) ?? 1;
    const k = ty.constValue(d.index);
    if (k) constant += Number(k.value) * es;
    else {
      const idx = convert(cx, rvalue(cx, d.index), T.ulong);
      const m = cx.b.reg(T.ulong);
      cx.b.emit({ op: 'bin', fn: 'mul', ty: { bits: 64, signed: false }, dst: m, a: idx.v, b: imm(es) });
      if (dynamic) {
        const sum = cx.b.reg(T.ulong);
        cx.b.emit({ op: 'bin', fn: 'add', ty: { bits: 64, signed: false }, dst: sum, a: dynamic, b: r(m) });
        dynamic = r(sum);
      } else dynamic = r(m);
    }
    cur = s.of;
  }
  if (!dynamic) return { v: imm(constant), t: T.ulong };
  const out = cx.b.reg(T.ulong);
  cx.b.emit({ op: 'bin', fn: 'add', ty: { bits: 64, signed: false }, dst: out, a: dynamic, b: imm(constant) });
  return { v: r(out), t: T.ulong };
}

function unary(cx: FnContext, e: Extract<A.Expr, { kind: 'unary' }>): Val {
  const b = cx.b;
  switch (e.op) {
    case '&': {
      if (!LVALUE_KINDS.has(e.arg.kind)) {
        rvalue(cx, e.arg);
        irError(cx.m, e.span, 'IR_ADDRESS_OF_REGISTER', 'cannot take the address of an rvalue');
        return { v: imm(0), t: ptrTo(cx.m.typer.typeOfExpr(e.arg)) };
      }
      const lv = lvalue(cx, e.arg);
      if (lv.k === 'reg') {
        irError(cx.m, e.span, 'IR_ADDRESS_OF_REGISTER', 'cannot take the address of this value');
        return { v: imm(0), t: ptrTo(lv.t) };
      }
      if (lv.k === 'bits') {
        irError(cx.m, e.span, 'IR_ADDRESS_OF_BITFIELD', 'cannot take the address of a bit-field');
        return { v: imm(0), t: ptrTo(lv.t) };
      }
      return { v: address(cx, lv), t: ptrTo(lv.t) };
    }
    case '*':
      return decayVal(cx, load(cx, lvalue(cx, e)));
    case '!': {
      const v = rvalue(cx, e.arg);
      const d = b.reg(T.int);
      b.emit({ op: 'cmp', cc: 'eq', ty: intTy(v.t), dst: d, a: v.v, b: imm(0) });
      return { v: r(d), t: T.int };
    }
    case '+':
      return convert(cx, rvalue(cx, e.arg), promote(cx.m.typer.typeOfExpr(e.arg)));
    case '-':
    case '~': {
      const v = rvalue(cx, e.arg);
      const t = promote(v.t);
      const cv = convert(cx, v, t);
      if ('imm' in cv.v) {
        const x = e.op === '-' ? -cv.v.imm : ~cv.v.imm;
        const ty = intTy(t);
        return { v: imm(ty.signed ? BigInt.asIntN(ty.bits, x) : BigInt.asUintN(ty.bits, x)), t };
      }
      const d = b.reg(t);
      b.emit({ op: e.op === '-' ? 'neg' : 'not', ty: intTy(t), dst: d, a: cv.v });
      return { v: r(d), t };
    }
  }
}

function binary(cx: FnContext, e: Extract<A.Expr, { kind: 'binary' }>): Val {
  if (e.op === '&&' || e.op === '||') return materialise(cx, e);
  const c = cx.m.typer.constValue(e);
  if (c) return { v: imm(c.value), t: c.type };
  const a = rvalue(cx, e.left);
  const bv = rvalue(cx, e.right);
  return arith(cx, e.op, a, bv, e.span);
}

/** Arithmetic and comparison on two values, with C's pointer and integer rules. */
export function arith(cx: FnContext, op: A.BinaryOp, a: Val, bv: Val, span: A.Span): Val {
  const b = cx.b;
  const at = decay(a.t);
  const bt = decay(bv.t);
  const aPtr = strip(at).k === 'ptr';
  const bPtr = strip(bt).k === 'ptr';
  const cc = CMP[op];
  if (cc) {
    if (aPtr || bPtr) {
      const d = b.reg(T.int);
      b.emit({ op: 'cmp', cc, ty: { bits: 64, signed: false }, dst: d, a: a.v, b: bv.v });
      return { v: r(d), t: T.int };
    }
    const common = usualArith(a.t, bv.t);
    const x = convert(cx, a, common);
    const y = convert(cx, bv, common);
    const d = b.reg(T.int);
    b.emit({ op: 'cmp', cc, ty: intTy(common), dst: d, a: x.v, b: y.v });
    return { v: r(d), t: T.int };
  }
  if ((op === '+' || op === '-') && aPtr && !bPtr) {
    const el = pointee(at) ?? T.char;
    return { v: scaledAdd(cx, a.v, bv, sizeOf(el) ?? 1, op, el), t: at };
  }
  if (op === '+' && bPtr && !aPtr) {
    const el = pointee(bt) ?? T.char;
    return { v: scaledAdd(cx, bv.v, a, sizeOf(el) ?? 1, '+', el), t: bt };
  }
  if (op === '-' && aPtr && bPtr) {
    const diff = b.reg(T.long);
    b.emit({ op: 'bin', fn: 'sub', ty: { bits: 64, signed: true }, dst: diff, a: a.v, b: bv.v });
    const es = sizeOf(pointee(at) ?? T.char) ?? 1;
    if (es === 1) return { v: r(diff), t: T.long };
    const q = b.reg(T.long);
    b.emit({ op: 'bin', fn: 'div', ty: { bits: 64, signed: true }, dst: q, a: r(diff), b: imm(es) });
    return { v: r(q), t: T.long };
  }
  const fn = BIN[op];
  if (!fn || aPtr || bPtr) {
    irError(cx.m, span, 'IR_BAD_OPERANDS', `invalid operands to '${op}' ('${typeName(a.t)}' and '${typeName(bv.t)}')`);
    return { v: imm(0), t: T.int };
  }
  if (fn === 'shl' || fn === 'shr') {
    const t = promote(a.t);
    const x = convert(cx, a, t);
    const y = convert(cx, bv, promote(bv.t));
    const d = b.reg(t);
    b.emit({ op: 'bin', fn, ty: intTy(t), dst: d, a: x.v, b: y.v });
    return { v: r(d), t };
  }
  const common = usualArith(a.t, bv.t);
  const x = convert(cx, a, common);
  const y = convert(cx, bv, common);
  const d = b.reg(common);
  b.emit({ op: 'bin', fn, ty: intTy(common), dst: d, a: x.v, b: y.v });
  return { v: r(d), t: common };
}

/** A truth-valued expression (&&, ||, comparisons) as 0/1 in a register. */
function materialise(cx: FnContext, e: A.Expr): Val {
  const b = cx.b;
  const d = b.reg(T.int);
  const yes = b.newBlock('bool.true');
  const no = b.newBlock('bool.false');
  const join = b.newBlock('bool.end');
  cond(cx, e, yes, no);
  b.setBlock(yes);
  b.emit({ op: 'mov', dst: d, src: imm(1) });
  b.terminate({ op: 'br', to: join.id });
  b.setBlock(no);
  b.emit({ op: 'mov', dst: d, src: imm(0) });
  b.terminate({ op: 'br', to: join.id });
  b.setBlock(join);
  return { v: r(d), t: T.int };
}

/** Branches to t when e is true, f otherwise. */
export function cond(cx: FnContext, e: A.Expr, t: Block, f: Block): void {
  at(cx, e.span, () => condInner(cx, e, t, f));
}

function condInner(cx: FnContext, e0: A.Expr, t: Block, f: Block): void {
  const b = cx.b;
  const e = disambiguate(e0, cx.m.typer);
  if (e.kind === 'binary' && e.op === '&&') {
    const mid = b.newBlock('and.rhs');
    cond(cx, e.left, mid, f);
    b.setBlock(mid);
    cond(cx, e.right, t, f);
    return;
  }
  if (e.kind === 'binary' && e.op === '||') {
    const mid = b.newBlock('or.rhs');
    cond(cx, e.left, t, mid);
    b.setBlock(mid);
    cond(cx, e.right, t, f);
    return;
  }
  if (e.kind === 'unary' && e.op === '!') {
    cond(cx, e.arg, f, t);
    return;
  }
  if (e.kind === 'call' && e.callee.kind === 'ident' && e.callee.name === '__builtin_expect' && e.args[0]) {
    cond(cx, e.args[0], t, f);
    return;
  }
  const c = cx.m.typer.constValue(e);
  if (c) {
    b.terminate({ op: 'br', to: c.value !== 0n ? t.id : f.id });
    return;
  }
  const v = rvalue(cx, e);
  b.terminate({ op: 'cbr', cond: v.v, t: t.id, f: f.id });
}

function assign(cx: FnContext, e: Extract<A.Expr, { kind: 'assign' }>): Val {
  const lv = lvalue(cx, e.left);
  if (e.op === '=') {
    const v = rvalue(cx, e.right);
    const cv = isAggregate(lv.t) ? v : convert(cx, v, lv.t);
    store(cx, lv, cv);
    return cv;
  }
  const old = load(cx, lv);
  const rhs = rvalue(cx, e.right);
  const res = arith(cx, e.op.slice(0, -1) as A.BinaryOp, old, rhs, e.span);
  const cv = convert(cx, res, lv.t);
  store(cx, lv, cv);
  return cv;
}

function update(cx: FnContext, e: Extract<A.Expr, { kind: 'update' }>): Val {
  const lv = lvalue(cx, e.arg);
  let old = load(cx, lv);
  if (!e.prefix && lv.k === 'reg') {
    // The old value must survive the store into the same register.
    const copy = cx.b.reg(old.t);
    cx.b.emit({ op: 'mov', dst: copy, src: old.v });
    old = { v: r(copy), t: old.t };
  }
  const one: Val = { v: imm(1), t: T.int };
  const res = arith(cx, e.op === '++' ? '+' : '-', old, one, e.span);
  const cv = convert(cx, res, lv.t);
  store(cx, lv, cv);
  return e.prefix ? cv : old;
}

function conditional(cx: FnContext, e: Extract<A.Expr, { kind: 'cond' }>): Val {
  const b = cx.b;
  const t = cx.m.typer.typeOfExpr(e);
  const resT = isAggregate(t) ? t : decay(t);
  const known = cx.m.typer.constValue(e.cond);
  if (known && e.then) {
    // `__builtin_constant_p(x) ? a : b` and friends: only the chosen arm exists, as after clang's folding.
    const v = rvalue(cx, known.value !== 0n ? e.then : e.else);
    return strip(resT).k === 'void' || isAggregate(resT) ? v : convert(cx, v, resT);
  }
  const d = b.reg(resT);
  const yes = b.newBlock('cond.true');
  const no = b.newBlock('cond.false');
  const join = b.newBlock('cond.end');
  if (e.then) {
    cond(cx, e.cond, yes, no);
    b.setBlock(yes);
    const v = rvalue(cx, e.then);
    b.emit({ op: 'mov', dst: d, src: (strip(resT).k === 'void' || isAggregate(resT) ? v : convert(cx, v, resT)).v });
  } else {
    // GNU `a ?: b`: a is evaluated once.
    const c = rvalue(cx, e.cond);
    b.emit({ op: 'mov', dst: d, src: convert(cx, c, resT).v });
    b.terminate({ op: 'cbr', cond: c.v, t: yes.id, f: no.id });
    b.setBlock(yes);
  }
  b.terminate({ op: 'br', to: join.id });
  b.setBlock(no);
  const w = rvalue(cx, e.else);
  b.emit({ op: 'mov', dst: d, src: (strip(resT).k === 'void' || isAggregate(resT) ? w : convert(cx, w, resT)).v });
  b.terminate({ op: 'br', to: join.id });
  b.setBlock(join);
  return { v: r(d), t: resT };
}

