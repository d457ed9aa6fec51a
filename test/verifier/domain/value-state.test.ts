// Pointer values, the stack model and state inclusion: canonical texts, joins, spills and reloads, and the
// rules pruning relies on (ranges at least as large, ids one to one, unwritten bytes match anything).

import { strict as assert } from 'assert';
import type { IrFunction } from '../../../src/engine/ir/ir';
import { T } from '../../../src/engine/types/ctype';
import * as S from '../../../src/engine/verifier/domain/scalar';
import { Byte, StackMem } from '../../../src/engine/verifier/domain/stack';
import { State } from '../../../src/engine/verifier/domain/state';
import { stateIncludes } from '../../../src/engine/verifier/domain/state-compare';
import { joinValues, MIXED, type PacketPtr, type Value, valueToString, widenValues, ZERO } from '../../../src/engine/verifier/domain/value';
import { frameLines } from '../../../src/engine/verifier/domain/render';

const noRange = () => 0;
const pkt = (off: number, id = 0, v: S.Scalar = ZERO): PacketPtr => ({ k: 'pkt', space: 'data', id, off, var: v });

describe('verifier values', () => {
  it('render canonically', () => {
    const ranges = (_s: string, id: number) => (id === 0 ? 34 : 8);
    assert.equal(valueToString(pkt(14), ranges), 'packet+14, proven 34');
    assert.equal(valueToString(pkt(0, 3, S.scalarUnsignedRange(20n, 60n)), ranges), 'packet+[20, 60], proven 8 bytes from here');
    assert.equal(valueToString({ k: 'pkt_end' }, noRange), 'packet_end');
    assert.equal(valueToString({ k: 'map_value_or_null', map: 'counts', off: 0, id: 4 }, noRange), 'map value of counts or null');
    assert.equal(valueToString({ k: 'map_value', map: 'counts', off: 8, var: ZERO }, noRange), 'map value of counts+8');
    assert.equal(valueToString({ k: 'stack', frame: 0, off: -16, var: ZERO }, noRange), 'stack-16');
    assert.equal(valueToString({ k: 'map_ref', map: 'counts' }, noRange), 'map counts');
    assert.equal(valueToString({ k: 'global', name: 'cfg', section: '.rodata', readonly: true, size: 4, off: 0, var: ZERO }, noRange), 'global cfg (.rodata)');
    assert.equal(valueToString({ k: 'ctx', off: 0 }, noRange), 'ctx');
    assert.equal(valueToString(S.scalarUnsignedRange(0n, 255n), noRange), 'scalar [0, 255]');
  });

  it('join packet pointers of one id into an offset range, and different kinds into "mixed"', () => {
    const j = joinValues(pkt(14), pkt(34)) as PacketPtr;
    assert.equal(j.k, 'pkt');
    assert.equal(j.id, 0);
    assert.equal(j.off, 14);
    assert.equal(j.var.umin, 0n);
    assert.equal(j.var.umax, 20n);
    assert.equal((joinValues(pkt(14, 1), pkt(14, 2)) as PacketPtr).id, -1, 'different ids share no range');
    assert.equal(joinValues(pkt(14), ZERO), MIXED);
  });

  it('widen map value offsets to the top of their range', () => {
    const a: Value = { k: 'map_value', map: 'm', off: 0, var: S.scalarUnsignedRange(0n, 4n) };
    const b: Value = { k: 'map_value', map: 'm', off: 0, var: S.scalarUnsignedRange(0n, 8n) };
    const w = widenValues(a, b);
    assert.ok(w.k === 'map_value' && w.var.umax >= S.S64_MAX);
  });
});

describe('verifier stack model', () => {
  it('gives back a spilled pointer whole, and a number for part of it', () => {
    const st = new StackMem();
    const p = pkt(14);
    st.writeValue(-8, 8, p);
    assert.equal(st.read(-8, 8).value, p);
    assert.equal(st.read(-8, 4).value.k, 'scalar');
  });

  it('reports never-written bytes and tracks zeroed ones', () => {
    const st = new StackMem();
    st.writeZero(-16, 8);
    assert.deepEqual(st.read(-16, 8).uninit, []);
    assert.equal(S.constValue(st.read(-16, 8).value as S.Scalar), 0n);
    assert.deepEqual(st.read(-12, 8).uninit, [-8, -7, -6, -5]);
  });

  it('keeps the low bytes of a spilled number for a narrower load', () => {
    const st = new StackMem();
    st.writeValue(-8, 8, S.scalarUnsignedRange(0n, 100n));
    const v = st.read(-8, 4).value as S.Scalar;
    assert.equal(v.umax, 100n);
  });

  it('copies pointers inside a struct copy', () => {
    const a = new StackMem();
    const p = pkt(14);
    a.writeValue(-16, 8, p);
    a.writeZero(-8, 8);
    const b = new StackMem();
    b.copyFrom(a, -16, -32, 16);
    assert.equal(b.read(-32, 8).value, p);
    assert.equal(b.byteAt(-24), Byte.Zero);
  });

  it('overwriting part of a spill forgets it but keeps the other bytes written', () => {
    const st = new StackMem();
    st.writeValue(-8, 8, pkt(0));
    st.writeMisc(-8, 2);
    assert.equal(st.spills.size, 0);
    assert.deepEqual(st.read(-8, 8).uninit, []);
  });

  it('keeps a copy and its original apart whichever writes, bytes or spills', () => {
    const a = new StackMem();
    const p = pkt(14);
    a.writeValue(-16, 8, p);
    a.writeValue(-8, 8, S.scalarConst(7n));
    // Bytes only, away from the spills: the other side sees neither the bytes nor a lost spill.
    const b = a.copy();
    b.writeZero(-24, 8);
    assert.deepEqual(a.read(-24, 8).uninit, [-24, -23, -22, -21, -20, -19, -18, -17]);
    assert.equal(b.byteAt(-24), Byte.Zero);
    // Over a spill of the copy: it forgets the spill, the original keeps it.
    b.writeMisc(-16, 2);
    assert.equal(b.read(-16, 8).value.k, 'scalar');
    assert.equal(a.read(-16, 8).value, p);
    assert.equal(a.byteAt(-16), Byte.Spill);
    // A refined spill in the original does not reach the copy.
    const c = a.copy();
    a.setSpill({ off: -8, size: 8, value: S.scalarConst(9n) });
    assert.equal(S.constValue(c.read(-8, 8).value as S.Scalar), 7n);
    assert.equal(S.constValue(a.read(-8, 8).value as S.Scalar), 9n);
    // A whole spill written to the copy leaves the original's bytes and spills as they were.
    c.writeValue(-32, 8, p);
    assert.equal(a.spills.has(-32), false);
    assert.equal(a.byteAt(-32), Byte.Uninit);
  });
});

/** A function with `n` registers, enough to hold states for comparison. */
function fakeFn(n: number): IrFunction {
  return {
    name: 'f', type: T.int, params: [0], regs: Array.from({ length: n }, () => ({ type: T.long })), slots: [], frameSize: 0,
    blocks: [], entry: 0, range: { file: 'f.c', start: 0, end: 0 }, inline: 'default', isStatic: false,
  };
}

function stateWith(fn: IrFunction, regs: Value[], ranges: Record<number, number> = {}): State {
  const st = State.entry(fn, []);
  regs.forEach((v, i) => (st.top.regs[i] = v));
  for (const [id, r] of Object.entries(ranges)) st.growRange('data', Number(id), r, { file: 'f.c', start: 0, end: 0 });
  return st;
}

describe('verifier state inclusion', () => {
  const fn = fakeFn(3);
  const all = () => ({ precise: [0, 1, 2], live: [] as number[] });

  it('needs a packet range at least as large as the explored one', () => {
    const old = stateWith(fn, [pkt(14), ZERO, ZERO], { 0: 34 });
    assert.ok(stateIncludes(old, stateWith(fn, [pkt(14), ZERO, ZERO], { 0: 54 }), all));
    assert.ok(!stateIncludes(old, stateWith(fn, [pkt(14), ZERO, ZERO], { 0: 14 }), all));
  });

  it('maps ids one to one', () => {
    const old = stateWith(fn, [pkt(0, 5), pkt(0, 5), ZERO]);
    assert.ok(stateIncludes(old, stateWith(fn, [pkt(0, 9), pkt(0, 9), ZERO]), all), 'renamed ids still match');
    assert.ok(!stateIncludes(old, stateWith(fn, [pkt(0, 9), pkt(0, 10), ZERO]), all), 'two ids cannot stand for one');
  });

  it('compares scalars by inclusion and ignores registers that do not matter', () => {
    const old = stateWith(fn, [S.scalarUnsignedRange(0n, 10n), S.scalarConst(1n), ZERO]);
    const cur = stateWith(fn, [S.scalarConst(5n), S.scalarConst(2n), ZERO]);
    assert.ok(!stateIncludes(old, cur, all));
    assert.ok(stateIncludes(old, cur, () => ({ precise: [0], live: [1] })));
  });

  it('lets an unwritten register or stack byte of the old state match anything, but not the reverse', () => {
    const old = stateWith(fn, [ZERO, ZERO, ZERO]);
    old.top.regs[2] = { k: 'uninit' };
    const cur = stateWith(fn, [ZERO, ZERO, pkt(0)]);
    assert.ok(stateIncludes(old, cur, all));
    assert.ok(!stateIncludes(cur, old, () => ({ precise: [0, 1], live: [2] })), 'a read of a never-set register must be explored');
    cur.top.stack.writeMisc(-4, 4);
    assert.ok(stateIncludes(old, cur, all));
    assert.ok(!stateIncludes(cur, old, all));
  });
});

describe('verifier state rendering', () => {
  it('names registers and stack members', () => {
    const fn = fakeFn(2);
    fn.regs[0] = { name: 'iph', type: { k: 'ptr', to: T.void } };
    fn.slots = [{ name: 'key', type: T.uint, size: 4, offset: 4, range: { file: 'f.c', start: 0, end: 0 } }];
    const st = stateWith(fn, [pkt(14)], { 0: 34 });
    st.top.stack.writeValue(-4, 4, S.scalarConst(7n));
    assert.deepEqual(frameLines(st).map(l => `${l.name}: ${l.text}`), ['iph: packet+14, proven 34', 'key: scalar 7']);
  });
});
