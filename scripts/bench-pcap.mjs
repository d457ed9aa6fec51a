// `node scripts/bench-pcap.mjs BIG.pcap [runs] [mode,...]`: bundles src/bench/pcap-bench.ts with esbuild (as the
// CLI is bundled; under tsx every cross-module call goes through an export getter and reads ~2x slower) into a
// temp folder and runs it. Make BIG.pcap with /work/shared/perf/gen_big_pcap.py, outside the repo.
import * as esbuild from 'esbuild';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const dir = mkdtempSync(join(tmpdir(), 'xdp-lab-pcap-bench-'));
const outfile = join(dir, 'pcap-bench.js');
try {
  await esbuild.build({
    entryPoints: ['src/bench/pcap-bench.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
