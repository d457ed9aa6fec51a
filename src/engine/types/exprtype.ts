// The static type of an expression without evaluating it: what sizeof(expr) and typeof(expr) need.

import type * as A from '../parse/ast';
import { asInt, CType, findField, pointee, ptrTo, strip, T } from './ctype';
import { literalType, promote, usualArith } from './conversions';
import type { Typer } from './typer';
import { disambiguate } from './ambiguity';

export function exprType(e0: A.Expr, ty: Typer): CType {
  const e = disambiguate(e0, ty);
  switch (e.kind) {
    case 'int':
      return literalType(e.value, e.suffix, e.decimal);
    case 'char':
      return T.int;
    case 'float':
      return T.double;
    case 'string':
      return { k: 'array', of: T.char, len: e.value.length + 1 };
    case 'ident': {
      const s = ty.scope.lookup(e.name);
      if (!s) return T.int;
      return s.type;
    }
    case 'binary': {
      const l = exprType(e.left, ty);
      const r = exprType(e.right, ty);
      if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(e.op)) return T.int;
      if (e.op === '<<' || e.op === '>>') return promote(l);
      const lp = decay(l);
      const rp = decay(r);
      if (e.op === '-' && strip(lp).k === 'ptr' && strip(rp).k === 'ptr') return T.long;
      if (strip(lp).k === 'ptr') return lp;
      if (strip(rp).k === 'ptr') return rp;
      return usualArith(l, r);
    }
    case 'assign':
      return exprType(e.left, ty);
    case 'unary': {
      const a = exprType(e.arg, ty);
      switch (e.op) {
        case '*':
          return pointee(a) ?? T.int;
        case '&':
          return ptrTo(a);
        case '!':
          return T.int;
        default:
          return asInt(a) ? promote(a) : a;
      }
    }
    case 'update':
      return exprType(e.arg, ty);
    case 'cond': {
      const a = decay(exprType(e.then ?? e.cond, ty));
      const b = decay(exprType(e.else, ty));
      if (asInt(a) && asInt(b)) return usualArith(a, b);
      return strip(a).k === 'ptr' ? a : b;
    }
    case 'comma':
      return exprType(e.right, ty);
    case 'call': {
      const cast = typedefCast(e, ty);
      if (cast) return cast;
      const builtin = e.callee.kind === 'ident' ? BUILTIN_RESULT[e.callee.name] : undefined;
      if (builtin) return builtin;
      const f = strip(exprType(e.callee, ty));
      const fn = f.k === 'ptr' ? strip(f.to) : f;
      if (fn.k === 'func') return fn.ret;
      return T.int;
    }
    case 'member': {
      let o = strip(exprType(e.object, ty));
      if (e.arrow) o = strip(pointee(o) ?? T.int);
      if (o.k !== 'record') return T.int;
      const f = findField(o.rec, e.field)?.field;
      if (!f) return T.int;
      return f.bitWidth === undefined ? f.type : bitfieldValueType(f.type, f.bitWidth);
    }
    case 'index': {
      const o = exprType(e.object, ty);
      return pointee(o) ?? pointee(exprType(e.index, ty)) ?? T.int;
    }
    case 'cast':
    case 'compound-literal':
      return ty.typeNameType(e.type);
    case 'sizeof':
    case 'alignof':
    case 'offsetof':
      return T.ulong;
    case 'stmt-expr': {
      const last = e.body.items[e.body.items.length - 1];
      if (last && 'kind' in last && last.kind === 'expr' && last.expr) return exprType(last.expr, ty);
      return T.void;
    }
    case 'asm':
      return T.void;
  }
}

/** Arrays decay to pointers to their first element, functions to function pointers. */
export function decay(t: CType): CType {
  const s = strip(t);
  if (s.k === 'array') return ptrTo(s.of);
  if (s.k === 'func') return ptrTo(t);
  return t;
}

/** `(T)(x)` parsed as a call through a parenthesised typedef name: the cast's type. */
export function typedefCast(e: Extract<A.Expr, { kind: 'call' }>, ty: Typer): CType | undefined {
  if (e.callee.kind !== 'ident' || e.args.length !== 1) return undefined;
  const s = ty.scope.lookup(e.callee.name);
  return s?.kind === 'typedef' ? { k: 'typedef', name: s.name, to: s.type } : undefined;
}

/** Result types of the builtins whose value is used in expressions. */
const BUILTIN_RESULT: Record<string, CType> = {
  __builtin_bswap16: T.ushort,
  __builtin_bswap32: T.uint,
  __builtin_bswap64: T.ulong,
  __builtin_expect: T.long,
  __builtin_constant_p: T.int,
};

/**
 * The type a bit-field's value has in expressions: one narrower than int promotes as int does (C11 6.3.1.1p2),
 * an unsigned one of exactly int's width as unsigned int; wider ones keep their declared type.
 */
export function bitfieldValueType(declared: CType, width: number): CType {
  const i = asInt(declared);
  if (!i || i.bool || i.size > 4) return declared;
  if (width < 32) return T.int;
  return i.signed ? T.int : T.uint;
}
