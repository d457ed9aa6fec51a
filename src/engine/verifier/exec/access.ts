// The obligation of every memory access — a load, a store, a helper reading or writing through an argument:
// the pointer must be of a kind that can be dereferenced, and the bytes must lie where that kind allows.

import type { Related } from '../../diagnostics';
import type { Operand, StackSlot } from '../../ir/ir';
import { strip } from '../../types/ctype';
import * as ctxAccessCheck from '../checks/ctx-access';
import { insertAfterStatement as insertAfter, insertInitializer } from '../checks/fixes';
import * as invalidDeref from '../checks/invalid-deref';
import * as mapBounds from '../checks/map-value-bounds';
import * as nullDeref from '../checks/null-deref';
import * as readonly from '../checks/readonly-write';
import * as staleCheck from '../checks/stale-packet';
import * as stackBounds from '../checks/stack-bounds';
import { Extras, makeDiagnostic } from '../checks/types';
import * as uninit from '../checks/uninit';
import { ctxAccess, type CtxField } from '../hooks/context';
import { constValue, isConst } from '../domain/scalar';
import { Byte, STACK_SIZE } from '../domain/stack';
import type { CtxPtr, GlobalPtr, MapValuePtr, OrNull, SockPtr, StackPtr, StalePtr, Value } from '../domain/value';
import { sockAccess } from '../hooks/sock';
import { kernelKind } from './pointer-arith';
import { callChain, type Exec } from './env';
import { nameOf } from './operands';
import { packetAccess } from './packet-access';
import { fail } from './report';

export interface AccessReq {
  ptr: Value;
  /** The operand the pointer came from, to name it in messages. */
  op?: Operand;
  off: number;
  size: number;
  mode: 'read' | 'write';
  /** The helper reading or writing through an argument, when it is not a plain load or store. */
  helper?: string;
}

export type Region =
  | { k: 'ctx'; field: CtxField }
  | { k: 'pkt' }
  | { k: 'stack'; frame: number; lo: number; hi: number }
  | { k: 'map_value' }
  | { k: 'sock' }
  | { k: 'global'; ptr: GlobalPtr; lo: number; hi: number };

const MAX_VAR_OFF = 1n << 29n;

/** The region touched, or undefined after reporting why the access is not allowed. */
export function checkAccess(x: Exec, r: AccessReq): Region | undefined {
  const p = r.ptr;
  switch (p.k) {
    case 'pkt': return packetAccess(x, p, r) ? { k: 'pkt' } : undefined;
    case 'stack': return stackAccess(x, p, r);
    case 'map_value': return mapValueAccess(x, p, r);
    case 'global': return globalAccess(x, p, r);
    case 'ctx': return contextAccess(x, p, r);
    case 'map_value_or_null': case 'sock_or_null': return nullAccess(x, p, r);
    case 'sock': return socketAccess(x, p, r);
    case 'stale': return staleAccess(x, p, r);
    case 'pkt_end': return invalid(x, r, 'data_end (the end marker of the packet)', 'pkt_end');
    case 'map_ref': return invalid(x, r, 'a map, not a value looked up in it', 'map_ptr');
    case 'func': return invalid(x, r, 'a function', 'func');
    case 'scalar': return invalid(x, r, constValue(p) === 0n ? 'NULL' : 'a number', 'scalar');
    default: return invalid(x, r, 'a number', 'scalar');
  }
}

function invalid(x: Exec, r: AccessReq, what: string, kind: string): undefined {
  return fail(x, invalidDeref.info, invalidDeref.message(r.mode, nameOf(x, r.ptr, r.op), what), invalidDeref.kernel(kind));
}

function staleAccess(x: Exec, p: StalePtr, r: AccessReq): undefined {
  const line = lineOf(x, p.at.start, p.at.file);
  const related: Related[] = [{ range: p.at, message: `${p.by} invalidated every packet pointer here` }];
  if (p.origin) related.push({ range: p.origin.at, message: `the pointer was made here` });
  return fail(x, staleCheck.info, staleCheck.message(nameOf(x, r.ptr, r.op), p.what, p.by, line), staleCheck.KERNEL, { related });
}

function lineOf(x: Exec, offset: number, file: string): number {
  const text = x.env.text(file);
  if (text === undefined) return 0;
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function nullAccess(x: Exec, p: OrNull, r: AccessReq): undefined {
  const from = p.origin?.what ?? 'bpf_map_lookup_elem';
  const name = nameOf(x, r.ptr, r.op);
  const what = r.helper ? `call to ${r.helper}` : nullDeref.accessWhat(r.mode, r.size);
  const related: Related[] = p.origin ? [{ range: p.origin.at, message: `the pointer comes from ${from} here` }] : [];
  const extras: Extras = { related, hint: `add \`if (!${name ?? 'ptr'}) return ...;\` right after the lookup` };
  const fix = nullFix(x, p, name);
  if (fix) extras.fix = fix;
  return fail(x, nullDeref.info, nullDeref.message(name, what, from), nullDeref.kernelAccess(kernelKind(p)), extras);
}

function nullFix(x: Exec, p: OrNull, name: string | undefined): Extras['fix'] {
  if (!name || !p.origin || x.st.frames.length !== 1) return undefined;
  const text = x.env.text(p.origin.at.file);
  if (text === undefined) return undefined;
  const lines = nullDeref.checkText(name, x.env.hook.pass.name).split('\n');
  return insertAfter(text, p.origin.at, lines);
}

function contextAccess(x: Exec, p: CtxPtr, r: AccessReq): Region | undefined {
  const off = p.off + r.off;
  if (p.off !== 0) {
    return fail(x, ctxAccessCheck.info, ctxAccessCheck.message(r.mode, r.size, off, 'the context pointer was moved; use ctx->field directly'), `dereference of modified ctx ptr R off=${p.off} disallowed`);
  }
  const a = ctxAccess(x.env.hook, off, r.size, r.mode === 'write');
  if (!a.ok) return fail(x, ctxAccessCheck.info, ctxAccessCheck.message(r.mode, r.size, off, a.why), ctxAccessCheck.kernel(off, r.size));
  return { k: 'ctx', field: a.field };
}

/** Socket fields are read like context fields: only some offsets and sizes, never written. */
function socketAccess(x: Exec, p: SockPtr, r: AccessReq): Region | undefined {
  if (r.helper) return invalid(x, r, 'a socket, not memory a helper can read', p.sub);
  const a = sockAccess(p.sub, r.off, r.size, r.mode === 'write');
  if (a.ok) return { k: 'sock' };
  const kernel = r.mode === 'write' ? `R cannot write into ${p.sub}` : `R invalid ${p.sub} access off=${r.off} size=${r.size}`;
  return fail(x, ctxAccessCheck.info, ctxAccessCheck.sockMessage(r.mode, r.size, r.off, a.why), kernel);
}

function stackAccess(x: Exec, p: StackPtr, r: AccessReq): Region | undefined {
  if (p.frame >= x.st.frames.length) return invalid(x, r, 'the stack of a function that has returned', 'fp');
  if (p.var.smin <= -MAX_VAR_OFF || p.var.smax >= MAX_VAR_OFF) {
    return fail(x, stackBounds.info, stackBounds.unboundedMessage(r.mode, r.size, nameOf(x, r.ptr, r.op)), stackBounds.unboundedKernel(r.mode));
  }
  const lo = p.off + r.off + Number(p.var.smin);
  const hi = p.off + r.off + Number(p.var.smax) + r.size;
  if (lo < -STACK_SIZE || hi > 0) {
    // A frame over 512 bytes is reported once, where the function starts; its accesses follow from it.
    if (x.st.frames[p.frame].fn.frameSize > STACK_SIZE) return undefined;
    return fail(x, stackBounds.info, stackBounds.message(r.mode, r.size, lo, hi - r.size), stackBounds.kernel(r.mode, lo, r.size));
  }
  if (r.mode === 'read') checkInitialised(x, p.frame, lo, hi, r);
  return { k: 'stack', frame: p.frame, lo, hi };
}

/** Warns when bytes read were never written; the kernel lets privileged loaders read them anyway. */
function checkInitialised(x: Exec, frame: number, lo: number, hi: number, r: AccessReq): void {
  const fr = x.st.frames[frame];
  let first = 0;
  let count = 0;
  for (let o = lo; o < hi; o++) {
    if (fr.stack.byteAt(o) !== Byte.Uninit) continue;
    if (count === 0) first = o;
    count++;
  }
  if (count === 0) return;
  const slot = fr.fn.slots.find(s => -s.offset <= first && first < -s.offset + s.size);
  const msg = uninit.stackMessage(r.helper ?? 'this load', hi - lo, slot?.name, first, count);
  const related: Related[] = slot ? [{ range: slot.range, message: `\`${slot.name}\` is declared here` }] : [];
  const extras: Extras = { related: [...related, ...callChain(x.st)] };
  const fix = slot ? initializerFix(x, slot) : undefined;
  if (fix) {
    extras.fix = fix;
    extras.hint = `initialise \`${slot!.name}\` where it is declared`;
  }
  x.env.report(makeDiagnostic(uninit.info, x.loc, msg, uninit.stackKernel(r.helper !== undefined, lo, hi - lo), extras));
}

/** ` = 0` / ` = {}` on the variable's declaration, when its text is at hand and the name is where the slot says. */
function initializerFix(x: Exec, slot: StackSlot): Extras['fix'] {
  const text = x.env.text(slot.range.file);
  if (text === undefined || text.slice(slot.range.start, slot.range.end) !== slot.name) return undefined;
  const t = strip(slot.type).k;
  return insertInitializer(text, slot.range, t === 'record' || t === 'array');
}

function mapValueAccess(x: Exec, p: MapValuePtr, r: AccessReq): Region | undefined {
  const m = x.env.map(p.map);
  if (!m) return { k: 'map_value' };
  const ok = valueBounds(x, p.off + r.off, p.var, r, m.valueSize, `a value of map \`${p.map}\``);
  return ok ? { k: 'map_value' } : undefined;
}

function globalAccess(x: Exec, p: GlobalPtr, r: AccessReq): Region | undefined {
  if (r.mode === 'write' && p.readonly) {
    const off = p.off + r.off + Number(isConst(p.var) ? p.var.umin : 0n);
    return fail(x, readonly.info, readonly.message(p.name, r.size), readonly.kernel(p.size, off, r.size), { related: [] });
  }
  const ok = valueBounds(x, p.off + r.off, p.var, r, p.size, `global \`${p.name}\``);
  if (!ok) return undefined;
  const lo = p.off + r.off + Number(p.var.smin);
  return { k: 'global', ptr: p, lo, hi: lo + r.size };
}

function valueBounds(x: Exec, fixed: number, v: MapValuePtr['var'], r: AccessReq, valueSize: number, what: string): boolean {
  const lo = BigInt(fixed) + v.smin;
  const hi = BigInt(fixed) + (v.smin >= 0n ? v.umax : v.smax);
  const negative = v.smin < 0n && lo < 0n;
  const unbounded = !negative && v.umax >= MAX_VAR_OFF;
  const outside = lo < 0n || hi + BigInt(r.size) > BigInt(valueSize);
  if (!negative && !unbounded && !outside) return true;
  const facts = { access: r.mode, size: r.size, lo, hi, valueSize, what, negative, unbounded };
  fail(x, mapBounds.info, mapBounds.message(facts), mapBounds.kernel(facts));
  return false;
}
