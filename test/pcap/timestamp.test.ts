// Tick splitting and joining against BigInt arithmetic, over random and edge tick counts.

import { strict as assert } from 'assert';
import { joinTicks, splitTicks, tickScale } from '../../src/engine/pcap/timestamp';
import { rng } from './helpers';

describe('pcapng timestamp arithmetic', () => {
  const random = rng(99);
  const edges = [[0, 0], [0, 1], [0x1fffff, 0xffffffff], [0x200000, 0], [0xffffffff, 0xffffffff], [395812264, 2649346069], [0x80000000, 0]];
  const samples = [...edges, ...Array.from({ length: 3000 }, () => [Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32)])];

  for (const tsresol of [0, 1, 3, 6, 9, 12, 0x80 | 10, 0x80 | 20, 0x80 | 30, 0x80 | 40]) {
    it(`splits ticks exactly for if_tsresol 0x${tsresol.toString(16)}`, () => {
      const scale = tickScale(tsresol);
      assert.ok(scale);
      const per = scale.perSecondBig;
      const out = { tsSec: 0, tsNsec: 0 };
      for (const [hi, lo] of samples) {
        const ticks = (BigInt(hi) << 32n) | BigInt(lo);
        splitTicks(hi, lo, scale, out);
        const sec = ticks / per;
        const nsec = ((ticks % per) * 1_000_000_000n) / per;
        // Seconds beyond 2^53 cannot be exact in a number; everything up to there must be.
        if (sec < 2n ** 53n) assert.equal(BigInt(out.tsSec), sec, `${hi}:${lo} seconds`);
        assert.equal(BigInt(out.tsNsec), nsec, `${hi}:${lo} nanoseconds`);
      }
    });
  }

  it('rejects absurd resolutions', () => {
    assert.equal(tickScale(20), undefined);
    assert.equal(tickScale(0x80 | 64), undefined);
  });

  it('joins seconds and nanoseconds into exact ns and µs ticks', () => {
    const out = { hi: 0, lo: 0 };
    for (const [sec, nsec] of [[0, 0], [1700000000, 123456789], [4294967295, 999999999], [1, 1], [12345, 999]]) {
      for (const nsPerTick of [1, 1000]) {
        joinTicks(sec, nsec, nsPerTick, out);
        const want = BigInt(sec) * (1_000_000_000n / BigInt(nsPerTick)) + BigInt(Math.floor(nsec / nsPerTick));
        assert.equal((BigInt(out.hi) << 32n) | BigInt(out.lo), want, `${sec}.${nsec} / ${nsPerTick}`);
      }
    }
  });
});
