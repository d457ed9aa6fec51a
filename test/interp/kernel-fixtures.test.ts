// The interpreter against the kernel on our own test programs (test/fixtures/interp): every packet's return
// value, bytes out, __sk_buff fields and printk lines, and the maps afterwards, must be identical.

import { strict as assert } from 'node:assert';
import { differential } from './differential';
import { fixtureCases } from './fixture-packets';
import { hostDevices, kernelOracleUnavailable, tracingAvailable } from './kernel-oracle';

describe('interpreter vs kernel: test programs', function () {
  this.timeout(120_000);
  const why = kernelOracleUnavailable();

  before(function () {
    if (why) {
      console.log(`    (skipped: ${why})`);
      this.skip();
    }
    if (!tracingAvailable()) console.log('    (printk lines not compared: tracefs is not mounted at /sys/kernel/tracing)');
  });

  for (const c of fixtureCases()) {
    it(`${c.program}: ${c.packets.length} packets identical`, async () => {
      const opts = c.needsHostDevices ? { devices: hostDevices() } : {};
      const r = await differential(c.file, c.program, c.packets, c.init ?? [], opts);
      assert.deepEqual(r.problems, []);
      assert.equal(r.identical, r.compared);
      assert.ok(r.compared > 0, 'the kernel refused every packet');
    });
  }
});
