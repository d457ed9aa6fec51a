// Replays captures through the real-program corpus (kept OUTSIDE the repo; see scripts/check-real.mjs) in our
// interpreter and in the kernel (BPF_PROG_TEST_RUN, the oracle objects built with the corpus's own flags), and
// prints one row per program: packets compared, identical, refused by test_run, and the first differences.
// Files with no plain object in the oracle dir (they need forced-include shims: legacy SEC("maps") maps, kernel-tree
// names) are compiled here exactly as check-real-verify.mjs compiles them (scripts/real-build.mjs); the kernel
// loader loads those legacy-map objects by hand, since libbpf >= 1.0 refuses them.
//
//   npx tsx scripts/check-real-run.ts [manifest.json]     (root, clang, libbpf-dev; corpus at /work/scratch/real)

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runFrontend } from '../src/engine/frontend';
import { loadCParser } from '../src/engine/parse/treesitter';
import { nodeIncludeHost } from '../src/host/node-include-host';
import { readPcapRecords, pcapLinkType } from '../test/interp/pcap-lite';
import { differential } from '../test/interp/differential';
import { kernelOracleUnavailable } from '../test/interp/kernel-oracle';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = process.argv[2] ?? '/work/scratch/real/manifest.json';
const ORACLE = path.join(path.dirname(MANIFEST), '..', 'oracle');
const SHARED = path.resolve(ROOT, '..', 'shared', 'pcaps');
const MAX_PACKETS = 4000;

interface Entry {
  id: string;
  file: string;
  includeDirs?: string[];
  defines?: Array<{ name: string; value?: string }>;
  programs: Array<{ name: string; section: string }>;
}

function packets(): { list: Uint8Array[]; files: number } {
  const dirs = [path.join(ROOT, 'examples', 'captures'), SHARED].filter(d => fs.existsSync(d));
  const files = dirs.flatMap(d => fs.readdirSync(d).filter(f => f.endsWith('.pcap')).map(f => path.join(d, f)));
  const list: Uint8Array[] = [];
  let used = 0;
  for (const f of files) {
    const buf = fs.readFileSync(f);
    if (pcapLinkType(buf) !== 1) continue;
    used++;
    for (const r of readPcapRecords(buf)) if (list.length < MAX_PACKETS) list.push(r.data);
  }
  return { list, files: used };
}

/** scripts/real-build.mjs, as used here. */
interface RealBuild {
  writeShims(dir: string): void;
  compile(entry: Entry, work: string, shimDir: string, realDir: string): { object?: string; shims?: string[]; error?: string };
}

async function main(): Promise<void> {
  const why = kernelOracleUnavailable();
  if (why) {
    console.log(`kernel unavailable: ${why}`);
    process.exitCode = 2;
    return;
  }
  if (!fs.existsSync(MANIFEST)) {
    console.log(`no corpus at ${MANIFEST}: nothing to do`);
    return;
  }
  const entries: Entry[] = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  const parser = await loadCParser();
  const { list, files } = packets();
  console.log(`${list.length} packets from ${files} Ethernet captures (examples/captures, ../shared/pcaps)\n`);
  console.log('| program | object | packets compared | identical | refused by test_run | result |');
  console.log('|---|---|---|---|---|---|');
  // Plain JavaScript shared with check-real-verify.mjs; loaded at run time (scripts/ is not type-checked).
  const build: RealBuild = await import(path.join(ROOT, 'scripts', 'real-build.mjs'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xdplab-real-run-'));
  const shimDir = path.join(work, 'shim');
  build.writeShims(shimDir);
  let bad = 0;
  for (const e of entries) {
    const plain = path.join(ORACLE, `${e.id}.o`);
    let obj: string | undefined = fs.existsSync(plain) ? plain : undefined;
    let objName = obj ? path.basename(obj) : 'none';
    if (!obj) {
      const built = build.compile(e, work, shimDir, path.dirname(MANIFEST));
      obj = built.object;
      if (obj) objName = `${e.id}.o built with ${built.shims?.length ? built.shims.join(', ') : 'no shims'}`;
    }
    const fr = runFrontend(parser, {
      file: e.file, text: fs.readFileSync(e.file, 'utf8'), host: nodeIncludeHost(),
      includeDirs: e.includeDirs ?? [],
      macroOptions: (e.defines ?? []).map(d => ({ op: 'define' as const, name: d.name, value: d.value })),
    });
    for (const p of e.programs) {
      const row = `| ${e.id} ${p.name} | ${objName} |`;
      if (!obj) {
        console.log(`${row} - | - | - | the kernel has no object for it (does not compile) |`);
        continue;
      }
      try {
        const r = await differential(e.file, p.name, list, [], {}, { fr, obj });
        const ok = r.problems.length === 0;
        if (!ok) bad++;
        const first = r.problems.slice(0, 2).map(x => x.split('\n')[0]).join(' / ');
        console.log(`${row} ${r.compared} | ${r.identical} | ${r.refused} | ${ok ? 'identical' : `${r.problems.length} differ: ${first}`} |`);
        if (process.env.XDPLAB_VERBOSE) for (const x of r.problems) console.log(x);
      } catch (err) {
        const msg = (err as Error).message.split('\n')[0];
        console.log(`${row} - | - | - | ${msg.slice(0, 200)} |`);
      }
    }
  }
  parser.dispose();
  fs.rmSync(work, { recursive: true, force: true });
  process.exitCode = bad > 0 ? 1 : 0;
}

main();
