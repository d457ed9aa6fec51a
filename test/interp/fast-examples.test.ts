// Fast mode is traced mode, observably: every example program on every packet of every Ethernet capture
// (examples/captures and ../shared/pcaps), and our interpreter fixture programs on their packets, give the
// same per-packet results and the same maps in both modes; every 7th packet of the fast run also goes
// through a step hook (traced closures inside a fast program), which must not change anything either.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile } from '../support/frontend';
import type { MapContents } from '../../src/engine/interp';
import { compareModes, prepareBoth } from './fast-compare';
import { fixtureCases } from './fixture-packets';
import { hostDevices } from './kernel-oracle';
import { pcapLinkType, readPcapRecords } from './pcap-lite';

const SHARED = path.resolve(__dirname, '../../../shared/pcaps');

function captureFiles(): string[] {
  const ours = fs.readdirSync('examples/captures').filter(f => f.endsWith('.pcap')).map(f => path.join('examples/captures', f));
  const shared = fs.existsSync(SHARED) ? fs.readdirSync(SHARED).filter(f => f.endsWith('.pcap')).map(f => path.join(SHARED, f)) : [];
  return [...ours, ...shared].filter(f => pcapLinkType(fs.readFileSync(f)) === 1);
}

const INIT: Record<string, MapContents> = {
  'udp_port_filter.c': { blocked_ports: [['1300', '0000000000000000'], ['0700', '0000000000000000'], ['3500', '0500000000000000']] },
};

describe('fast mode vs traced mode: examples on captures', function () {
  this.timeout(120_000);
  if (!fs.existsSync(SHARED)) console.log(`    (${SHARED} is absent: examples/captures only)`);
  const records = captureFiles().flatMap(c => readPcapRecords(fs.readFileSync(c)));
  const packets = records.map(r => r.data);

  // The examples, and the bench's 500-line firewall (big functions: inlining is cut back for it).
  const files = [...fs.readdirSync('examples').filter(f => f.endsWith('.c')).sort().map(f => path.join('examples', f)), 'bench/firewall.c'];
  for (const file of files) {
    const ex = path.basename(file);
    it(`${ex}: every program, ${packets.length} packets, identical`, async () => {
      const fr = await compileFile(file);
      for (const p of fr.module.programs) {
        const pair = prepareBoth(fr, p.name, { maps: INIT[ex] });
        assert.deepEqual(pair.fast.fastFallbacks, [], 'every function has fast code');
        assert.equal(pair.traced.mode, 'traced');
        const r = compareModes(pair, packets, i => ({ tsNs: records[i].tsNs }), 7);
        assert.deepEqual(r.problems, [], p.name);
      }
    });
  }
});

describe('fast mode vs traced mode: interpreter fixtures', function () {
  this.timeout(120_000);
  for (const c of fixtureCases()) {
    it(`${c.program}: ${c.packets.length} packets identical`, async () => {
      const fr = await compileFile(c.file);
      const maps: MapContents = {};
      for (const [map, key, value] of c.init ?? []) (maps[map] ??= []).push([key, value.startsWith('prog:') ? value.slice(5) : value]);
      const pair = prepareBoth(fr, c.program, { maps, ...(c.needsHostDevices ? { devices: hostDevices() } : {}) });
      assert.deepEqual(pair.fast.fastFallbacks, []);
      const r = compareModes(pair, c.packets, i => ({ tsNs: BigInt(i) * 1000n }), 5);
      assert.deepEqual(r.problems, []);
    });
  }
});
