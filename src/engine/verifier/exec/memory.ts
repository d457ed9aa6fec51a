// Loads, stores, block copies and atomics: each first discharges the access obligation (access.ts), then moves
// values. Packet and map contents are not tracked (they read as numbers of the access width); the stack is, so a
// pointer stored in a local struct comes back as the same pointer; read-only globals read as their initial bytes.

import type { Inst } from '../../ir/ir';
import * as invalidDeref from '../checks/invalid-deref';
import * as S from '../domain/scalar';
import { isPointer, type Value, ZERO } from '../domain/value';
import type { CtxField } from '../hooks/context';
import { checkAccess, type Region } from './access';
import type { Exec, Outcome } from './env';
import { operand, setReg } from './operands';
import { fail } from './report';

type I<K extends Inst['op']> = Extract<Inst, { op: K }>;

/** A number of `size` bytes as a load of that width and signedness produces it (made once: values are immutable). */
export function loadedNumber(size: number, signed: boolean): S.Scalar {
  if (size >= 8) return S.UNKNOWN;
  const k = size * 2 + (signed ? 1 : 0);
  return (LOADED[k] ??= makeLoaded(size, signed));
}

const LOADED: S.Scalar[] = [];

function makeLoaded(size: number, signed: boolean): S.Scalar {
  const bits = BigInt(size * 8);
  return signed ? S.scalarSignedRange(-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n) : S.scalarUnsignedRange(0n, (1n << bits) - 1n);
}

export function execLoad(x: Exec, i: I<'load'>): Outcome {
  const ptr = operand(x, i.ptr);
  const region = checkAccess(x, { ptr, op: i.ptr, off: i.off, size: i.size, mode: 'read' });
  if (!region) return 'stop';
  setReg(x, i.dst, loadedValue(x, region, i.size, i.signed));
  return 'ok';
}

function loadedValue(x: Exec, region: Region, size: number, signed: boolean): Value {
  switch (region.k) {
    case 'ctx': return ctxValue(x, region.field);
    case 'stack': {
      if (region.hi - region.lo !== size) return loadedNumber(size, signed);
      const stack = x.st.frames[region.frame].stack;
      const v = stack.read(region.lo, size).value;
      if (v.k !== 'scalar') return v;
      const typed = S.castTo(v, size * 8, signed);
      return typed === v ? linkSpill(x, region.frame, region.lo, size, v) : typed;
    }
    case 'global': return region.ptr.readonly ? rodataValue(x, region.ptr.name, region.lo, size, signed) : loadedNumber(size, signed);
    default: return loadedNumber(size, signed);
  }
}

/** What a context field holds: packet pointers for data/data_end/data_meta, numbers otherwise. */
function ctxValue(x: Exec, field: CtxField): Value {
  const at = x.loc;
  switch (field.kind) {
    case 'pkt': return { k: 'pkt', space: 'data', id: 0, off: 0, var: ZERO, origin: { at, what: 'the packet start is read from ctx->data here' } };
    case 'pkt_meta': return { k: 'pkt', space: 'meta', id: 0, off: 0, var: ZERO, origin: { at, what: 'the metadata start is read from ctx->data_meta here' } };
    case 'pkt_end': return { k: 'pkt_end', origin: { at, what: 'data_end is read here' } };
    case 'sock': return { k: 'sock_or_null', sub: 'sock_common', id: x.env.freshId(), origin: { at, what: 'ctx->sk' } };
    default: return loadedNumber(field.size, false);
  }
}

/** The loader freezes .rodata before verification, so the kernel knows these bytes: so do we. */
function rodataValue(x: Exec, name: string, lo: number, size: number, signed: boolean): Value {
  const g = x.env.global(name);
  if (!g || x.env.opts.rodataUnknown || lo < 0 || lo + size > g.init.length) return loadedNumber(size, signed);
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(g.init[lo + k]);
  return S.asConfig(S.castTo(S.scalarConst(v), size * 8, signed));
}

export function execStore(x: Exec, i: I<'store'>): Outcome {
  const ptr = operand(x, i.ptr);
  const v = operand(x, i.src);
  const size = i.size;
  const region = checkAccess(x, { ptr, op: i.ptr, off: i.off, size, mode: 'write' });
  if (!region) return 'stop';
  if (region.k === 'stack') storeStack(x, region, size, v);
  return 'ok';
}

function storeStack(x: Exec, region: Extract<Region, { k: 'stack' }>, size: number, v: Value): void {
  const stack = x.st.writable(region.frame).stack;
  if (region.hi - region.lo !== size) {
    stack.writeMisc(region.lo, region.hi - region.lo);
    return;
  }
  if (isPointer(v) || v.k === 'stale') {
    if (size === 8) stack.writeValue(region.lo, size, v);
    else stack.writeMisc(region.lo, size);
    return;
  }
  if (v.k !== 'scalar') {
    stack.writeMisc(region.lo, size);
    return;
  }
  const stored = S.fitsIn(v, size * 8, false) || S.fitsIn(v, size * 8, true) ? v : S.castTo(v, size * 8, false);
  stack.writeValue(region.lo, size, stored);
}

export function execCopy(x: Exec, i: Extract<Inst, { op: 'memcpy' | 'memmove' }>): Outcome {
  if (i.size === 0) return 'ok';
  const src = operand(x, i.src);
  const dst = operand(x, i.dst);
  const from = checkAccess(x, { ptr: src, op: i.src, off: 0, size: i.size, mode: 'read' });
  if (!from) return 'stop';
  const to = checkAccess(x, { ptr: dst, op: i.dst, off: 0, size: i.size, mode: 'write' });
  if (!to) return 'stop';
  if (to.k !== 'stack') return 'ok';
  const stack = x.st.writable(to.frame).stack;
  if (from.k === 'stack' && from.hi - from.lo === i.size && to.hi - to.lo === i.size) {
    stack.copyFrom(x.st.frames[from.frame].stack, from.lo, to.lo, i.size);
  } else {
    stack.writeMisc(to.lo, to.hi - to.lo);
  }
  return 'ok';
}

export function execSet(x: Exec, i: I<'memset'>): Outcome {
  if (i.size === 0) return 'ok';
  const dst = operand(x, i.dst);
  const value = operand(x, i.value);
  const to = checkAccess(x, { ptr: dst, op: i.dst, off: 0, size: i.size, mode: 'write' });
  if (!to) return 'stop';
  if (to.k !== 'stack') return 'ok';
  const stack = x.st.writable(to.frame).stack;
  const zero = value.k === 'scalar' && S.constValue(value) !== undefined && (S.constValue(value)! & 0xffn) === 0n;
  if (zero && to.hi - to.lo === i.size) stack.writeZero(to.lo, i.size);
  else stack.writeMisc(to.lo, to.hi - to.lo);
  return 'ok';
}

export function execAtomic(x: Exec, i: I<'atomic'>): Outcome {
  const ptr = operand(x, i.ptr);
  operand(x, i.src);
  if (i.cmp) operand(x, i.cmp);
  if (ptr.k === 'pkt' || ptr.k === 'ctx') {
    const where = ptr.k === 'pkt' ? 'packet' : 'context';
    fail(x, invalidDeref.info, `atomic operation on ${where} memory is not allowed`, `BPF_ATOMIC stores into R ${ptr.k} is not allowed`);
    return 'stop';
  }
  const region = checkAccess(x, { ptr, op: i.ptr, off: i.off, size: i.size, mode: 'write' });
  if (!region) return 'stop';
  if (region.k === 'stack') x.st.writable(region.frame).stack.writeMisc(region.lo, region.hi - region.lo);
  if (i.dst !== undefined) setReg(x, i.dst, loadedNumber(i.size, false));
  return 'ok';
}

/**
 * A number reloaded from the stack is the same value as the spill: both get one id, so a check on the reloaded
 * copy also bounds later reloads (clang would keep the value in a register and the kernel would see one copy).
 */
function linkSpill(x: Exec, frame: number, off: number, size: number, v: S.Scalar): S.Scalar {
  if (v.id !== undefined || S.isConst(v)) return v;
  const spill = x.st.frames[frame].stack.spills.get(off);
  if (!spill || spill.size !== size || spill.value !== v) return v;
  const stack = x.st.writable(frame).stack;
  const linked = S.withId(v, x.env.freshId());
  stack.setSpill({ ...spill, value: linked });
  return linked;
}
