// Integer constant expressions (array sizes, enum values, bit widths, case labels, static asserts, global
// initialisers), evaluated with the exact C type rules so `(__u16)~0` or `1U << 31` come out as clang's do.

import type * as A from '../parse/ast';
import { asInt, findField, IntType, sizeOf, strip, T, CType, typeName } from './ctype';
import { literalType, promote, usualArith, wrapInt } from './conversions';
import type { Typer } from './typer';
import { typedefCast } from './exprtype';
import { disambiguate } from './ambiguity';

export interface ConstValue {
  value: bigint;
  type: IntType;
}

const cv = (value: bigint, type: IntType): ConstValue => ({ value: wrapInt(value, type), type });

export function evalConst(e0: A.Expr, ty: Typer): ConstValue | undefined {
  const e = disambiguate(e0, ty);
  switch (e.kind) {
    case 'int':
      return cv(e.value, literalType(e.value, e.suffix, e.decimal));
    case 'char':
      return cv(BigInt(e.value), T.int);
    case 'ident': {
      const s = ty.scope.lookup(e.name);
      if (s?.kind === 'var' && s.constValue !== undefined) return cv(s.constValue, asInt(s.type) ?? T.int);
      if (s?.kind !== 'enumconst') return undefined;
      return cv(s.value, asInt(s.type) ?? T.int);
    }
    case 'sizeof': {
      const t = e.type ? typeofOperand(e.type, e.expr, ty) : ty.typeOfExpr(e.expr!);
      const n = sizeOf(t);
      if (n === undefined) incomplete(ty, e.span, t, 'sizeof');
      return n === undefined ? undefined : cv(BigInt(n), T.ulong);
    }
    case 'alignof': {
      // A member of a packed record is aligned to 1 whatever its type.
      if (e.expr && inPackedRecord(e.expr, ty)) return cv(1n, T.ulong);
      const t = e.type ? typeofOperand(e.type, e.expr, ty) : ty.typeOfExpr(e.expr!);
      if (sizeOf(t) === undefined) {
        incomplete(ty, e.span, t, '_Alignof');
        return undefined;
      }
      return cv(BigInt(ty.alignOf(t)), T.ulong);
    }
    case 'offsetof': {
      const off = offsetOfPath(ty.typeNameType(e.type), e.path, ty);
      return off === undefined ? undefined : cv(BigInt(off), T.ulong);
    }
    case 'cast': {
      const target = asInt(ty.typeNameType(e.type));
      if (!target) return undefined;
      const addr = addressConstant(e.arg, ty);
      if (addr !== undefined) return cv(BigInt(addr), target);
      const v = evalConst(e.arg, ty);
      return v && cv(v.value, target);
    }
    case 'unary':
      return unary(e.op, e.arg, ty);
    case 'binary':
      return binary(e.op, e.left, e.right, ty);
    case 'cond': {
      const c = evalConst(e.cond, ty);
      if (!c) return undefined;
      const a = e.then ? evalConst(e.then, ty) : c;
      const b = evalConst(e.else, ty);
      if (!a || !b) return undefined;
      const t = usualArith(a.type, b.type) as IntType;
      return cv(c.value !== 0n ? a.value : b.value, t);
    }
    case 'comma':
      return evalConst(e.right, ty);
    case 'call':
      return builtinCall(e, ty);
    default:
      return undefined;
  }
}

function inPackedRecord(e: A.Expr, ty: Typer): boolean {
  if (e.kind !== 'member') return false;
  let o = strip(ty.typeOfExpr(e.object));
  if (e.arrow && o.k === 'ptr') o = strip(o.to);
  return o.k === 'record' && o.rec.packed;
}

function incomplete(ty: Typer, span: A.Span, t: CType, op: string): void {
  const s = strip(t);
  if (s.k === 'record') {
    ty.error(span, 'IR_INCOMPLETE', `'${s.rec.kind} ${s.rec.name ?? ''}' is incomplete: its definition is not visible here`, 'include the header that defines it');
  } else if (s.k === 'func') {
    ty.error(span, 'IR_INCOMPLETE', `invalid application of '${op}' to a function type`);
  } else {
    ty.error(span, 'IR_INCOMPLETE', `invalid application of '${op}' to an incomplete type '${typeName(t)}'`);
  }
}

function typeofOperand(t: A.TypeName, expr: A.Expr | undefined, ty: Typer): CType {
  // `sizeof(x)`: x may be a variable (tree-sitter cannot tell), in which case the parser gave us both.
  if (expr && expr.kind === 'ident') {
    const sym = ty.scope.lookup(expr.name);
    if (sym && sym.kind !== 'typedef') return sym.type;
    if (!sym && expr.name !== '_Bool') {
      ty.error(expr.span, 'IR_UNDECLARED', `use of undeclared identifier '${expr.name}'`);
      return T.int;
    }
  }
  if (t.specs.type.kind === 'named' && t.declarator.kind === 'none' && !ty.scope.isTypedef(t.specs.type.name)) {
    const sym = ty.scope.lookup(t.specs.type.name);
    if (sym && sym.kind !== 'typedef') return sym.type;
  }
  return ty.typeNameType(t);
}

function unary(op: A.UnaryOp, arg: A.Expr, ty: Typer): ConstValue | undefined {
  const v = evalConst(arg, ty);
  if (!v) return undefined;
  const t = promote(v.type) as IntType;
  switch (op) {
    case '-':
      return cv(-v.value, t);
    case '+':
      return cv(v.value, t);
    case '~':
      return cv(~v.value, t);
    case '!':
      return cv(v.value === 0n ? 1n : 0n, T.int);
    default:
      return undefined;
  }
}

function binary(op: A.BinaryOp, l: A.Expr, r: A.Expr, ty: Typer): ConstValue | undefined {
  const a = evalConst(l, ty);
  if (!a) return undefined;
  if (op === '&&' && a.value === 0n) return cv(0n, T.int);
  if (op === '||' && a.value !== 0n) return cv(1n, T.int);
  const b = evalConst(r, ty);
  if (!b) return undefined;
  if (op === '<<' || op === '>>') {
    const t = promote(a.type) as IntType;
    const n = b.value;
    if (n < 0n || n >= BigInt(t.size * 8)) return undefined;
    return cv(op === '<<' ? a.value << n : a.value >> n, t);
  }
  const t = usualArith(a.type, b.type) as IntType;
  const x = wrapInt(a.value, t);
  const y = wrapInt(b.value, t);
  const bool = (c: boolean): ConstValue => cv(c ? 1n : 0n, T.int);
  switch (op) {
    case '+': return cv(x + y, t);
    case '-': return cv(x - y, t);
    case '*': return cv(x * y, t);
    case '/': return y === 0n ? undefined : cv(x / y, t);
    case '%': return y === 0n ? undefined : cv(x % y, t);
    case '&': return cv(x & y, t);
    case '|': return cv(x | y, t);
    case '^': return cv(x ^ y, t);
    case '==': return bool(x === y);
    case '!=': return bool(x !== y);
    case '<': return bool(x < y);
    case '<=': return bool(x <= y);
    case '>': return bool(x > y);
    case '>=': return bool(x >= y);
    case '&&': return bool(x !== 0n && y !== 0n);
    case '||': return bool(x !== 0n || y !== 0n);
  }
}

function builtinCall(e: Extract<A.Expr, { kind: 'call' }>, ty: Typer): ConstValue | undefined {
  if (e.callee.kind !== 'ident') return undefined;
  const castTo = typedefCast(e, ty);
  if (castTo) {
    const target = asInt(castTo);
    const v = evalConst(e.args[0], ty);
    return target && v ? cv(v.value, target) : undefined;
  }
  const name = e.callee.name;
  const arg = (i: number): ConstValue | undefined => (e.args[i] ? evalConst(e.args[i], ty) : undefined);
  switch (name) {
    case '__builtin_constant_p':
      return cv(e.args[0] && evalConst(e.args[0], ty) ? 1n : 0n, T.int);
    case '__builtin_expect':
      return arg(0);
    case '__builtin_bswap16': {
      const v = arg(0);
      return v && cv(bswap(v.value, 2), T.ushort);
    }
    case '__builtin_bswap32': {
      const v = arg(0);
      return v && cv(bswap(v.value, 4), T.uint);
    }
    case '__builtin_bswap64': {
      const v = arg(0);
      return v && cv(bswap(v.value, 8), T.ulong);
    }
    default:
      return undefined;
  }
}

export function bswap(v: bigint, bytes: number): bigint {
  let x = BigInt.asUintN(bytes * 8, v);
  let out = 0n;
  for (let i = 0; i < bytes; i++) {
    out = (out << 8n) | (x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Byte offset of a member path inside a type (offsetof). */
export function offsetOfPath(t: CType, path: readonly A.Designator[], ty: Typer): number | undefined {
  let cur = t;
  let off = 0;
  for (const d of path) {
    const s = strip(cur);
    if (d.kind === 'field') {
      if (s.k !== 'record') return undefined;
      const f = findField(s.rec, d.name);
      if (!f) {
        ty.error(d.span, 'TYPE_NO_MEMBER', `no member named '${d.name}' in '${s.rec.kind} ${s.rec.name ?? '<anonymous>'}'`);
        return undefined;
      }
      off += f.offset;
      cur = f.field.type;
    } else {
      if (s.k !== 'array') return undefined;
      const i = evalConst(d.index, ty);
      const es = sizeOf(s.of);
      if (!i || es === undefined) return undefined;
      off += Number(i.value) * es;
      cur = s.of;
    }
  }
  return off;
}

/** `&((T *)0)->a.b` — the classic hand-written offsetof — as a constant byte offset. */
function addressConstant(e: A.Expr, ty: Typer): number | undefined {
  if (e.kind !== 'unary' || e.op !== '&') return undefined;
  const path: A.Designator[] = [];
  let cur: A.Expr = e.arg;
  for (;;) {
    if (cur.kind === 'member') {
      path.unshift({ kind: 'field', name: cur.field, span: cur.span });
      if (cur.arrow) {
        const base = cur.object;
        if (base.kind !== 'cast') return undefined;
        const z = evalConst(base.arg, ty);
        if (!z || z.value !== 0n) return undefined;
        const pt = strip(ty.typeNameType(base.type));
        if (pt.k !== 'ptr') return undefined;
        return offsetOfPath(pt.to, path, ty);
      }
      cur = cur.object;
    } else if (cur.kind === 'index') {
      path.unshift({ kind: 'index', index: cur.index, span: cur.span });
      cur = cur.object;
    } else return undefined;
  }
}
