// Traced-mode throughput (no hook installed) on simple parsers over the mixed capture. The target is 200k
// packets/s on an idle machine; the assertion is looser because test machines are shared, and the measured
// figures are printed.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { runPacket } from '../../src/engine/interp';
import { readPcapRecords } from './pcap-lite';
import { programFromFile } from './run-helpers';

describe('interpreter throughput', function () {
  this.timeout(60_000);
  const recs = readPcapRecords(fs.readFileSync('examples/captures/mixed.pcap'));

  for (const [file, name] of [['examples/parse_headers.c', 'xdp_parse_headers'], ['examples/udp_port_filter.c', 'xdp_udp_port_filter'], ['examples/tc_mark.c', 'tc_mark']]) {
    it(`${name} runs well over 50k packets/s`, async () => {
      const prog = await programFromFile(file, name);
      for (let i = 0; i < 2000; i++) runPacket(prog, recs[i % recs.length].data); // warm up
      let best = 0;
      for (let round = 0; round < 3; round++) {
        let n = 0;
        const t0 = performance.now();
        while (performance.now() - t0 < 300) {
          for (const r of recs) runPacket(prog, r.data, { tsNs: r.tsNs });
          n += recs.length;
        }
        best = Math.max(best, n / ((performance.now() - t0) / 1000));
      }
      console.log(`      ${name}: ${Math.round(best / 1000)}k packets/s`);
      assert.ok(best > 50_000, `${Math.round(best)} packets/s`);
    });
  }
});
