// The shape of a helper model and the accessors for its arguments. Arguments arrive in the machine's argLo/
// argHi arrays (R1..R5 as 64-bit pairs); a helper returns a JS number (any safe integer, negative for
// errors) or a BigInt for full 64-bit results.

import type { ProgramType } from '../../ir/ir';
import { fault } from '../fault';
import type { Machine } from '../machine';
import { toI64, toU64 } from '../value';

export type HelperImpl = (m: Machine) => number | bigint;

export interface HelperSpec {
  id: number;
  name: string;
  impl: HelperImpl;
  /** Program types that may call it; both when absent. */
  types?: ProgramType[];
  /** The kernel invalidates packet pointers after this helper (bpf_helper_changes_pkt_data). */
  changesPacket?: boolean;
}

export function u32(m: Machine, i: number): number {
  return m.argLo[i] >>> 0;
}

export function i32(m: Machine, i: number): number {
  return m.argLo[i];
}

export function u64(m: Machine, i: number): bigint {
  return toU64(m.argLo[i], m.argHi[i]);
}

export function i64(m: Machine, i: number): bigint {
  return toI64(m.argLo[i], m.argHi[i]);
}

/** A 64-bit argument as a JS number when it is below 2^53 (flags, sizes); otherwise Infinity. */
export function num(m: Machine, i: number): number {
  const hi = m.argHi[i] >>> 0;
  if (hi >= 0x200000) return Infinity;
  return hi * 4294967296 + (m.argLo[i] >>> 0);
}

/** A pointer argument's address; a value no region can hold gives -1 (and then faults where it is used). */
export function ptr(m: Machine, i: number): number {
  return m.argHi[i] === 0 && m.argLo[i] >= 0 ? m.argLo[i] : -1;
}

/** A pointer argument that must not be NULL (the verifier guarantees these). */
export function needPtr(m: Machine, i: number, helper: string, what: string): number {
  const p = ptr(m, i);
  if (p === 0) fault('helper', `${helper}: ${what} is NULL`);
  return p;
}
