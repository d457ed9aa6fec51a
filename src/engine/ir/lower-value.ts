// Loads, stores and conversions between C types: the small vocabulary the expression lowering is built from.

import { asInt, CType, isAggregate, sizeOf, strip, T } from '../types/ctype';
import { bitfieldValueType } from '../types/exprtype';
import { imm, r } from './builder';
import { FnContext, intTy, LVal, Val } from './context';
import type { IntTy, Operand } from './ir';

const SIZES = new Set([1, 2, 4, 8]);

export function accessSize(t: CType): 1 | 2 | 4 | 8 | undefined {
  const n = sizeOf(t);
  return n !== undefined && SIZES.has(n) ? (n as 1 | 2 | 4 | 8) : undefined;
}

/** Reads an lvalue. Aggregates are not loaded: their value is their address. */
export function load(cx: FnContext, lv: LVal): Val {
  const b = cx.b;
  if (lv.k === 'reg') return { v: r(lv.reg), t: lv.t };
  if (lv.k === 'bits') return loadBits(cx, lv);
  if (isAggregate(lv.t) || strip(lv.t).k === 'func') return { v: address(cx, lv), t: lv.t };
  const size = accessSize(lv.t);
  const dst = b.reg(lv.t);
  if (size === undefined) {
    b.emit({ op: 'mov', dst, src: imm(0) });
    return { v: r(dst), t: lv.t };
  }
  const signed = asInt(lv.t)?.signed ?? false;
  b.emit({ op: 'load', dst, ptr: lv.ptr, off: lv.off, size, signed });
  return { v: r(dst), t: lv.t };
}

/** The address of a memory lvalue as an operand (folding a constant offset into a ptradd). */
export function address(cx: FnContext, lv: Extract<LVal, { k: 'mem' | 'bits' }>): Operand {
  if (lv.off === 0) return lv.ptr;
  const dst = cx.b.reg({ k: 'ptr', to: lv.t });
  cx.b.emit({ op: 'ptradd', dst, base: lv.ptr, off: imm(lv.off) });
  return r(dst);
}

export function store(cx: FnContext, lv: LVal, val: Val): void {
  const b = cx.b;
  if (lv.k === 'reg') {
    b.emit({ op: 'mov', dst: lv.reg, src: val.v });
    return;
  }
  if (lv.k === 'bits') {
    storeBits(cx, lv, val.v);
    return;
  }
  if (isAggregate(lv.t)) {
    b.emit({ op: 'memcpy', dst: address(cx, lv), src: val.v, size: sizeOf(lv.t) ?? 0 });
    return;
  }
  const size = accessSize(lv.t);
  if (size === undefined) return;
  b.emit({ op: 'store', ptr: lv.ptr, off: lv.off, size, src: val.v });
}

function loadBits(cx: FnContext, lv: Extract<LVal, { k: 'bits' }>): Val {
  const b = cx.b;
  const raw = b.reg(T.ulong);
  b.emit({ op: 'load', dst: raw, ptr: lv.ptr, off: lv.off, size: lv.unit, signed: false });
  const wide: IntTy = { bits: 64, signed: false };
  let cur: Operand = r(raw);
  if (lv.shift) {
    const s = b.reg(T.ulong);
    b.emit({ op: 'bin', fn: 'shr', ty: wide, dst: s, a: cur, b: imm(lv.shift) });
    cur = r(s);
  }
  const m = b.reg(T.ulong);
  b.emit({ op: 'bin', fn: 'and', ty: wide, dst: m, a: cur, b: imm((1n << BigInt(lv.width)) - 1n) });
  const ty = intTy(lv.t);
  const out = b.reg(lv.t);
  if (ty.signed && lv.width < ty.bits) {
    // Sign-extend the field: shift it to the top of 64 bits and back arithmetically.
    const up = b.reg(T.long);
    b.emit({ op: 'bin', fn: 'shl', ty: { bits: 64, signed: true }, dst: up, a: r(m), b: imm(64 - lv.width) });
    const down = b.reg(T.long);
    b.emit({ op: 'bin', fn: 'shr', ty: { bits: 64, signed: true }, dst: down, a: r(up), b: imm(64 - lv.width) });
    b.emit({ op: 'conv', dst: out, src: r(down), from: { bits: 64, signed: true }, to: ty });
  } else {
    b.emit({ op: 'conv', dst: out, src: r(m), from: wide, to: ty });
  }
  // A narrow bit-field's value promotes like int (C11 6.3.1.1p2).
  return { v: r(out), t: bitfieldValueType(lv.t, lv.width) };
}

function storeBits(cx: FnContext, lv: Extract<LVal, { k: 'bits' }>, v: Operand): void {
  const b = cx.b;
  const wide: IntTy = { bits: 64, signed: false };
  const mask = ((1n << BigInt(lv.width)) - 1n) << BigInt(lv.shift);
  const old = b.reg(T.ulong);
  b.emit({ op: 'load', dst: old, ptr: lv.ptr, off: lv.off, size: lv.unit, signed: false });
  const kept = b.reg(T.ulong);
  b.emit({ op: 'bin', fn: 'and', ty: wide, dst: kept, a: r(old), b: imm(BigInt.asUintN(64, ~mask)) });
  let part: Operand;
  if ('imm' in v) {
    part = imm(BigInt.asUintN(64, v.imm << BigInt(lv.shift)) & mask);
  } else {
    const ext = b.reg(T.ulong);
    b.emit({ op: 'conv', dst: ext, src: v, from: { bits: 64, signed: true }, to: wide });
    const sh = b.reg(T.ulong);
    b.emit({ op: 'bin', fn: 'shl', ty: wide, dst: sh, a: r(ext), b: imm(lv.shift) });
    const masked = b.reg(T.ulong);
    b.emit({ op: 'bin', fn: 'and', ty: wide, dst: masked, a: r(sh), b: imm(mask) });
    part = r(masked);
  }
  const merged = b.reg(T.ulong);
  b.emit({ op: 'bin', fn: 'or', ty: wide, dst: merged, a: r(kept), b: part });
  b.emit({ op: 'store', ptr: lv.ptr, off: lv.off, size: lv.unit, src: r(merged) });
}

/** Converts a value to another scalar type, as an assignment or cast would. */
export function convert(cx: FnContext, val: Val, to: CType): Val {
  const from = strip(val.t);
  const dst = strip(to);
  if (dst.k === 'void') return { v: imm(0), t: to };
  if (dst.k === 'ptr' || from.k === 'ptr' || from.k === 'array' || from.k === 'func') {
    if (dst.k === 'ptr' || dst.k === 'record' || dst.k === 'array') return { v: val.v, t: to };
    // Pointer to integer: the address bits, wrapped to the integer's width.
    return convInt(cx, val.v, { bits: 64, signed: false }, intTy(to), to);
  }
  if (dst.k === 'record' || dst.k === 'array' || from.k === 'record') return { v: val.v, t: to };
  const ti = asInt(to);
  if (ti?.bool) {
    if (asInt(val.t)?.bool) return { v: val.v, t: to };
    const d = cx.b.reg(to);
    cx.b.emit({ op: 'cmp', cc: 'ne', ty: intTy(val.t), dst: d, a: val.v, b: imm(0) });
    return { v: r(d), t: to };
  }
  return convInt(cx, val.v, intTy(val.t), intTy(to), to);
}

function convInt(cx: FnContext, v: Operand, from: IntTy, to: IntTy, t: CType): Val {
  if (from.bits === to.bits && from.signed === to.signed) return { v, t };
  if ('imm' in v) return { v: imm(wrap(v.imm, to)), t };
  // Widening keeps the value; only narrowing or a change of signedness needs an instruction.
  if (to.bits > from.bits && (to.signed || !from.signed)) return { v, t };
  const d = cx.b.reg(t);
  cx.b.emit({ op: 'conv', dst: d, src: v, from, to });
  return { v: r(d), t };
}

export function wrap(v: bigint, ty: IntTy): bigint {
  return ty.signed ? BigInt.asIntN(ty.bits, v) : BigInt.asUintN(ty.bits, v);
}
