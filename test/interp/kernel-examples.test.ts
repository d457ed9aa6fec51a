// Every example program against the kernel on every Ethernet capture we have (examples/captures and
// ../shared/pcaps): per-packet return value, bytes out, skb fields and printk lines, then the maps.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile } from '../support/frontend';
import { differential, MapInit } from './differential';
import { kernelOracleUnavailable } from './kernel-oracle';
import { pcapLinkType, readPcapRecords } from './pcap-lite';

const SHARED = path.resolve(__dirname, '../../../shared/pcaps');

function captures(): string[] {
  const ours = fs.readdirSync('examples/captures').filter(f => f.endsWith('.pcap')).map(f => path.join('examples/captures', f));
  const shared = fs.existsSync(SHARED) ? fs.readdirSync(SHARED).filter(f => f.endsWith('.pcap')).map(f => path.join(SHARED, f)) : [];
  return [...ours, ...shared].filter(f => pcapLinkType(fs.readFileSync(f)) === 1);
}

/** Ports 19 (chargen), 7 (echo) and 53 blocked, the last with a non-zero starting count. */
const INIT: Record<string, MapInit> = {
  'udp_port_filter.c': [['blocked_ports', '1300', '0000000000000000'], ['blocked_ports', '0700', '0000000000000000'], ['blocked_ports', '3500', '0500000000000000']],
};

/** Known differences, each with its reason; the test fails if one disappears so the entry gets removed. */
const KNOWN: Record<string, RegExp> = {};

describe('interpreter vs kernel: examples on captures', function () {
  this.timeout(300_000);
  const why = kernelOracleUnavailable();
  before(function () {
    if (why) {
      console.log(`    (skipped: ${why})`);
      this.skip();
    }
  });

  const packets = captures().flatMap(c => readPcapRecords(fs.readFileSync(c)).map(r => r.data));
  for (const ex of fs.readdirSync('examples').filter(f => f.endsWith('.c')).sort()) {
    it(`${ex}: every program, ${packets.length} packets`, async () => {
      const fr = await compileFile(path.join('examples', ex));
      for (const p of fr.module.programs) {
        const r = await differential(path.join('examples', ex), p.name, packets, INIT[ex] ?? []);
        assert.ok(r.compared > packets.length * 0.9, `${p.name}: the kernel refused ${r.refused} packets`);
        const known = KNOWN[ex];
        if (known) {
          assert.ok(r.problems.length > 0 && r.problems.every(x => known.test(x)), `${ex}: the known difference changed:\n${r.problems.slice(0, 3).join('\n')}`);
          continue;
        }
        assert.deepEqual(r.problems, [], `${p.name}`);
      }
    });
  }
});
