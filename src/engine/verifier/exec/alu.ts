// Register-to-register instructions: copies, integer arithmetic in the width the instruction names, conversions,
// comparisons, byte swaps, pointer arithmetic and taking addresses.

import type { BinFn, Inst, IntTy } from '../../ir/ir';
import * as ptrArith from '../checks/pointer-arith';
import { makeDiagnostic } from '../checks/types';
import { decide } from '../domain/compare';
import * as S from '../domain/scalar';
import { asScalar, isNonNullPointer, isPointer, type Pointer, type Value, ZERO } from '../domain/value';
import { callChain, type Exec, type Outcome } from './env';
import { linkCopy, operand, setReg } from './operands';
import { describePointer, pointerAdd } from './pointer-arith';

type I<K extends Inst['op']> = Extract<Inst, { op: K }>;

const ONE = S.scalarConst(1n);
const BOOL = S.scalarUnsignedRange(0n, 1n);

export function execMov(x: Exec, i: I<'mov'>): Outcome {
  setReg(x, i.dst, linkCopy(x, i.src, operand(x, i.src)));
  return 'ok';
}

/** A scalar as the operation's type sees it. */
export function typed(v: Value, ty: IntTy): S.Scalar {
  return S.castTo(asScalar(v), ty.bits, ty.signed);
}

const SCALAR_OPS: Record<BinFn, (a: S.Scalar, b: S.Scalar, signed: boolean) => S.Scalar> = {
  add: (a, b) => S.add(a, b),
  sub: (a, b) => S.sub(a, b),
  mul: (a, b) => S.mul(a, b),
  div: (a, b, signed) => (signed ? S.sdiv(a, b) : S.udiv(a, b)),
  mod: (a, b, signed) => (signed ? S.smod(a, b) : S.umod(a, b)),
  and: (a, b) => S.and(a, b),
  or: (a, b) => S.or(a, b),
  xor: (a, b) => S.xor(a, b),
  shl: (a, b) => S.shl(a, b),
  shr: (a, b, signed) => (signed ? S.ashr(a, b) : S.shr(a, b)),
};

const OP_TEXT: Record<BinFn, string> = { add: '+', sub: '-', mul: '*', div: '/', mod: '%', and: '&', or: '|', xor: '^', shl: '<<', shr: '>>' };

export function scalarBin(fn: BinFn, ty: IntTy, a: Value, b: Value): S.Scalar {
  const ta = typed(a, ty);
  const tb = typed(b, ty);
  const c = ta.umin === ta.umax && tb.umin === tb.umax ? constBin(fn, ta.umin, tb.umin, ty.signed) : undefined;
  const r = c !== undefined ? S.scalarConst(c) : SCALAR_OPS[fn](ta, tb, ty.signed);
  return S.castTo(r, ty.bits, ty.signed);
}

/** Two known numbers: the exact result, computed directly (most arithmetic is on constants); undefined to fall back. */
function constBin(fn: BinFn, x: bigint, y: bigint, signed: boolean): bigint | undefined {
  switch (fn) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'mul': return x * y;
    case 'and': return x & y;
    case 'or': return x | y;
    case 'xor': return x ^ y;
    case 'shl': return y < 64n ? x << y : undefined;
    case 'shr': return y < 64n ? (signed ? S.toSigned(x) >> y : x >> y) : undefined;
    default: return undefined;
  }
}

export function execBin(x: Exec, i: I<'bin'>): Outcome {
  const a = operand(x, i.a);
  const b = operand(x, i.b);
  if (!isPointer(a) && !isPointer(b)) {
    setReg(x, i.dst, scalarBin(i.fn, i.ty, a, b));
    return 'ok';
  }
  const r = pointerBin(x, i, a, b);
  if (r === undefined) return 'stop';
  setReg(x, i.dst, r);
  return 'ok';
}

/** Arithmetic with a pointer operand: add/sub move it, pointer - pointer is a number, the rest is refused. */
function pointerBin(x: Exec, i: I<'bin'>, a: Value, b: Value): Value | undefined {
  const op = OP_TEXT[i.fn];
  if (isPointer(a) && isPointer(b)) {
    // The distance between two pointers is a number the kernel knows nothing about, in the operation's width.
    if (i.fn === 'sub') return S.castTo(S.UNKNOWN, i.ty.bits, i.ty.signed);
    return refuse(x, `${op} between two pointers is not allowed`, `R pointer ${op}= pointer prohibited`);
  }
  const p = (isPointer(a) ? a : b) as Pointer;
  const s = asScalar(isPointer(a) ? b : a);
  if (i.ty.bits < 64) {
    if (i.fn === 'sub') return S.castTo(S.UNKNOWN, i.ty.bits, i.ty.signed);
    return refuse(x, `32-bit ${op} on a pointer is not allowed`, 'R 32-bit pointer arithmetic prohibited');
  }
  if (i.fn === 'add') return pointerAdd(x, p, s, '+', false);
  if (i.fn === 'sub' && isPointer(a)) return pointerAdd(x, p, s, '-', true);
  if (i.fn === 'sub') return refuse(x, 'subtracting a pointer from a number is not allowed', 'R tried to subtract pointer from scalar');
  return refuse(x, ptrArith.opMessage(op, describePointer(p)), ptrArith.opKernel(op));
}

function refuse(x: Exec, message: string, kernel: string): undefined {
  x.env.report(makeDiagnostic(ptrArith.info, x.loc, message, kernel, { related: callChain(x.st) }));
  return undefined;
}

export function execPtradd(x: Exec, i: I<'ptradd'>): Outcome {
  const base = operand(x, i.base);
  const off = linkCopy(x, i.off, operand(x, i.off));
  if (!isPointer(base) && !isPointer(off)) {
    setReg(x, i.dst, S.add(asScalar(base), asScalar(off)));
    return 'ok';
  }
  const p = (isPointer(base) ? base : off) as Pointer;
  const r = pointerAdd(x, p, asScalar(isPointer(base) ? off : base), '+', false);
  if (r === undefined) return 'stop';
  setReg(x, i.dst, r);
  return 'ok';
}

export function execUnary(x: Exec, i: Extract<Inst, { op: 'neg' | 'not' }>): Outcome {
  const a = typed(operand(x, i.a), i.ty);
  const r = i.op === 'neg' ? S.neg(a) : S.not(a);
  setReg(x, i.dst, S.castTo(r, i.ty.bits, i.ty.signed));
  return 'ok';
}

export function execConv(x: Exec, i: I<'conv'>): Outcome {
  const v = operand(x, i.src);
  if (isPointer(v) || v.k === 'stale') {
    // A pointer stays a pointer at full width; truncating one leaves a number (allowed to privileged loaders).
    setReg(x, i.dst, i.to.bits === 64 ? v : S.UNKNOWN);
    return 'ok';
  }
  const from = S.castTo(asScalar(v), i.from.bits, i.from.signed);
  const to = S.castTo(from, i.to.bits, i.to.signed);
  setReg(x, i.dst, to === from && from === v ? linkCopy(x, i.src, v) : S.withId(to, undefined));
  return 'ok';
}

export function execCmp(x: Exec, i: I<'cmp'>): Outcome {
  const a = operand(x, i.a);
  const b = operand(x, i.b);
  setReg(x, i.dst, compareValue(a, b, i));
  return 'ok';
}

function compareValue(a: Value, b: Value, i: I<'cmp'>): S.Scalar {
  if (!isPointer(a) && !isPointer(b)) {
    const d = decide(typed(a, i.ty), typed(b, i.ty), i.cc, i.ty.signed);
    return d === undefined ? BOOL : d ? ONE : ZERO;
  }
  const other = isPointer(a) ? b : a;
  const p = isPointer(a) ? a : b;
  const againstNull = other.k === 'scalar' && S.constValue(other) === 0n && (i.cc === 'eq' || i.cc === 'ne');
  if (againstNull && isNonNullPointer(p)) return i.cc === 'ne' ? ONE : ZERO;
  return BOOL;
}

export function execBswap(x: Exec, i: I<'bswap'>): Outcome {
  const v = asScalar(operand(x, i.src));
  const c = S.constValue(v);
  const width = BigInt(i.bytes * 8);
  if (c === undefined) {
    setReg(x, i.dst, S.scalarUnsignedRange(0n, (1n << width) - 1n));
    return 'ok';
  }
  let out = 0n;
  for (let k = 0n; k < BigInt(i.bytes); k++) out |= ((c >> (8n * k)) & 0xffn) << (width - 8n - 8n * k);
  setReg(x, i.dst, S.scalarConst(out));
  return 'ok';
}

export function execAddr(x: Exec, i: I<'addr'>): Outcome {
  const base = i.base;
  switch (base.k) {
    case 'stack': {
      const slot = x.st.top.fn.slots[base.slot];
      setReg(x, i.dst, { k: 'stack', frame: x.st.frames.length - 1, off: -(slot?.offset ?? 0), var: ZERO });
      return 'ok';
    }
    case 'map':
      setReg(x, i.dst, { k: 'map_ref', map: base.name });
      return 'ok';
    case 'func':
      setReg(x, i.dst, { k: 'func', name: base.name });
      return 'ok';
    case 'global': {
      const g = x.env.global(base.name);
      if (g && g.section === '.maps') {
        setReg(x, i.dst, { k: 'map_ref', map: base.name });
        return 'ok';
      }
      setReg(x, i.dst, {
        k: 'global', name: base.name, section: g?.section ?? '.data', readonly: g?.readonly ?? false, size: g?.size ?? 0, off: 0, var: ZERO,
      });
      return 'ok';
    }
  }
}
