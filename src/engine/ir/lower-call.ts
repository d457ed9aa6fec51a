// Calls: BPF helpers (declared as constant function pointers holding the helper id), local functions, and the
// compiler builtins BPF code uses.

import type * as A from '../parse/ast';
import { asInt, CType, isAggregate, pointee, sizeOf, strip, T } from '../types/ctype';
import { promote } from '../types/conversions';
import { imm, r } from './builder';
import { FnContext, irError, irWarn, Val } from './context';
import type { AtomicFn, Operand } from './ir';
import { rvalue } from './lower-expr';
import { convert } from './lower-value';

export function lowerCall(cx: FnContext, e: Extract<A.Expr, { kind: 'call' }>): Val {
  if (e.callee.kind !== 'ident') {
    irError(cx.m, e.span, 'IR_INDIRECT_CALL', 'indirect calls through a function pointer are not supported by BPF', 'call the function by name');
    return { v: imm(0), t: T.int };
  }
  const name = e.callee.name;
  const builtin = lowerBuiltin(cx, name, e);
  if (builtin) return builtin;

  const sym = cx.m.typer.scope.lookup(name);
  if (sym?.kind === 'typedef' && e.args.length === 1) {
    // `(__u16)(x)`: without typedef knowledge the parser sees a call through a parenthesised name.
    return convert(cx, rvalue(cx, e.args[0]), { k: 'typedef', name, to: sym.type });
  }
  // Declared by <string.h> but never defined here: clang still expands it as the builtin.
  if ((!sym || (sym.kind === 'func' && !sym.defined)) && LIBC_BUILTINS.has(name)) return lowerBuiltin(cx, '__builtin_' + name, e)!;
  if (!sym) {
    irError(cx.m, e.callee.span, 'IR_IMPLICIT_FUNCTION', `call to undeclared function '${name}'`, 'declare it, or include the header that does (helpers come from <bpf/bpf_helpers.h>)');
    for (const a of e.args) rvalue(cx, a);
    return { v: imm(0), t: T.int };
  }
  const fnT = strip(sym.type).k === 'ptr' ? strip(pointee(sym.type)!) : strip(sym.type);
  if (fnT.k !== 'func') {
    irError(cx.m, e.callee.span, 'IR_NOT_FUNCTION', `'${name}' is not a function`);
    return { v: imm(0), t: T.int };
  }
  const args = lowerArgs(cx, e.args, fnT.params);
  const ret = fnT.ret;
  const dst = strip(ret).k === 'void' ? undefined : cx.b.reg(ret);
  const helper = cx.m.helpers.get(name);
  if (sym.kind === 'var' && helper !== undefined) {
    cx.b.emit(dst === undefined ? { op: 'call', helper, name, args } : { op: 'call', dst, helper, name, args });
  } else if (sym.kind === 'func') {
    if (isAggregate(ret)) irError(cx.m, e.span, 'IR_AGGREGATE_RETURN', 'functions returning a struct by value are not supported by BPF');
    cx.b.emit(dst === undefined ? { op: 'callfn', fn: name, args } : { op: 'callfn', dst, fn: name, args });
  } else {
    irError(cx.m, e.callee.span, 'IR_INDIRECT_CALL', `'${name}' is a function pointer variable, not a helper or function`);
  }
  return { v: dst === undefined ? imm(0) : r(dst), t: ret };
}

function lowerArgs(cx: FnContext, args: readonly A.Expr[], params: readonly CType[]): Operand[] {
  return args.map((a, i) => {
    const v = rvalue(cx, a);
    const p = params[i];
    if (p) return convert(cx, v, p).v;
    // Variadic part: default argument promotions.
    return asInt(v.t) ? convert(cx, v, promote(v.t)).v : v.v;
  });
}

/** Library functions clang expands itself (it declares them implicitly, with a warning). */
const LIBC_BUILTINS = new Set(['memcpy', 'memset', 'memmove']);

const ATOMICS: Record<string, { fn: AtomicFn; fetch: 'old' | 'new' | 'none' }> = {
  __sync_fetch_and_add: { fn: 'add', fetch: 'old' },
  __sync_fetch_and_or: { fn: 'or', fetch: 'old' },
  __sync_fetch_and_and: { fn: 'and', fetch: 'old' },
  __sync_fetch_and_xor: { fn: 'xor', fetch: 'old' },
  __sync_add_and_fetch: { fn: 'add', fetch: 'new' },
  __sync_lock_test_and_set: { fn: 'xchg', fetch: 'old' },
  __sync_val_compare_and_swap: { fn: 'cmpxchg', fetch: 'old' },
  __atomic_fetch_add: { fn: 'add', fetch: 'old' },
  __atomic_fetch_or: { fn: 'or', fetch: 'old' },
  __atomic_fetch_and: { fn: 'and', fetch: 'old' },
  __atomic_fetch_xor: { fn: 'xor', fetch: 'old' },
  __atomic_add_fetch: { fn: 'add', fetch: 'new' },
  __atomic_exchange_n: { fn: 'xchg', fetch: 'old' },
};

function lowerBuiltin(cx: FnContext, name: string, e: Extract<A.Expr, { kind: 'call' }>): Val | undefined {
  if (!name.startsWith('__builtin_') && !name.startsWith('__sync_') && !name.startsWith('__atomic_')) return undefined;
  const b = cx.b;
  const arg = (i: number): Val => (e.args[i] ? rvalue(cx, e.args[i]) : { v: imm(0), t: T.int });
  const constArg = (i: number, what: string): number | undefined => {
    const c = e.args[i] ? cx.m.typer.constValue(e.args[i]) : undefined;
    if (!c) irError(cx.m, (e.args[i] ?? e).span, 'IR_BUILTIN_SIZE', `${name}: ${what} must be a compile-time constant in BPF`, 'BPF has no memcpy at run time: clang must expand it, so the size must be known');
    return c ? Number(c.value) : undefined;
  };
  switch (name) {
    case '__builtin_memcpy':
    case '__builtin_memmove': {
      const d = arg(0);
      const s = arg(1);
      const n = constArg(2, 'the size');
      if (n !== undefined) b.emit({ op: name === '__builtin_memcpy' ? 'memcpy' : 'memmove', dst: d.v, src: s.v, size: n });
      return d;
    }
    case '__builtin_memset': {
      const d = arg(0);
      const v = convert(cx, arg(1), T.uchar);
      const n = constArg(2, 'the size');
      if (n !== undefined) b.emit({ op: 'memset', dst: d.v, value: v.v, size: n });
      return d;
    }
    case '__builtin_bswap16':
    case '__builtin_bswap32':
    case '__builtin_bswap64': {
      const bytes = name.endsWith('16') ? 2 : name.endsWith('32') ? 4 : 8;
      const t = bytes === 2 ? T.ushort : bytes === 4 ? T.uint : T.ulong;
      const c = cx.m.typer.constValue(e);
      if (c) return { v: imm(c.value), t };
      const v = convert(cx, arg(0), t);
      const dst = b.reg(t);
      b.emit({ op: 'bswap', dst, src: v.v, bytes });
      return { v: r(dst), t };
    }
    case '__builtin_expect':
    case '__builtin_expect_with_probability':
    case '__builtin_assume_aligned':
      return arg(0);
    case '__builtin_preserve_access_index':
      return arg(0);
    case '__builtin_constant_p':
      return { v: imm(e.args[0] && cx.m.typer.constValue(e.args[0]) ? 1 : 0), t: T.int };
    case '__builtin_unreachable':
    case '__builtin_trap':
      b.terminate({ op: 'unreachable' });
      return { v: imm(0), t: T.void };
    case '__builtin_offsetof':
      return undefined;
    default:
      break;
  }
  const at = ATOMICS[name];
  if (at) return lowerAtomic(cx, name, e, at);
  irError(cx.m, e.callee.span, 'IR_UNKNOWN_BUILTIN', `builtin '${name}' is not supported`);
  return { v: imm(0), t: T.int };
}

function lowerAtomic(
  cx: FnContext,
  name: string,
  e: Extract<A.Expr, { kind: 'call' }>,
  at: { fn: AtomicFn; fetch: 'old' | 'new' | 'none' },
): Val {
  const b = cx.b;
  const p = rvalue(cx, e.args[0]);
  const el = pointee(p.t) ?? T.ulong;
  const size = sizeOf(el);
  if (size !== 4 && size !== 8) {
    irError(cx.m, e.span, 'IR_ATOMIC_SIZE', `${name} on a ${size ?? '?'}-byte object: BPF atomics work on 4 or 8 bytes`);
    return { v: imm(0), t: el };
  }
  if (at.fn === 'cmpxchg') {
    const cmp = convert(cx, rvalue(cx, e.args[1]), el);
    const nv = convert(cx, rvalue(cx, e.args[2]), el);
    const dst = b.reg(el);
    b.emit({ op: 'atomic', fn: 'cmpxchg', fetch: true, dst, ptr: p.v, off: 0, size, src: nv.v, cmp: cmp.v });
    return { v: r(dst), t: el };
  }
  const v = convert(cx, rvalue(cx, e.args[1]), el);
  if (e.args.length > 2 && name.startsWith('__atomic_')) {
    irWarn(cx.m, e.args[2].span, 'IR_ATOMIC_ORDER', 'memory order ignored: BPF atomics are sequentially consistent');
  }
  const dst = b.reg(el);
  b.emit({ op: 'atomic', fn: at.fn, fetch: true, dst, ptr: p.v, off: 0, size, src: v.v });
  if (at.fetch === 'new') {
    const sum = b.reg(el);
    b.emit({ op: 'bin', fn: 'add', ty: { bits: (size * 8) as 32 | 64, signed: false }, dst: sum, a: r(dst), b: v.v });
    return { v: r(sum), t: el };
  }
  return { v: r(dst), t: el };
}

