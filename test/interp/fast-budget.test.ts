// The step budget running out at every possible step of real parsers: fast mode merges the budget checks
// of straight-line blocks into one, so each budget from 1 to a packet's full step count must still end the
// packet at the same block, with the same message, range and step count as the traced closures.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPacket } from '../../src/engine/interp';
import type { MapContents } from '../../src/engine/interp';
import { compileFile } from '../support/frontend';
import { compareModes, prepareBoth } from './fast-compare';
import { pcapLinkType, readPcapRecords } from './pcap-lite';

const CASES: { file: string; maps?: MapContents }[] = [
  { file: 'parse_headers.c' },
  { file: 'udp_port_filter.c', maps: { blocked_ports: [['1300', '0000000000000000'], ['3500', '0500000000000000']] } },
  { file: 'tc_mark.c' },
];

describe('fast mode vs traced mode: the budget ending at every step', function () {
  this.timeout(120_000);
  const captures = fs.readdirSync('examples/captures').filter(f => f.endsWith('.pcap')).sort()
    .map(f => fs.readFileSync(path.join('examples/captures', f))).filter(b => pcapLinkType(b) === 1);
  // A few packets of each capture: different protocols take different paths through the parsers.
  const packets = captures.flatMap(b => readPcapRecords(b).slice(0, 4).map(r => r.data));

  for (const c of CASES) {
    it(`${c.file}: every budget up to the longest run`, async () => {
      const fr = await compileFile(path.join('examples', c.file));
      for (const p of fr.module.programs) {
        const full = prepareBoth(fr, p.name, { maps: c.maps });
        const most = Math.max(...packets.map(pk => runPacket(full.traced, pk).steps));
        assert.ok(most > 20, `${p.name} runs ${most} steps`);
        let ended = 0;
        for (let budget = 1; budget <= most; budget++) {
          const pair = prepareBoth(fr, p.name, { maps: c.maps, budget });
          assert.deepEqual(pair.fast.fastFallbacks, []);
          const r = compareModes(pair, packets);
          assert.deepEqual(r.problems, [], `${p.name} with budget ${budget}`);
          ended += r.errors;
        }
        // The sweep did run out of budget, at many different points.
        assert.ok(ended > most, `${p.name}: ${ended} packets ran out of budget`);
      }
    });
  }
});
