// What a register (or a spilled stack slot) may hold: a scalar or one of the pointer kinds the kernel tracks.
// Pointers carry a fixed byte offset plus a variable part (a scalar), as the kernel's `off` and `var_off` do.
// Packet ranges are not stored in the pointer: every copy of a packet pointer shares an id, and the state maps
// ids to proven ranges, so a bounds check on one copy proves all of them.

import type { Range } from '../../diagnostics';
import {
  add as scalarAdd, constValue, includes as scalarIncludes, isConst, join as scalarJoin, Scalar, scalarConst, scalarToString, UNKNOWN,
  widen as scalarWiden,
} from './scalar';

/** Where a pointer came from, for the causal path of a diagnostic. */
export interface Origin {
  at: Range;
  what: string;
}

/** The packet proper (bounded by packet_end) or the metadata area before it (bounded by the packet start). */
export type PacketSpace = 'data' | 'meta';

export interface PacketPtr {
  k: 'pkt';
  space: PacketSpace;
  id: number;
  off: number;
  var: Scalar;
  origin?: Origin;
}

export interface PacketEnd {
  k: 'pkt_end';
  origin?: Origin;
}

export interface CtxPtr {
  k: 'ctx';
  off: number;
}

export interface MapValuePtr {
  k: 'map_value';
  map: string;
  off: number;
  var: Scalar;
  origin?: Origin;
}

export interface MapValueOrNull {
  k: 'map_value_or_null';
  map: string;
  off: number;
  /** Every copy of one lookup result shares this id: a null check on one settles all. */
  id: number;
  origin?: Origin;
}

export interface StackPtr {
  k: 'stack';
  /** Index of the frame in the call chain (0 = the program). */
  frame: number;
  /** Offset from that frame's frame pointer (negative inside the frame). */
  off: number;
  var: Scalar;
}

/** What a socket pointer points to: the kernel's PTR_TO_SOCK_COMMON, PTR_TO_SOCKET and PTR_TO_TCP_SOCK. */
export type SockKind = 'sock_common' | 'sock' | 'tcp_sock';

export interface SockPtr {
  k: 'sock';
  sub: SockKind;
  /** The reference a lookup acquired (shared by casts of it); it must be released before the program ends. */
  ref?: number;
  origin?: Origin;
}

export interface SockOrNull {
  k: 'sock_or_null';
  sub: SockKind;
  /** Every copy of one result shares this id: a null check on one settles all. */
  id: number;
  ref?: number;
  origin?: Origin;
}

export interface MapRef {
  k: 'map_ref';
  map: string;
}

export interface GlobalPtr {
  k: 'global';
  name: string;
  section: string;
  readonly: boolean;
  size: number;
  off: number;
  var: Scalar;
}

export interface FuncPtr {
  k: 'func';
  name: string;
}

/** A packet pointer a helper invalidated; the kernel turns it into an unknown scalar, we remember why. */
export interface StalePtr {
  k: 'stale';
  what: string;
  by: string;
  at: Range;
  origin?: Origin;
}

export interface Uninit {
  k: 'uninit';
}

/** Different kinds on different paths; only appears in joined summaries (hovers). */
export interface Mixed {
  k: 'mixed';
}

export type Pointer = PacketPtr | PacketEnd | CtxPtr | MapValuePtr | MapValueOrNull | StackPtr | MapRef | GlobalPtr | FuncPtr | SockPtr | SockOrNull;
export type Value = Scalar | Pointer | StalePtr | Uninit | Mixed;

export const UNINIT: Uninit = { k: 'uninit' };
export const MIXED: Mixed = { k: 'mixed' };
export const ZERO = scalarConst(0n);

export function isPointer(v: Value): v is Pointer {
  return v.k !== 'scalar' && v.k !== 'uninit' && v.k !== 'stale' && v.k !== 'mixed';
}

/** Pointers the kernel knows are never NULL (everything but a lookup result before its check). */
export function isNonNullPointer(v: Value): boolean {
  return isPointer(v) && v.k !== 'map_value_or_null' && v.k !== 'sock_or_null';
}

/** A lookup result not yet compared with NULL. */
export type OrNull = MapValueOrNull | SockOrNull;

export function isOrNull(v: Value): v is OrNull {
  return v.k === 'map_value_or_null' || v.k === 'sock_or_null';
}

/** The scalar a value reads as when used in arithmetic that is not pointer arithmetic. */
export function asScalar(v: Value): Scalar {
  return v.k === 'scalar' ? v : UNKNOWN;
}

/** Pointer kinds with a variable offset part. */
export type OffsetPointer = PacketPtr | MapValuePtr | StackPtr | GlobalPtr;

export function hasVar(v: Value): v is OffsetPointer {
  return v.k === 'pkt' || v.k === 'map_value' || v.k === 'stack' || v.k === 'global';
}

/** Proven packet range of an id (bytes from the pointer's base), looked up in the state. */
export type RangeOf = (space: PacketSpace, id: number) => number;

function offText(off: number, v: Scalar): string {
  const c = constValue(v);
  if (c !== undefined) return `${off + Number(c)}`;
  const lo = BigInt(off) + v.smin;
  const hi = BigInt(off) + v.smax;
  return `[${lo}, ${hi}]`;
}

const plusOff = (off: number): string => (off === 0 ? '' : off > 0 ? `+${off}` : `${off}`);

/** Canonical text of a value, as tests, hovers and the debugger show it. */
export function valueToString(v: Value, rangeOf: RangeOf): string {
  switch (v.k) {
    case 'scalar': return scalarToString(v);
    case 'pkt': return packetText(v, rangeOf);
    case 'pkt_end': return 'packet_end';
    case 'ctx': return `ctx${plusOff(v.off)}`;
    case 'map_value': return `map value of ${v.map}${isConst(v.var) ? plusOff(v.off + Number(v.var.umin)) : `+${offText(v.off, v.var)}`}`;
    case 'map_value_or_null': return `map value of ${v.map} or null`;
    case 'stack': return `stack${isConst(v.var) ? plusOff(v.off + Number(v.var.smin)) : `+${offText(v.off, v.var)}`}`;
    case 'map_ref': return `map ${v.map}`;
    case 'global': return `global ${v.name}${isConst(v.var) ? plusOff(v.off + Number(v.var.umin)) : `+${offText(v.off, v.var)}`} (${v.section})`;
    case 'func': return `function ${v.name}`;
    case 'sock': return `socket (${v.sub})`;
    case 'sock_or_null': return `socket (${v.sub}) or null`;
    case 'stale': return `invalid ${v.what} (invalidated by ${v.by})`;
    case 'uninit': return 'uninitialised';
    case 'mixed': return 'scalar or pointer (differs by path)';
  }
}

function packetText(p: PacketPtr, rangeOf: RangeOf): string {
  const base = p.space === 'meta' ? 'packet_meta' : 'packet';
  const range = p.id < 0 ? 0 : rangeOf(p.space, p.id);
  if (isConst(p.var)) return `${base}+${p.off + Number(p.var.umin)}, proven ${range + Number(p.var.umin)}`;
  const ahead = range - p.off;
  return `${base}+${offText(p.off, p.var)}, proven ${ahead > 0 ? `${ahead} bytes from here` : 'nothing from here'}`;
}

/** Least upper bound, for summaries over paths. Packet pointers of different ids share no range (id -1). */
export function joinValues(a: Value, b: Value): Value {
  return combine(a, b, scalarJoin);
}

/** Like join, but growing scalar bounds jump to their extremes. */
export function widenValues(old: Value, next: Value): Value {
  return combine(old, next, scalarWiden);
}

function combine(a: Value, b: Value, f: (x: Scalar, y: Scalar) => Scalar): Value {
  if (a === b) return a;
  if (a.k === 'scalar' && b.k === 'scalar') return f(a, b);
  if (a.k !== b.k) return MIXED;
  switch (a.k) {
    case 'pkt': {
      const o = b as PacketPtr;
      if (a.space !== o.space) return MIXED;
      const [off, v] = mergeOffsets(a.off, a.var, o.off, o.var, f);
      return { ...a, id: a.id === o.id ? a.id : -1, off, var: v };
    }
    case 'map_value': {
      const o = b as MapValuePtr;
      if (a.map !== o.map) return MIXED;
      const [off, v] = mergeOffsets(a.off, a.var, o.off, o.var, f);
      return { ...a, off, var: v };
    }
    case 'stack': {
      const o = b as StackPtr;
      if (a.frame !== o.frame) return MIXED;
      const [off, v] = mergeOffsets(a.off, a.var, o.off, o.var, f);
      return { ...a, off, var: v };
    }
    case 'global': {
      const o = b as GlobalPtr;
      if (a.name !== o.name) return MIXED;
      const [off, v] = mergeOffsets(a.off, a.var, o.off, o.var, f);
      return { ...a, off, var: v };
    }
    case 'map_value_or_null': return a.map === (b as MapValueOrNull).map ? a : MIXED;
    case 'ctx': return a.off === (b as CtxPtr).off ? a : MIXED;
    case 'map_ref': return a.map === (b as MapRef).map ? a : MIXED;
    case 'func': return a.name === (b as FuncPtr).name ? a : MIXED;
    case 'sock': case 'sock_or_null': return a.sub === (b as SockPtr | SockOrNull).sub ? a : MIXED;
    default: return a;
  }
}

/** Two (fixed, variable) offsets as one: the smaller fixed part, the rest folded into the variable part. */
function mergeOffsets(o1: number, v1: Scalar, o2: number, v2: Scalar, f: (x: Scalar, y: Scalar) => Scalar): [number, Scalar] {
  if (o1 === o2) return [o1, f(v1, v2)];
  const off = Math.min(o1, o2);
  const shift = (v: Scalar, d: number): Scalar => (d === 0 ? v : addConst(v, d));
  return [off, f(shift(v1, o1 - off), shift(v2, o2 - off))];
}

function addConst(v: Scalar, d: number): Scalar {
  return scalarAdd(v, scalarConst(BigInt(d)));
}

/** Offsets and kinds only; ids and ranges are the state's business (see state-compare.ts). */
export function sameShape(a: Value, b: Value): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'pkt': { const o = b as PacketPtr; return a.space === o.space && a.off === o.off && scalarIncludes(a.var, o.var); }
    case 'map_value': { const o = b as MapValuePtr; return a.map === o.map && a.off === o.off && scalarIncludes(a.var, o.var); }
    case 'stack': { const o = b as StackPtr; return a.frame === o.frame && a.off === o.off && scalarIncludes(a.var, o.var); }
    case 'global': { const o = b as GlobalPtr; return a.name === o.name && a.off === o.off && scalarIncludes(a.var, o.var); }
    case 'map_value_or_null': { const o = b as MapValueOrNull; return a.map === o.map && a.off === o.off; }
    case 'ctx': return a.off === (b as CtxPtr).off;
    case 'map_ref': return a.map === (b as MapRef).map;
    case 'func': return a.name === (b as FuncPtr).name;
    case 'sock': case 'sock_or_null': return a.sub === (b as SockPtr | SockOrNull).sub;
    default: return true;
  }
}
