// Checksum primitives against an independent RFC 1071 computation: whatever the internal representation,
// an incremental update must give the checksum of the changed data.

import { strict as assert } from 'node:assert';
import { csumFold, csumFrom32to16, csumPartial, csumReplace2, csumReplace4, csumReplaceByDiff, inetProtoCsumReplace4 } from '../../src/engine/interp/csum';
import { Rand } from './packets';

/** RFC 1071 over little-endian 16-bit words (memory order on x86), complemented. */
function reference(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += b[i] | ((b[i + 1] ?? 0) << 8);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

const same = (a: number, b: number) => a === b || (a === 0 && b === 0xffff) || (a === 0xffff && b === 0);

describe('checksum primitives', () => {
  it('csum_partial folds to the RFC 1071 sum for any length', () => {
    const r = new Rand(1);
    for (let n = 0; n < 70; n++) {
      const b = r.bytes(n);
      assert.ok(same(csumFold(csumPartial(b, 0)), reference(b)), `length ${n}`);
    }
    assert.equal(csumPartial(new Uint8Array(8), 0), 0);
    assert.equal(csumPartial(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0), 0xffffffff);
  });

  it('incremental updates give the checksum of the changed data', () => {
    const r = new Rand(2);
    for (let i = 0; i < 500; i++) {
      const b = r.bytes(20);
      b[10] = 0;
      b[11] = 0;
      const sum = reference(b);
      const at = 2 * (r.u32() % 4);
      const from2 = b[at] | (b[at + 1] << 8);
      const from4 = new DataView(b.buffer).getUint32(at, true);
      const c = b.slice();
      c[at] = r.u32() & 0xff;
      c[at + 1] = r.u32() & 0xff;
      c[at + 2] = r.u32() & 0xff;
      c[at + 3] = r.u32() & 0xff;
      const to2 = c[at] | (c[at + 1] << 8);
      const to4 = new DataView(c.buffer).getUint32(at, true);
      const c2 = b.slice();
      c2[at] = c[at];
      c2[at + 1] = c[at + 1];
      assert.ok(same(csumReplace2(sum, from2, to2), reference(c2)));
      assert.ok(same(csumReplace4(sum, from4, to4), reference(c)));
      assert.ok(same(inetProtoCsumReplace4(sum, from4, to4), reference(c)));
      const diff = csumPartial(c.subarray(at, at + 4), ~csumPartial(b.subarray(at, at + 4), 0) >>> 0);
      assert.ok(same(csumReplaceByDiff(sum, diff), reference(c)));
    }
  });

  it('csum_from32to16 adds the halves with end-around carry', () => {
    assert.equal(csumFrom32to16(0x0001fffe), 0xffff);
    assert.equal(csumFrom32to16(0x12345678), 0x68ac);
    assert.equal(csumFrom32to16(0xffff0001), 0x0001);
  });
});
