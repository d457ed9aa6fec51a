// Conditional branches and switches: decide them when the values do, otherwise follow both ways, each side
// learning what its condition implies — bounds of compared numbers (and of every copy), a packet range proven
// by a comparison with data_end, a lookup result that is or is not NULL.

import type { IrFunction, Operand, Reg, Terminator } from '../../ir/ir';
import type { BranchTest } from '../analysis/conditions';
import { decide, negateCC, refine } from '../domain/compare';
import * as S from '../domain/scalar';
import type { State } from '../domain/state';
import { isNonNullPointer, isOrNull, isPointer, type OrNull, type Value, ZERO } from '../domain/value';
import { typed } from './alu';
import type { Exec } from './env';
import { peek, refineScalar } from './operands';
import { packetCompare } from './packet-compare';

export interface Edge {
  st: State;
  to: number;
}

/** The states on the true and false sides; undefined for a side that cannot be taken. */
export type Sides = [State | undefined, State | undefined];

type Cmp = BranchTest['cmp'];

export function branchCbr(x: Exec, t: Extract<Terminator, { op: 'cbr' }>, test: BranchTest | undefined): Edge[] {
  let sides: Sides;
  if (test) {
    const s = compareSides(x, test.cmp);
    sides = test.negated ? [s[1], s[0]] : s;
  } else {
    sides = truthSides(x, t.cond);
  }
  excuseConfig(x, t, sides, test);
  const out: Edge[] = [];
  if (sides[0]) out.push({ st: sides[0], to: t.t });
  if (sides[1]) out.push({ st: sides[1], to: t.f });
  return out;
}

/**
 * A branch decided by read-only configuration leaves dead code on purpose, and a NULL check of a pointer known
 * to be non-NULL is still good practice: neither side is reported as unreachable.
 */
function excuseConfig(x: Exec, t: Extract<Terminator, { op: 'cbr' }>, sides: Sides, test: BranchTest | undefined): void {
  if (sides[0] && sides[1]) return;
  const ops: Operand[] = test ? [test.cmp.a, test.cmp.b] : [t.cond];
  const excused = ops.some(o => {
    const v = peek(x.st, o);
    return (v.k === 'scalar' && v.cfg === true) || isPointer(v);
  });
  if (excused) x.env.excuse(x.st.top.fn.name, sides[0] ? t.f : t.t);
}

function compareSides(x: Exec, cmp: Cmp): Sides {
  const a = peek(x.st, cmp.a);
  const b = peek(x.st, cmp.b);
  if (!isPointer(a) && !isPointer(b)) return scalarSides(x, cmp, a, b);
  const pkt = cmp.ty.bits === 64 && !cmp.ty.signed ? packetCompare(x, cmp.cc, a, b) : undefined;
  if (pkt) return pkt;
  if (cmp.cc === 'eq' || cmp.cc === 'ne') {
    const n = nullSides(x, a, b);
    if (n) return cmp.cc === 'eq' ? n : [n[1], n[0]];
  }
  return [x.st.copy(), x.st];
}

function scalarSides(x: Exec, cmp: Cmp, a: Value, b: Value): Sides {
  const ta = typed(a, cmp.ty);
  const tb = typed(b, cmp.ty);
  const d = decide(ta, tb, cmp.cc, cmp.ty.signed);
  if (d === true) return [x.st, undefined];
  if (d === false) return [undefined, x.st];
  const onTrue = refine(ta, tb, cmp.cc, cmp.ty.signed);
  const onFalse = refine(ta, tb, negateCC(cmp.cc), cmp.ty.signed);
  const tState = onTrue ? x.st.copy() : undefined;
  if (tState && onTrue) applyRefinement(tState, cmp, a, b, ta, tb, onTrue);
  if (onFalse) applyRefinement(x.st, cmp, a, b, ta, tb, onFalse);
  return [tState, onFalse ? x.st : undefined];
}

/** Writes refined bounds back to an operand register, when the comparison saw its value unchanged. */
function applyRefinement(st: State, cmp: Cmp, a: Value, b: Value, ta: S.Scalar, tb: S.Scalar, r: [S.Scalar, S.Scalar]): void {
  writeBack(st, cmp.a, a, ta, r[0]);
  writeBack(st, cmp.b, b, tb, r[1]);
}

function writeBack(st: State, o: Operand, v: Value, seen: S.Scalar, next: S.Scalar): void {
  if (!('r' in o) || v.k !== 'scalar' || seen !== v) return;
  if (st.top.regs[o.r].k === 'uninit') return;
  refineScalar(st, o.r, v, next);
}

/** p == NULL: for a lookup result, both sides and every copy learn; a non-null pointer decides the branch. */
function nullSides(x: Exec, a: Value, b: Value): Sides | undefined {
  const isNull = (v: Value): boolean => v.k === 'scalar' && S.constValue(v) === 0n;
  const p = isNull(b) ? a : isNull(a) ? b : undefined;
  if (!p) return undefined;
  if (isOrNull(p)) return splitNull(x, p);
  if (isNonNullPointer(p)) return [undefined, x.st];
  return undefined;
}

/**
 * [state where it is NULL, state where it is not]. A socket lookup that found nothing holds no reference; a
 * cast (bpf_tcp_sock) that gives NULL leaves its argument's reference held.
 */
function splitNull(x: Exec, p: OrNull): Sides {
  const isNull = x.st.copy();
  const id = p.id;
  const same = (v: Value): v is OrNull => isOrNull(v) && v.id === id && v.k === p.k;
  isNull.mapById(id, v => (same(v) ? ZERO : v));
  if (p.k === 'sock_or_null' && p.ref === p.id) {
    isNull.ownMaps();
    isNull.refs.delete(p.ref);
  }
  x.st.mapById(id, v => {
    if (!same(v)) return v;
    if (v.k === 'map_value_or_null') return { k: 'map_value', map: v.map, off: v.off, var: ZERO, origin: v.origin };
    const sock: Value = { k: 'sock', sub: v.sub, origin: v.origin };
    return v.ref === undefined ? sock : { ...sock, ref: v.ref };
  });
  return [isNull, x.st];
}

function truthSides(x: Exec, cond: Operand): Sides {
  const c = peek(x.st, cond);
  if (isOrNull(c)) {
    const [isNull, notNull] = splitNull(x, c);
    return [notNull, isNull];
  }
  if (isNonNullPointer(c)) return [x.st, undefined];
  if (c.k !== 'scalar') return [x.st.copy(), x.st];
  const d = decide(c, ZERO, 'ne', false);
  if (d === true) return [x.st, undefined];
  if (d === false) return [undefined, x.st];
  const onTrue = refine(c, ZERO, 'ne', false);
  const onFalse = refine(c, ZERO, 'eq', false);
  const tState = onTrue ? x.st.copy() : undefined;
  const reg: Reg | undefined = 'r' in cond ? cond.r : undefined;
  if (tState && onTrue && reg !== undefined) refineScalar(tState, reg, c, onTrue[0]);
  if (onFalse && reg !== undefined) refineScalar(x.st, reg, c, onFalse[0]);
  return [tState, onFalse ? x.st : undefined];
}

export function branchSwitch(x: Exec, t: Extract<Terminator, { op: 'switch' }>): Edge[] {
  const v = peek(x.st, t.v);
  const fn = x.st.top.fn;
  if (v.k !== 'scalar') return [...t.cases.map(c => ({ st: x.st.copy(), to: c.to })), { st: x.st, to: t.dflt }];
  const seen = typed(v, t.ty);
  const out: Edge[] = [];
  let rest: S.Scalar | undefined = seen;
  // Case labels that share a body (`case 0: case 43: case 60: …`) reach it through empty blocks: one path enters
  // it, knowing the value is one of them, rather than one path per label that only differs in the value.
  const groups = new Map<number, S.Scalar>();
  for (const c of t.cases) {
    const k = typed(S.scalarConst(c.value), t.ty);
    if (decide(seen, k, 'eq', t.ty.signed) === false) continue;
    const to = forwardTarget(fn, c.to);
    const prev = groups.get(to);
    groups.set(to, prev ? S.join(prev, k) : k);
    if (rest) rest = refine(rest, k, 'ne', t.ty.signed)?.[0];
  }
  for (const [to, values] of groups) {
    const st = x.st.copy();
    writeBack(st, t.v, v, seen, S.withId(S.meet(seen, values) ?? values, v.id));
    out.push({ st, to });
  }
  if (rest) {
    writeBack(x.st, t.v, v, seen, rest);
    out.push({ st: x.st, to: t.dflt });
  } else if (v.cfg) {
    x.env.excuse(x.st.top.fn.name, t.dflt);
  }
  return out;
}

/** Where a case label's block leads when it holds nothing but a jump (a label falling through to the next). */
function forwardTarget(fn: IrFunction, block: number): number {
  let b = block;
  for (let hops = 0; hops < 16; hops++) {
    const blk = fn.blocks[b];
    if (blk.insts.length > 0 || blk.term.op !== 'br' || blk.loop) return b;
    b = blk.term.to;
  }
  return b;
}
