// The scalar domain against concrete arithmetic: for small random sets, every concrete result of an operation
// must be a member of the abstract result (soundness), and known cases must come out exact.

import { strict as assert } from 'assert';
import { decide, refine } from '../../../src/engine/verifier/domain/compare';
import * as S from '../../../src/engine/verifier/domain/scalar';
import { MASK64, tnumAdd, tnumConst, tnumIncludes, tnumIntersect, tnumMul, tnumMulLong, tnumRange, type Tnum } from '../../../src/engine/verifier/domain/tnum';

const { scalarConst, scalarSignedRange, scalarUnsignedRange } = S;

/** Whether the 64-bit pattern x is a member of s. */
function contains(s: S.Scalar, x: bigint): boolean {
  const u = x & MASK64;
  const sv = S.toSigned(u);
  return u >= s.umin && u <= s.umax && sv >= s.smin && sv <= s.smax && (u & ~s.t.m & MASK64) === s.t.v;
}

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x;
  };
}

/** A random small set, either a signed range around zero or an unsigned range, sometimes masked. */
function randomScalar(r: () => number): { s: S.Scalar; members: bigint[] } {
  const kind = r() % 3;
  let s: S.Scalar;
  if (kind === 0) {
    const lo = BigInt((r() % 17) - 8);
    s = scalarSignedRange(lo, lo + BigInt(r() % 9));
  } else if (kind === 1) {
    const lo = BigInt(r() % 40);
    s = scalarUnsignedRange(lo, lo + BigInt(r() % 20));
  } else {
    s = S.and(scalarUnsignedRange(0n, BigInt(r() % 64)), scalarConst(BigInt(r() % 64)));
  }
  const members: bigint[] = [];
  for (let x = -70n; x <= 140n; x++) if (contains(s, x)) members.push(x & MASK64);
  return { s, members };
}

const wrap = (x: bigint): bigint => x & MASK64;
const sgn = S.toSigned;

const OPS: Array<[string, (a: S.Scalar, b: S.Scalar) => S.Scalar, (x: bigint, y: bigint) => bigint | undefined]> = [
  ['add', S.add, (x, y) => wrap(x + y)],
  ['sub', S.sub, (x, y) => wrap(x - y)],
  ['mul', S.mul, (x, y) => wrap(x * y)],
  ['and', S.and, (x, y) => x & y],
  ['or', S.or, (x, y) => x | y],
  ['xor', S.xor, (x, y) => x ^ y],
  ['shl', S.shl, (x, y) => (y < 64n ? wrap(x << y) : undefined)],
  ['shr', S.shr, (x, y) => (y < 64n ? x >> y : undefined)],
  ['ashr', S.ashr, (x, y) => (y < 64n ? wrap(sgn(x) >> y) : undefined)],
  ['udiv', S.udiv, (x, y) => (y === 0n ? 0n : x / y)],
  ['umod', S.umod, (x, y) => (y === 0n ? x : x % y)],
  ['sdiv', S.sdiv, (x, y) => (y === 0n ? undefined : wrap(sgn(x) / sgn(y)))],
  ['smod', S.smod, (x, y) => (y === 0n ? undefined : wrap(sgn(x) % sgn(y)))],
];

describe('verifier scalar domain', () => {
  for (const [name, op, concrete] of OPS) {
    it(`${name} is sound on small sets`, () => {
      const r = rng(name.length * 7919);
      for (let i = 0; i < 150; i++) {
        const a = randomScalar(r);
        const b = randomScalar(r);
        const res = op(a.s, b.s);
        for (const x of a.members) {
          for (const y of b.members) {
            const z = concrete(x, y);
            if (z === undefined) continue;
            assert.ok(contains(res, z), `${name}(${S.scalarToString(a.s)}, ${S.scalarToString(b.s)}) = ${S.scalarToString(res)} misses ${sgn(z)} (from ${sgn(x)}, ${sgn(y)})`);
          }
        }
      }
    });
  }

  it('computes constants exactly', () => {
    assert.equal(S.constValue(S.add(scalarConst(3n), scalarConst(4n))), 7n);
    assert.equal(S.constValue(S.mul(scalarConst(6n), scalarConst(7n))), 42n);
    assert.equal(S.constValue(S.sub(scalarConst(0n), scalarConst(1n))), MASK64);
    assert.equal(S.constValue(S.shl(scalarConst(5n), scalarConst(2n))), 20n);
  });

  it('keeps ihl * 4 to [0, 60] in steps of 4', () => {
    const ihl = S.and(scalarUnsignedRange(0n, 255n), scalarConst(15n));
    const len = S.mul(ihl, scalarConst(4n));
    assert.equal(len.umin, 0n);
    assert.equal(len.umax, 60n);
    assert.equal(S.scalarToString(len), 'scalar [0, 60], multiple of 4');
  });

  it('converts between widths as C does', () => {
    assert.equal(S.constValue(S.castTo(scalarConst(MASK64), 32, false)), 0xffffffffn);
    assert.equal(S.constValue(S.castTo(scalarConst(0x1ffn), 8, false)), 0xffn);
    assert.equal(sgn(S.constValue(S.castTo(scalarConst(0xffn), 8, true))!), -1n);
    const byte = scalarUnsignedRange(0n, 255n);
    assert.equal(S.castTo(byte, 32, true), byte, 'a value that fits is unchanged');
    const wide = S.castTo(scalarUnsignedRange(250n, 260n), 8, false);
    assert.equal(wide.umin, 0n);
    assert.equal(wide.umax, 255n);
  });

  it('renders canonical text', () => {
    assert.equal(S.scalarToString(scalarConst(5n)), 'scalar 5');
    assert.equal(S.scalarToString(scalarConst(MASK64)), 'scalar -1');
    assert.equal(S.scalarToString(scalarUnsignedRange(0n, 255n)), 'scalar [0, 255]');
    assert.equal(S.scalarToString(scalarSignedRange(-1n, 100n)), 'scalar [-1, 100]');
    assert.equal(S.scalarToString(S.UNKNOWN), 'scalar');
  });

  it('joins, widens and includes', () => {
    const a = scalarUnsignedRange(0n, 10n);
    const b = scalarUnsignedRange(5n, 20n);
    const j = S.join(a, b);
    assert.equal(j.umin, 0n);
    assert.equal(j.umax, 20n);
    assert.ok(S.includes(j, a) && S.includes(j, b));
    assert.ok(!S.includes(a, b));
    const w = S.widen(a, b);
    assert.equal(w.smax, S.S64_MAX, 'a growing upper bound jumps to the top');
    assert.ok(w.umax >= S.S64_MAX);
    assert.equal(w.umin, 0n, 'a stable lower bound stays');
    assert.ok(S.includes(S.widen(w, scalarUnsignedRange(0n, 1000n)), scalarUnsignedRange(0n, 1000n)));
  });

  it('normalize finds empty sets', () => {
    assert.equal(S.normalize({ ...S.UNKNOWN, umin: 5n, umax: 4n }), undefined);
    assert.equal(S.meet(scalarConst(1n), scalarConst(2n)), undefined);
  });
});

describe('verifier scalar comparisons', () => {
  const byte = scalarUnsignedRange(0n, 255n);

  it('refines both sides of x < 10', () => {
    const t = refine(byte, scalarConst(10n), 'lt', false)!;
    assert.equal(t[0].umax, 9n);
    const f = refine(byte, scalarConst(10n), 'ge', false)!;
    assert.equal(f[0].umin, 10n);
    assert.equal(f[0].umax, 255n);
  });

  it('refines signed comparisons of negative numbers', () => {
    const v = scalarSignedRange(-20n, 20n);
    const [lt] = refine(v, scalarConst(0n), 'lt', true)!;
    assert.equal(lt.smin, -20n);
    assert.equal(lt.smax, -1n);
    const [ge] = refine(v, scalarConst(0n), 'ge', true)!;
    assert.equal(ge.smin, 0n);
    assert.equal(ge.umax, 20n, 'non-negative signed bounds carry to the unsigned view');
  });

  it('decides what the bounds decide and nothing else', () => {
    assert.equal(decide(byte, scalarConst(256n), 'lt', false), true);
    assert.equal(decide(byte, scalarConst(0n), 'ge', false), true);
    assert.equal(decide(byte, scalarConst(100n), 'lt', false), undefined);
    assert.equal(decide(scalarConst(3n), scalarConst(3n), 'eq', false), true);
    assert.equal(decide(scalarConst(3n), scalarConst(4n), 'ne', false), true);
    assert.equal(decide(scalarSignedRange(-5n, -1n), scalarConst(0n), 'lt', true), true);
  });

  it('reports an impossible branch as undefined', () => {
    assert.equal(refine(scalarUnsignedRange(10n, 20n), scalarConst(5n), 'lt', false), undefined);
    assert.equal(refine(scalarConst(3n), scalarConst(3n), 'ne', false), undefined);
  });

  it('drops an excluded end value on !=', () => {
    const [a] = refine(scalarUnsignedRange(0n, 10n), scalarConst(0n), 'ne', false)!;
    assert.equal(a.umin, 1n);
  });

  it('refinements are sound on small sets', () => {
    const r = rng(4242);
    for (let i = 0; i < 200; i++) {
      const a = randomScalar(r);
      const b = randomScalar(r);
      for (const cc of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
        for (const signed of [false, true]) {
          const res = refine(a.s, b.s, cc, signed);
          const d = decide(a.s, b.s, cc, signed);
          for (const x of a.members) {
            for (const y of b.members) {
              const X = signed ? sgn(x) : x;
              const Y = signed ? sgn(y) : y;
              const holds = cc === 'eq' ? X === Y : cc === 'ne' ? X !== Y : cc === 'lt' ? X < Y : cc === 'le' ? X <= Y : cc === 'gt' ? X > Y : X >= Y;
              if (d !== undefined) assert.equal(holds, d, `decide ${cc} wrong for ${X}, ${Y}`);
              if (!holds) continue;
              assert.ok(res, `refine(${cc}) said impossible but ${X} ${cc} ${Y} holds`);
              assert.ok(contains(res[0], x) && contains(res[1], y), `refine(${cc}, signed=${signed}) lost ${X}, ${Y}`);
            }
          }
        }
      }
    }
  });
});

describe('verifier known bits', () => {
  it('adds and multiplies known bits soundly', () => {
    const members = (t: Tnum): bigint[] => {
      const out: bigint[] = [];
      for (let x = 0n; x < 64n; x++) if (tnumIncludes(t, tnumConst(x))) out.push(x);
      return out;
    };
    const cases = [tnumRange(0n, 7n), tnumRange(4n, 5n), tnumConst(12n), { v: 1n, m: 6n }];
    for (const a of cases) {
      for (const b of cases) {
        const sum = tnumAdd(a, b);
        const prod = tnumMul(a, b);
        for (const x of members(a)) {
          for (const y of members(b)) {
            assert.ok(tnumIncludes(sum, tnumConst(x + y)), `add misses ${x}+${y}`);
            assert.ok(tnumIncludes(prod, tnumConst(x * y)), `mul misses ${x}*${y}`);
          }
        }
      }
    }
  });

  it('multiplies by a power of two exactly as the long hand does, high bits included', () => {
    const r = rng(7);
    const big = (): bigint => (BigInt(r()) << 33n) ^ (BigInt(r()) << 2n) ^ BigInt(r() & 3);
    for (let i = 0; i < 400; i++) {
      const m = (i % 4 === 0 ? MASK64 : big()) & MASK64;
      const a: Tnum = { v: big() & ~m & MASK64, m };
      const b = tnumConst(1n << BigInt(r() % 64));
      const fast = tnumMul(a, b);
      const long = tnumMulLong(a, b);
      assert.deepEqual([fast.v, fast.m], [long.v, long.m], `a=${a.v}/${a.m} b=${b.v}`);
    }
  });

  it('intersects with nothing-known and with itself as the general rule does', () => {
    const unknown: Tnum = { v: 0n, m: MASK64 };
    for (const t of [tnumRange(16n, 23n), tnumConst(5n), { v: 1n, m: 6n }, unknown]) {
      for (const [a, b] of [[t, unknown], [unknown, t], [t, t]] as Array<[Tnum, Tnum]>) {
        const r = tnumIntersect(a, b)!;
        // The rule written out: bits known in either, unknown only where both are.
        const mu = a.m & b.m;
        assert.deepEqual([r.v, r.m], [(a.v | b.v) & ~mu & MASK64, mu]);
      }
    }
  });

  it('tnumRange covers exactly the common prefix', () => {
    const t = tnumRange(16n, 23n);
    assert.equal(t.v, 16n);
    assert.equal(t.m, 7n);
  });
});
