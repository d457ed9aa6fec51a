// Comparisons between scalars: whether a branch is decided, and what each side learns when it is taken.

import type { CmpCC } from '../../ir/ir';
import { constValue, meet, normalizeParts, Scalar, withId } from './scalar';

/** The condition that holds on the other branch. */
export function negateCC(cc: CmpCC): CmpCC {
  switch (cc) {
    case 'eq': return 'ne';
    case 'ne': return 'eq';
    case 'lt': return 'ge';
    case 'le': return 'gt';
    case 'gt': return 'le';
    case 'ge': return 'lt';
  }
}

/** The same condition with its operands swapped (a < b is b > a). */
export function swapCC(cc: CmpCC): CmpCC {
  switch (cc) {
    case 'lt': return 'gt';
    case 'le': return 'ge';
    case 'gt': return 'lt';
    case 'ge': return 'le';
    default: return cc;
  }
}

/** true or false when every pair of values decides the comparison the same way, else undefined. */
export function decide(a: Scalar, b: Scalar, cc: CmpCC, signed: boolean): boolean | undefined {
  const xlo = signed ? a.smin : a.umin;
  const xhi = signed ? a.smax : a.umax;
  const ylo = signed ? b.smin : b.umin;
  const yhi = signed ? b.smax : b.umax;
  switch (cc) {
    case 'eq': return decideEq(a, b);
    case 'ne': {
      const d = decideEq(a, b);
      return d === undefined ? undefined : !d;
    }
    case 'lt': return xhi < ylo ? true : xlo >= yhi ? false : undefined;
    case 'le': return xhi <= ylo ? true : xlo > yhi ? false : undefined;
    case 'gt': return xlo > yhi ? true : xhi <= ylo ? false : undefined;
    case 'ge': return xlo >= yhi ? true : xhi < ylo ? false : undefined;
  }
}

function decideEq(a: Scalar, b: Scalar): boolean | undefined {
  const ca = constValue(a);
  const cb = constValue(b);
  if (ca !== undefined && ca === cb) return true;
  // Disjoint bounds need no meet (which would say the same, after building a value).
  if (a.umax < b.umin || b.umax < a.umin || a.smax < b.smin || b.smax < a.smin) return false;
  return meet(a, b) === undefined ? false : undefined;
}

/** What a and b are when `a cc b` holds; undefined when it cannot hold. */
export function refine(a: Scalar, b: Scalar, cc: CmpCC, signed: boolean): [Scalar, Scalar] | undefined {
  switch (cc) {
    case 'eq': {
      const m = meet(a, b);
      if (!m) return undefined;
      return [withId(m, a.id), b.id !== undefined ? withId(m, b.id) : m];
    }
    case 'ne': return refineNe(a, b);
    case 'lt': return refineLess(a, b, signed, 1n);
    case 'le': return refineLess(a, b, signed, 0n);
    case 'gt': return swapPair(refineLess(b, a, signed, 1n));
    case 'ge': return swapPair(refineLess(b, a, signed, 0n));
  }
}

function swapPair(p: [Scalar, Scalar] | undefined): [Scalar, Scalar] | undefined {
  return p ? [p[1], p[0]] : undefined;
}

/** a < b (gap 1) or a <= b (gap 0): a's top drops below b's top, b's bottom rises above a's bottom. */
function refineLess(a: Scalar, b: Scalar, signed: boolean, gap: bigint): [Scalar, Scalar] | undefined {
  const na = signed
    ? normalizeParts(a.smin, minB(a.smax, b.smax - gap), a.umin, a.umax, a.t, a.id)
    : normalizeParts(a.smin, a.smax, a.umin, minB(a.umax, b.umax - gap), a.t, a.id);
  const nb = signed
    ? normalizeParts(maxB(b.smin, a.smin + gap), b.smax, b.umin, b.umax, b.t, b.id)
    : normalizeParts(b.smin, b.smax, maxB(b.umin, a.umin + gap), b.umax, b.t, b.id);
  return na && nb ? [na, nb] : undefined;
}

/** Only a constant on one side teaches anything: the other side loses that value if it sits at an end. */
function refineNe(a: Scalar, b: Scalar): [Scalar, Scalar] | undefined {
  const ca = constValue(a);
  const cb = constValue(b);
  if (ca !== undefined && cb !== undefined) return ca === cb ? undefined : [a, b];
  if (cb !== undefined) {
    const na = dropEnd(a, cb);
    return na ? [na, b] : undefined;
  }
  if (ca !== undefined) {
    const nb = dropEnd(b, ca);
    return nb ? [a, nb] : undefined;
  }
  return [a, b];
}

function dropEnd(s: Scalar, c: bigint): Scalar | undefined {
  let { umin, umax } = s;
  if (umin === c) umin += 1n;
  if (umax === c) umax -= 1n;
  return normalizeParts(s.smin, s.smax, umin, umax, s.t, s.id);
}

const minB = (x: bigint, y: bigint): bigint => (x < y ? x : y);
const maxB = (x: bigint, y: bigint): bigint => (x > y ? x : y);
