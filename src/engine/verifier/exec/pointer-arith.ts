// Pointer + number, as the kernel's adjust_ptr_min_max_vals allows it: constants move the fixed offset, other
// numbers must have a lower bound and join the variable part. A packet pointer moved by a variable gets a new
// id (its range starts at zero); moving the same pointer by the same variable twice gives the same id, as clang
// would compute it once.

import * as nullDeref from '../checks/null-deref';
import * as endArith from '../checks/packet-end-arith';
import * as ptrArith from '../checks/pointer-arith';
import { makeDiagnostic } from '../checks/types';
import { add, constValue, neg, Scalar, S64_MIN, UNKNOWN } from '../domain/scalar';
import { isOrNull, type Pointer, type Value } from '../domain/value';
import { callChain, type Exec } from './env';
import { nameOf } from './operands';

/** The kernel's BPF_MAX_VAR_OFF: offsets this large make any pointer meaningless. */
const MAX_VAR_OFF = 1n << 29n;

export function kernelKind(p: Pointer): string {
  switch (p.k) {
    case 'pkt': return p.space === 'meta' ? 'pkt_meta' : 'pkt';
    case 'map_value': case 'global': return 'map_value';
    case 'stack': return 'fp';
    case 'map_ref': return 'map_ptr';
    case 'sock': return p.sub;
    case 'sock_or_null': return `${p.sub}_or_null`;
    default: return p.k;
  }
}

/** Plain words for a pointer kind in messages. */
export function describePointer(p: Pointer): string {
  switch (p.k) {
    case 'pkt': return p.space === 'meta' ? 'packet metadata' : 'packet';
    case 'map_value': return 'map value';
    case 'global': return 'global variable';
    case 'stack': return 'stack';
    case 'ctx': return 'context';
    case 'map_ref': return 'map';
    case 'func': return 'function';
    case 'sock': case 'sock_or_null': return 'socket';
    default: return p.k;
  }
}

/** p + s (or p - s when `subtract`); undefined after reporting an error. */
export function pointerAdd(x: Exec, p: Pointer, s: Scalar, opText: string, subtract: boolean): Value | undefined {
  const delta = subtract ? neg(s) : s;
  const c0 = constValue(delta);
  const moves = subtract || (c0 !== undefined && c0 >= 1n << 63n) ? '-' : '+';
  const bad = forbidden(x, p, moves === '-' ? '-' : opText);
  if (bad) return undefined;
  const c = constValue(delta);
  if (c !== undefined) return moveFixed(x, p, c, opText);
  if (delta.smin === S64_MIN) return fail(x, ptrArith.unboundedMessage(describePointer(p)), ptrArith.unboundedKernel(kernelKind(p)));
  if (delta.smin <= -MAX_VAR_OFF || delta.smin >= MAX_VAR_OFF) {
    return fail(x, ptrArith.outOfRangeMessage(describePointer(p), `${delta.smin}`), ptrArith.outOfRangeKernel(kernelKind(p), `${delta.smin}`));
  }
  return moveVariable(x, p, delta);
}

function forbidden(x: Exec, p: Pointer, opText: string): boolean {
  if (p.k === 'pkt_end') {
    x.env.report(makeDiagnostic(endArith.info, x.loc, endArith.message(opText === '-' ? 'subtraction' : 'addition'), endArith.KERNEL, { related: callChain(x.st) }));
    return true;
  }
  if (isOrNull(p)) {
    const from = p.origin?.what ?? 'bpf_map_lookup_elem';
    const msg = nullDeref.message(nameOf(x, p), 'pointer arithmetic', from);
    const related = p.origin ? [{ range: p.origin.at, message: `the pointer comes from ${from} here` }] : [];
    x.env.report(makeDiagnostic(nullDeref.info, x.loc, msg, nullDeref.kernelArith(kernelKind(p)), { related: [...related, ...callChain(x.st)] }));
    return true;
  }
  if (p.k === 'map_ref' || p.k === 'func' || p.k === 'sock') {
    fail(x, ptrArith.opMessage(opText, describePointer(p)), `R pointer arithmetic on ${kernelKind(p)} prohibited`);
    return true;
  }
  return false;
}

function fail(x: Exec, message: string, kernel: string): undefined {
  x.env.report(makeDiagnostic(ptrArith.info, x.loc, message, kernel, { related: callChain(x.st) }));
  return undefined;
}

function moveFixed(x: Exec, p: Pointer, raw: bigint, opText: string): Value | undefined {
  const c = raw >= 1n << 63n ? raw - (1n << 64n) : raw;
  if (c >= MAX_VAR_OFF || c <= -MAX_VAR_OFF) {
    return fail(x, ptrArith.outOfRangeMessage(describePointer(p), `${c}`), `math between ${kernelKind(p)} pointer and ${c} is not allowed`);
  }
  const d = Number(c);
  switch (p.k) {
    case 'pkt': case 'map_value': case 'stack': case 'global': return { ...p, off: p.off + d };
    case 'ctx': return { ...p, off: p.off + d };
    default:
      return fail(x, ptrArith.opMessage(opText, describePointer(p)), `R pointer arithmetic on ${kernelKind(p)} prohibited`);
  }
}

function moveVariable(x: Exec, p: Pointer, delta: Scalar): Value | undefined {
  switch (p.k) {
    case 'pkt': return { ...p, id: packetIdFor(x, p.id, p.off, p.space, delta), var: add(p.var, delta) };
    case 'map_value': case 'stack': case 'global': return { ...p, var: add(p.var, delta) };
    case 'ctx':
      return fail(x, 'a variable offset into the context is not allowed', 'variable ctx access var_off is not allowed');
    default:
      return UNKNOWN;
  }
}

/** The same base moved by the same (linked) variable gets the same id on this path. */
function packetIdFor(x: Exec, baseId: number, off: number, space: string, delta: Scalar): number {
  if (delta.id === undefined) return x.env.freshId();
  const key = `${space}:${baseId}:${off}:${delta.id}`;
  const known = x.st.varMoves.get(key);
  if (known !== undefined) return known;
  const id = x.env.freshId();
  x.st.ownMaps();
  x.st.varMoves.set(key, id);
  return id;
}
