// Helper calls: the helper must exist for this hook, each argument must be of its kind (a map, a key or value
// pointer reaching key_size/value_size bytes, a buffer followed by a bounded size), then the call's effects —
// out-parameters written, packet pointers invalidated, a typed result.

import type { Inst, MapInfo } from '../../ir/ir';
import * as helperArg from '../checks/helper-arg';
import * as unavailable from '../checks/helper-unavailable';
import * as leak from '../checks/reference-leak';
import * as unsupported from '../checks/unsupported';
import * as S from '../domain/scalar';
import { Byte } from '../domain/stack';
import { isPointer, type SockKind, type Value } from '../domain/value';
import { allowedIn, type ArgKind, helperProto, type HelperProto } from '../hooks/helpers';
import { checkAccess } from './access';
import type { Exec, Outcome } from './env';
import { operand, setReg } from './operands';
import { kernelKind } from './pointer-arith';
import { fail } from './report';

type Call = Extract<Inst, { op: 'call' }>;

const MAX_MEM_SIZE = 1n << 29n;
const KEY_KINDS = 'fp, pkt, pkt_meta, map_key, map_value';

export function execHelperCall(x: Exec, i: Call): Outcome {
  const proto = helperProto(i.helper);
  const args = i.args.map(a => operand(x, a));
  if (!proto) {
    fail(x, unsupported.info, unsupported.message(`helper ${i.name || '#' + i.helper}`), `unknown helper #${i.helper}`);
    if (i.dst !== undefined) setReg(x, i.dst, S.UNKNOWN);
    return 'ok';
  }
  if (!allowedIn(proto, x.env.hook.type)) {
    fail(x, unavailable.info, unavailable.message(proto.name, x.env.hook.type.toUpperCase()), unavailable.kernel(proto.name, proto.id));
    return 'stop';
  }
  const map = checkArgs(x, proto, i, args);
  if (map === false) return 'stop';
  if (proto.name === 'bpf_tail_call' && x.st.refs.size > 0) {
    fail(x, leak.info, leak.message(x.st.refs.size, 'tail call'), leak.kernel('tail call'), { related: heldRefs(x) });
    return 'stop';
  }
  applyEffects(x, proto, args);
  if (proto.changesPkt) invalidatePackets(x, proto.name);
  if (i.dst !== undefined) setReg(x, i.dst, result(x, proto, map, args));
  return 'ok';
}

/** The map argument (if any), or false after reporting a bad argument. */
function checkArgs(x: Exec, proto: HelperProto, i: Call, args: Value[]): MapInfo | undefined | false {
  let map: MapInfo | undefined;
  for (let k = 0; k < proto.args.length && k < args.length; k++) {
    const kind = proto.args[k];
    const v = args[k];
    if (kind === 'map') {
      if (v.k !== 'map_ref') return bad(x, k + 1, proto, 'a map (`&map_name`)', v, 'map_ptr');
      map = x.env.map(v.map);
      continue;
    }
    if (!checkArg(x, proto, i, args, k, kind, map)) return false;
  }
  return map;
}

function bad(x: Exec, n: number, proto: HelperProto, expected: string, got: Value, kernelExpected: string): false {
  const gotText = describe(got);
  fail(x, helperArg.info, helperArg.message(n, proto.name, expected, gotText), helperArg.kernel(n, kindOf(got), kernelExpected));
  return false;
}

function kindOf(v: Value): string {
  return isPointer(v) ? kernelKind(v) : 'scalar';
}

function describe(v: Value): string {
  switch (v.k) {
    case 'scalar': return S.constValue(v) === 0n ? 'NULL' : 'a number';
    case 'pkt': return 'a packet pointer';
    case 'pkt_end': return 'data_end';
    case 'ctx': return 'the context';
    case 'map_value': return 'a map value pointer';
    case 'map_value_or_null': return 'a map value that may be NULL';
    case 'sock': return v.ref === undefined ? 'a socket that holds no reference' : 'a socket';
    case 'sock_or_null': return 'a socket that may be NULL';
    case 'stack': return 'a stack pointer';
    case 'map_ref': return 'a map';
    case 'global': return 'a global variable';
    case 'stale': return 'an invalidated packet pointer';
    default: return 'an unknown value';
  }
}

function checkArg(x: Exec, proto: HelperProto, i: Call, args: Value[], k: number, kind: ArgKind, map: MapInfo | undefined): boolean {
  const v = args[k];
  const n = k + 1;
  switch (kind) {
    case 'any': case 'size': case 'size0': return true;
    case 'ctx':
      return v.k === 'ctx' && v.off === 0 ? true : bad(x, n, proto, 'the program\'s context (ctx)', v, 'ctx');
    case 'key':
      return memArg(x, proto, i, args, k, map ? map.keySize : 0, 'read', 'a pointer to the key');
    case 'value':
      return memArg(x, proto, i, args, k, map ? map.valueSize : 0, 'read', 'a pointer to the value');
    case 'value_out':
      return memArg(x, proto, i, args, k, map ? map.valueSize : 0, 'write', 'a pointer to space for the value');
    case 'u32_out':
      return memArg(x, proto, i, args, k, 4, 'write', 'a pointer to 4 writable bytes');
    case 'mem': case 'mem_rw': case 'mem_out': case 'mem_or_null':
      return bufferArg(x, proto, i, args, k, kind);
    case 'func':
      if (v.k !== 'func') return bad(x, n, proto, 'a function', v, 'func');
      fail(x, unsupported.info, unsupported.message(`the callback \`${v.name}\` of ${proto.name}`), 'the kernel verifies the callback as its own function');
      return true;
    case 'stack_or_null':
      return v.k === 'stack' || (v.k === 'scalar' && S.constValue(v) === 0n) ? true : bad(x, n, proto, 'a stack pointer or NULL', v, 'fp');
    case 'map':
      return true;
    case 'sock_common':
      return v.k === 'sock' ? true : bad(x, n, proto, 'a socket checked for NULL', v, SOCK_KINDS);
    case 'sock_common_or_null':
      return v.k === 'sock' || v.k === 'sock_or_null' || (v.k === 'scalar' && S.constValue(v) === 0n) ? true : bad(x, n, proto, 'a socket or NULL', v, SOCK_KINDS);
    case 'sock_release':
      if (v.k !== 'sock') return bad(x, n, proto, 'a socket from a lookup, checked for NULL', v, SOCK_KINDS);
      if (v.ref === undefined) {
        fail(x, helperArg.info, helperArg.message(n, proto.name, 'a socket from bpf_sk_lookup_*() or bpf_skc_lookup_tcp()', describe(v)), leak.RELEASE_UNREFERENCED_KERNEL);
        return false;
      }
      return true;
  }
}

const SOCK_KINDS = 'sock_common, sock, tcp_sock, xdp_sock, ptr_';

/** "the reference was taken here" for every reference still held. */
function heldRefs(x: Exec): Array<{ range: Exec['loc']; message: string }> {
  return [...x.st.refs.values()].map(at => ({ range: at, message: 'the reference was taken here' }));
}

/** The end of a reference: it is no longer held, and every pointer carrying it becomes a plain number. */
function release(x: Exec, ref: number): void {
  x.st.ownMaps();
  x.st.refs.delete(ref);
  x.st.mapValues(v => ((v.k === 'sock' || v.k === 'sock_or_null') && v.ref === ref ? S.UNKNOWN : v));
}

/** Checks, where the program ends, that it holds no reference. */
export function checkNoRefsHeld(x: Exec): void {
  if (x.st.refs.size === 0) return;
  fail(x, leak.info, leak.message(x.st.refs.size, 'return'), leak.kernel('return'), { related: heldRefs(x) });
}

function memArg(x: Exec, proto: HelperProto, i: Call, args: Value[], k: number, size: number, mode: 'read' | 'write', expected: string): boolean {
  const v = args[k];
  if (!acceptsMemory(v)) return bad(x, k + 1, proto, expected, v, KEY_KINDS);
  if (size === 0) return true;
  return checkAccess(x, { ptr: v, op: i.args[k], off: 0, size, mode, helper: proto.name }) !== undefined;
}

/** Memory a helper may read or write through: stack, packet, map values, globals (and the null check's subject). */
function acceptsMemory(v: Value): boolean {
  return v.k === 'stack' || v.k === 'pkt' || v.k === 'map_value' || v.k === 'global' || v.k === 'map_value_or_null' || v.k === 'stale';
}

/** A buffer argument followed by its size: the size must be bounded, then the whole buffer must be accessible. */
function bufferArg(x: Exec, proto: HelperProto, i: Call, args: Value[], k: number, kind: ArgKind): boolean {
  const v = args[k];
  const sizeKind = proto.args[k + 1];
  const sizeVal = args[k + 1];
  const zeroOk = sizeKind === 'size0';
  if (kind === 'mem_or_null' && v.k === 'scalar' && S.constValue(v) === 0n) return true;
  if (sizeVal === undefined || sizeVal.k !== 'scalar') return bad(x, k + 2, proto, 'a size', sizeVal ?? S.UNKNOWN, 'scalar');
  if (sizeVal.smin < 0n) return badSize(x, k + 2, proto, 'may be negative', true);
  if (sizeVal.umax >= MAX_MEM_SIZE) return badSize(x, k + 2, proto, 'has no upper bound on this path', false);
  if (sizeVal.umax === 0n) return zeroOk ? true : badSize(x, k + 2, proto, 'is zero', false);
  if (!acceptsMemory(v)) return bad(x, k + 1, proto, 'a pointer to memory', v, KEY_KINDS);
  const mode = kind === 'mem' || kind === 'mem_or_null' ? 'read' : 'write';
  const ok = checkAccess(x, { ptr: v, op: i.args[k], off: 0, size: Number(sizeVal.umax), mode, helper: proto.name }) !== undefined;
  if (ok && kind === 'mem_rw') return checkAccess(x, { ptr: v, op: i.args[k], off: 0, size: Number(sizeVal.umax), mode: 'read', helper: proto.name }) !== undefined;
  return ok;
}

function badSize(x: Exec, n: number, proto: HelperProto, why: string, negative: boolean): false {
  fail(x, helperArg.info, helperArg.sizeMessage(n, proto.name, why), helperArg.sizeKernel(n, negative));
  return false;
}

/** Out-parameters on the stack hold unknown bytes once the helper returns; a released reference ends. */
function applyEffects(x: Exec, proto: HelperProto, args: Value[]): void {
  proto.args.forEach((kind, k) => {
    const v = args[k];
    if (kind === 'sock_release' && v?.k === 'sock' && v.ref !== undefined) release(x, v.ref);
    if (!v || v.k !== 'stack') return;
    const writes = kind === 'mem_out' || kind === 'mem_rw' || kind === 'value_out' || kind === 'u32_out';
    if (!writes) return;
    const size = kind === 'u32_out' ? 4 : kind === 'value_out' ? mapValueSize(x, proto, args) : sizeArg(args[k + 1]);
    const off = v.off + Number(v.var.smin);
    if (size > 0 && off >= -512 && off + size <= 0) x.st.writable(v.frame).stack.writeMisc(off, size);
  });
}

function mapValueSize(x: Exec, proto: HelperProto, args: Value[]): number {
  const k = proto.args.indexOf('map');
  const m = k >= 0 && args[k]?.k === 'map_ref' ? x.env.map((args[k] as { map: string }).map) : undefined;
  return m?.valueSize ?? 0;
}

function sizeArg(v: Value | undefined): number {
  return v && v.k === 'scalar' && v.umax < MAX_MEM_SIZE ? Number(v.umax) : 0;
}

/** After a helper that may move packet data, every packet pointer is a number the kernel will not dereference. */
export function invalidatePackets(x: Exec, by: string): void {
  const at = x.loc;
  x.st.mapValues(v => {
    if (v.k === 'pkt') return { k: 'stale', what: v.space === 'meta' ? 'packet metadata' : 'packet', by, at, origin: v.origin };
    if (v.k === 'pkt_end') return { k: 'stale', what: 'data_end', by, at, origin: v.origin };
    return v;
  });
  x.st.ownMaps();
  x.st.pkt.clear();
  x.st.varMoves.clear();
}

function result(x: Exec, proto: HelperProto, map: MapInfo | undefined, args: Value[]): Value {
  switch (proto.ret) {
    case 'map_value_or_null':
      if (map && zeroKeyIntoArray(x, map, args[1])) return { k: 'map_value', map: map.name, off: 0, var: S.scalarConst(0n), origin: { at: x.loc, what: proto.name } };
      return { k: 'map_value_or_null', map: map?.name ?? '?', off: 0, id: x.env.freshId(), origin: { at: x.loc, what: proto.name } };
    case 'void':
      return S.scalarConst(0n);
    case 'sk_lookup': return acquire(x, 'sock', proto.name);
    case 'skc_lookup': return acquire(x, 'sock_common', proto.name);
    case 'tcp_sock_cast': return cast(x, 'tcp_sock', args[0], proto.name);
    case 'fullsock_cast': return cast(x, 'sock', args[0], proto.name);
    case 'listener_sock': return { k: 'sock_or_null', sub: 'sock', id: x.env.freshId(), origin: { at: x.loc, what: proto.name } };
    default:
      return S.UNKNOWN;
  }
}

/** A lookup result: NULL, or a socket holding a new reference (its id doubles as the reference's). */
function acquire(x: Exec, sub: SockKind, by: string): Value {
  const id = x.env.freshId();
  x.st.ownMaps();
  x.st.refs.set(id, x.loc);
  return { k: 'sock_or_null', sub, id, ref: id, origin: { at: x.loc, what: by } };
}

/** A cast of a socket: NULL, or the same socket seen as another type, sharing its reference. */
function cast(x: Exec, sub: SockKind, from: Value | undefined, by: string): Value {
  const out: Value = { k: 'sock_or_null', sub, id: x.env.freshId(), origin: { at: x.loc, what: by } };
  return from?.k === 'sock' && from.ref !== undefined ? { ...out, ref: from.ref } : out;
}

const BPF_MAP_TYPE_ARRAY = 2;
const BPF_MAP_TYPE_PERCPU_ARRAY = 6;

/**
 * Since Linux 6.14 an ARRAY lookup whose key the verifier sees on the stack as a constant below max_entries
 * cannot return NULL. A zero key is always visible (zeroed stack bytes are tracked byte by byte); a non-zero
 * key is visible only if clang spills it at an 8-byte aligned slot, which depends on its stack layout, so we
 * keep the NULL check for those.
 */
function zeroKeyIntoArray(x: Exec, map: MapInfo, key: Value | undefined): boolean {
  if (map.type !== BPF_MAP_TYPE_ARRAY && map.type !== BPF_MAP_TYPE_PERCPU_ARRAY) return false;
  if (!key || key.k !== 'stack' || !S.isConst(key.var) || map.maxEntries < 1) return false;
  const off = key.off + Number(S.toSigned(key.var.umin));
  if (off < -512 || off + map.keySize > 0) return false;
  const stack = x.st.frames[key.frame].stack;
  const spill = stack.spills.get(off);
  if (spill && spill.size === map.keySize) return spill.value.k === 'scalar' && spill.value.umax === 0n;
  for (let o = off; o < off + map.keySize; o++) if (stack.byteAt(o) !== Byte.Zero) return false;
  return true;
}
