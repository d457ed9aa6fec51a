// `npm run bench`: every speed and memory target beside its figure, one section per engine stage. Numbers are
// printed, never asserted: these machines are shared and noisy. `npm run bench -- --only frontend,interp` runs
// some sections; `XDP_LAB_BIG_PCAP=/tmp/big1m.pcap` adds the end-to-end replay figures.

import * as fs from 'fs';
import * as path from 'path';
import { benchFrontend } from './frontend-bench';
import { benchInterp } from './interp-bench';
import { benchReplay } from './replay-bench';
import { benchVerify } from './verify-bench';
import type { BenchContext } from './stats';

type Section = { name: string; run: (ctx: BenchContext) => Promise<void> };

const SECTIONS: Section[] = [
  { name: 'frontend', run: benchFrontend },
  { name: 'interp', run: benchInterp },
  { name: 'verify', run: benchVerify },
  { name: 'replay', run: benchReplay },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--only');
  const root = path.resolve(__dirname, '..');
  const big = process.env.XDP_LAB_BIG_PCAP;
  const ctx: BenchContext = {
    tuFile: path.resolve(positional[0] ?? path.join(root, 'bench', 'firewall.c')),
    wasmDir: __dirname,
    root,
    bigPcap: big && fs.existsSync(big) ? big : undefined,
  };
  for (const s of SECTIONS) {
    if (only && !only.has(s.name)) continue;
    try {
      await s.run(ctx);
    } catch (e) {
      console.log(`${s.name}: failed: ${(e as Error).stack ?? e}`);
      process.exitCode = 1;
    }
    console.log('');
  }
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
