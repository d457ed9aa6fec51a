// Whether one state includes another, for pruning: a path that reaches a point in a state included in one
// already explored from there can stop, since everything it could do has been checked. As in the kernel, ids
// (packet ranges, null checks, linked scalars) must correspond one to one, packet ranges must be at least as
// large, and a byte or register the old state never had initialised matches anything.

import type { StackMem } from './stack';
import { includes as scalarIncludes, isUnknown } from './scalar';
import type { State } from './state';
import { sameShape, Value } from './value';

/**
 * A one-to-one correspondence between ids of the old state and ids of the current one, per kind of id. A
 * comparison pairs only a few ids, so the pairs sit in flat arrays searched in order, and one instance is reused
 * (reset) for every comparison.
 */
class IdMap {
  private readonly kinds: number[] = [];
  private readonly olds: number[] = [];
  private readonly curs: number[] = [];
  /** Pairs in use (the arrays keep their room between comparisons). */
  private n = 0;

  reset(): IdMap {
    this.n = 0;
    return this;
  }

  check(kind: IdKind, old: number, cur: number): boolean {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      if (this.kinds[i] !== kind) continue;
      if (this.olds[i] === old) return this.curs[i] === cur;
      if (this.curs[i] === cur) return false;
    }
    this.kinds[n] = kind;
    this.olds[n] = old;
    this.curs[n] = cur;
    this.n = n + 1;
    return true;
  }
}

const sharedIds = new IdMap();

const enum IdKind {
  Scalar = 0,
  Packet = 1,
  Meta = 2,
  Null = 3,
  Ref = 4,
}

export interface Compare {
  readonly old: State;
  readonly cur: State;
  readonly ids: IdMap;
  fresh: number;
}

/**
 * Registers of frame `f` at the point being compared: `precise` ones are compared by value, `live` ones (read
 * later, but never in a way the verifier checks) only need to be written whenever they were before.
 */
export type RelevantRegs = (frame: number) => FrameView;

export interface FrameView {
  precise: readonly number[];
  live: readonly number[];
  /** Stack bytes (index STACK_SIZE + offset) nothing reads any more: 1 to skip. */
  deadBytes?: Uint8Array;
}

export function stateIncludes(old: State, cur: State, relevant: RelevantRegs): boolean {
  if (old.frames.length !== cur.frames.length) return false;
  const c: Compare = { old, cur, ids: sharedIds.reset(), fresh: -1 };
  const n = old.frames.length;
  if (old.refs.size !== cur.refs.size || (old.refs.size > 0 && !refsCorrespond(c))) return false;
  // Registers first, innermost frame first: that is where states usually differ, and it is cheap.
  for (let f = n - 1; f >= 0; f--) {
    const of = old.frames[f];
    const cf = cur.frames[f];
    if (of.fn !== cf.fn || of.key !== cf.key) return false;
    const regs = relevant(f);
    for (const r of regs.precise) if (!valueIncludes(c, of.regs[r], cf.regs[r])) return false;
    for (const r of regs.live) if (cf.regs[r].k === 'uninit' && of.regs[r].k !== 'uninit') return false;
  }
  for (let f = n - 1; f >= 0; f--) if (!stackIncludes(c, old.frames[f].stack, cur.frames[f].stack, relevant(f).deadBytes)) return false;
  return true;
}

/** References are held in the same order on both paths, one for one (the kernel's refsafe). */
function refsCorrespond(c: Compare): boolean {
  const cur = [...c.cur.refs.keys()];
  let i = 0;
  for (const id of c.old.refs.keys()) if (!c.ids.check(IdKind.Ref, id, cur[i++])) return false;
  return true;
}

function refIncludes(c: Compare, a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return c.ids.check(IdKind.Ref, a, b);
}

export function valueIncludes(c: Compare, a: Value, b: Value): boolean {
  if (a.k === 'uninit' || a.k === 'mixed') return true;
  if (a === b && a.k !== 'pkt' && a.k !== 'map_value_or_null' && a.k !== 'sock' && a.k !== 'sock_or_null' && (a.k !== 'scalar' || a.id === undefined)) return true;
  if (a.k === 'stale') return b.k === 'stale' || b.k === 'scalar';
  if (a.k === 'scalar') {
    if (b.k === 'stale') return isUnknown(a) && a.id === undefined;
    if (b.k !== 'scalar' || !scalarIncludes(a, b)) return false;
    if (a.id === undefined) return true;
    return c.ids.check(IdKind.Scalar, a.id, b.id ?? c.fresh--);
  }
  if (!sameShape(a, b)) return false;
  if (a.k === 'pkt' && b.k === 'pkt') {
    if (!c.ids.check(a.space === 'data' ? IdKind.Packet : IdKind.Meta, a.id, b.id)) return false;
    return c.old.rangeOf(a.space, a.id) <= c.cur.rangeOf(b.space, b.id);
  }
  if (a.k === 'map_value_or_null' && b.k === 'map_value_or_null') return c.ids.check(IdKind.Null, a.id, b.id);
  if (a.k === 'sock' && b.k === 'sock') return refIncludes(c, a.ref, b.ref);
  if (a.k === 'sock_or_null' && b.k === 'sock_or_null') return c.ids.check(IdKind.Null, a.id, b.id) && refIncludes(c, a.ref, b.ref);
  return true;
}

// Byte states and the frame size as plain numbers in the hot loop (see Byte and STACK_SIZE in stack.ts).
const STACK_SIZE = 512;
const UNINIT = 0;
const MISC = 1;
const ZERO = 2;
const SPILL = 3;

function stackIncludes(c: Compare, old: StackMem, cur: StackMem, dead: Uint8Array | undefined): boolean {
  const low = STACK_SIZE + Math.min(old.low, cur.low);
  const ob = old.bytes;
  const cb = cur.bytes;
  const ow = old.words;
  const cw = cur.words;
  for (let i = low; i < STACK_SIZE; i++) {
    // Whole equal words first: most of two related stacks is the same.
    if ((i & 3) === 0 && ow[i >> 2] === cw[i >> 2]) {
      i += 3;
      continue;
    }
    const o = ob[i];
    if (o === UNINIT || o === SPILL || o === cb[i] || (dead && dead[i])) continue;
    const n = cb[i];
    if (o === MISC && n !== UNINIT) continue;
    if (o === ZERO && zeroSpillAt(cur, i - STACK_SIZE)) continue;
    return false;
  }
  if (old.spills.size === 0) return true;
  for (const s of old.spillList()) {
    if (dead && dead[STACK_SIZE + s.off] && dead[STACK_SIZE + s.off + s.size - 1]) continue;
    const cs = cur.spills.get(s.off);
    if (cs && cs.size === s.size) {
      if (!valueIncludes(c, s.value, cs.value)) return false;
      continue;
    }
    if (s.value.k !== 'scalar' || !isUnknown(s.value) || s.value.id !== undefined) return false;
    for (let i = STACK_SIZE + s.off; i < STACK_SIZE + s.off + s.size; i++) if (cb[i] === UNINIT) return false;
  }
  return true;
}

function zeroSpillAt(st: StackMem, off: number): boolean {
  for (const s of st.spillList()) {
    if (off >= s.off && off < s.off + s.size) return s.value.k === 'scalar' && s.value.umax === 0n;
  }
  return false;
}

/**
 * Facts of an explored state that any state it includes must share exactly: its precise registers and spilled
 * scalars that hold one known number (an included state must hold that same number there), and its spilled
 * pointers (an included state must hold a pointer of the same shape there: a cursor at another header offset
 * does not match). Checked before the full comparison, they reject most non-matching states at the cost of a
 * few lookups; each is a condition the full comparison also requires, so they never reject an included state.
 */
export interface QuickFacts {
  /** Flat triples: frame, register, value (one array, not one per fact: they are made for many checkpoints). */
  regs: Array<number | bigint>;
  /** Flat quadruples: frame, offset, size, value. */
  spills: Array<number | bigint>;
  /** Flat quadruples: frame, offset, size, pointer. */
  pointers: Array<number | Value>;
}

export function quickFacts(old: State, relevant: RelevantRegs): QuickFacts {
  const regs: QuickFacts['regs'] = [];
  const spills: QuickFacts['spills'] = [];
  const pointers: QuickFacts['pointers'] = [];
  for (let f = old.frames.length - 1; f >= 0; f--) {
    const fr = old.frames[f];
    const view = relevant(f);
    for (const r of view.precise) {
      const v = fr.regs[r];
      if (v.k === 'scalar' && v.umin === v.umax) regs.push(f, r, v.umin);
    }
    const dead = view.deadBytes;
    for (const sp of fr.stack.spillList()) {
      const v = sp.value;
      if (dead && dead[STACK_SIZE + sp.off] && dead[STACK_SIZE + sp.off + sp.size - 1]) continue;
      if (v.k === 'scalar') {
        if (v.umin === v.umax) spills.push(f, sp.off, sp.size, v.umin);
      } else if (v.k !== 'stale' && v.k !== 'uninit' && v.k !== 'mixed') {
        pointers.push(f, sp.off, sp.size, v);
      }
    }
  }
  return { regs, spills, pointers };
}

/** True when `cur` certainly differs from the explored state those facts describe (false: compare fully). */
export function quickRejects(q: QuickFacts, cur: State): boolean {
  const frames = cur.frames;
  const regs = q.regs;
  for (let i = 0; i < regs.length; i += 3) {
    const fr = frames[regs[i] as number];
    const v = fr ? fr.regs[regs[i + 1] as number] : undefined;
    const c = regs[i + 2] as bigint;
    if (!v || v.k !== 'scalar' || v.umin !== c || v.umax !== c) return true;
  }
  const spills = q.spills;
  for (let i = 0; i < spills.length; i += 4) {
    const fr = frames[spills[i] as number];
    const sp = fr ? fr.stack.spills.get(spills[i + 1] as number) : undefined;
    const c = spills[i + 3] as bigint;
    if (!sp || sp.size !== spills[i + 2] || sp.value.k !== 'scalar' || sp.value.umin !== c || sp.value.umax !== c) return true;
  }
  const ptrs = q.pointers;
  for (let i = 0; i < ptrs.length; i += 4) {
    const fr = frames[ptrs[i] as number];
    const sp = fr ? fr.stack.spills.get(ptrs[i + 1] as number) : undefined;
    const p = ptrs[i + 3] as Value;
    if (!sp || sp.size !== ptrs[i + 2] || (sp.value !== p && !sameShape(p, sp.value))) return true;
  }
  return false;
}

/**
 * A hash of what must be equal for one state to include another: the kind (and fixed offset, and map) of every
 * relevant register, and of every pointer spilled where the stack is still read. States are bucketed by it so a
 * new state is compared only with states that might include it; a collision only costs comparisons. (An old state
 * with plain bytes where the new one spilled a pointer would include it, but lands in another bucket: a prune
 * missed, never a wrong one.)
 */
export function shapeKey(st: State, relevant: RelevantRegs): number {
  let h = 17;
  for (let f = st.frames.length - 1; f >= 0; f--) {
    const fr = st.frames[f];
    const regs = fr.regs;
    const view = relevant(f);
    for (const r of view.precise) h = (Math.imul(h, 31) + shapeOf(regs[r])) | 0;
    h = (Math.imul(h, 31) + 7) | 0;
    if (fr.stack.spills.size === 0) continue;
    const dead = view.deadBytes;
    for (const sp of fr.stack.spillList()) {
      const v = sp.value;
      if (v.k === 'scalar' || v.k === 'stale' || v.k === 'uninit' || v.k === 'mixed') continue;
      if (dead && dead[STACK_SIZE + sp.off] && dead[STACK_SIZE + sp.off + sp.size - 1]) continue;
      h = (Math.imul(h, 31) + Math.imul(sp.off, 65599) + shapeOf(v)) | 0;
    }
  }
  return h;
}

const nameHashes = new Map<string, number>();

function nameHash(s: string): number {
  let h = nameHashes.get(s);
  if (h !== undefined) return h;
  h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 33) + s.charCodeAt(i)) | 0;
  nameHashes.set(s, h);
  return h;
}

function shapeOf(v: Value): number {
  switch (v.k) {
    case 'scalar': case 'stale': return 1;
    case 'pkt': return (v.space === 'meta' ? 3 : 2) + Math.imul(v.off, 101);
    case 'map_value': return 4 + Math.imul(v.off, 101) + nameHash(v.map);
    case 'map_value_or_null': return 5 + Math.imul(v.off, 101) + nameHash(v.map);
    case 'stack': return 6 + Math.imul(v.off, 101) + Math.imul(v.frame, 7919);
    case 'global': return 8 + Math.imul(v.off, 101) + nameHash(v.name);
    case 'ctx': return 9 + Math.imul(v.off, 101);
    case 'map_ref': return 10 + nameHash(v.map);
    case 'func': return 11 + nameHash(v.name);
    case 'pkt_end': return 12;
    case 'sock': return 14 + nameHash(v.sub);
    case 'sock_or_null': return 15 + nameHash(v.sub);
    default: return 13;
  }
}
