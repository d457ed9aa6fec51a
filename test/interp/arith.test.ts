// Integer semantics against an independent BigInt model of C: the arith fixture computes 34 expressions over
// values from the packet and writes them back; here each is recomputed from the same bytes.

import { strict as assert } from 'node:assert';
import { runPacket } from '../../src/engine/interp';
import { arithPackets } from './fixture-packets';
import { programFromFile } from './run-helpers';

const M64 = (1n << 64n) - 1n;
const u64 = (x: bigint) => x & M64;
const u32 = (x: bigint) => x & 0xffffffffn;
const s32 = (x: bigint) => BigInt.asIntN(32, x);
const s64 = (x: bigint) => BigInt.asIntN(64, x);
const bool = (x: boolean) => (x ? 1n : 0n);
const swap = (x: bigint, bytes: number) => {
  let r = 0n;
  for (let i = 0; i < bytes; i++) r = (r << 8n) | ((x >> BigInt(8 * i)) & 0xffn);
  return r;
};

function expected(p: Uint8Array): bigint[] {
  const dv = new DataView(p.buffer, p.byteOffset);
  const a = dv.getBigUint64(0, true);
  const b = dv.getBigUint64(8, true);
  const c = BigInt(dv.getUint32(16, true));
  const d = BigInt(dv.getUint32(20, true));
  const n = BigInt(p[24]);
  const sa = s64(a);
  const sc = s32(c);
  const sd = s32(d);
  return [
    a + b, a - b, a * b, b === 0n ? 0n : a / b, b === 0n ? a : a % b,
    a << (n & 63n), a >> (n & 63n), sa >> (n & 63n),
    u32(c * d), d === 0n ? 0n : c / d, d === 0n ? c : c % d, sc >> (n & 31n),
    bool(sa < s64(b)), bool(a < b), bool(sc < sd), bool(c < d),
    sc, a & 0xffffn, BigInt.asIntN(8, a), ~a, -a, (a ^ b) | (a & c),
    swap(a, 8), swap(c, 4), swap(d & 0xffffn, 2),
    s32(sc * sd), (a >> 32n) * (b >> 32n), sa * s64(b), BigInt.asIntN(16, d), u32(a + c),
    u32(c << (n & 31n)), bool(sa <= sd), u32(c - d) >> 1n, s32(sc - sd) >> 1n,
  ].map(u64);
}

describe('interpreter integer semantics (BigInt model)', () => {
  it('computes 34 expressions on 300 packets like C on a 64-bit target', async () => {
    const prog = await programFromFile('test/fixtures/interp/arith.c', 'arith');
    for (const [i, p] of arithPackets().entries()) {
      const r = runPacket(prog, p);
      assert.equal(r.error, undefined);
      assert.equal(r.action, 'XDP_PASS');
      const dv = new DataView(r.dataOut.buffer, r.dataOut.byteOffset, r.dataOut.byteLength);
      const got = expected(p).map((_, k) => dv.getBigUint64(32 + k * 8, true));
      assert.deepEqual(got, expected(p), `packet ${i}`);
    }
  });
});
