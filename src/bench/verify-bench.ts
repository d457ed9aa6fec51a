// Bench section: the verifier on the ~500-line translation unit, front end included (what the editor pays after
// a keystroke), cold and warm (the verifier's cache kept across edits, and for comparison emptied), beside its
// target; and, for scale, what the real toolchain takes for the same file: clang -O2 -g -target bpf, then loading
// every program into the kernel (which runs its verifier).
// Numbers are printed, never asserted.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runFrontend } from '../engine/frontend';
import { loadCParser } from '../engine/parse/treesitter';
import { VerifyCache, verifyModule } from '../engine/verifier';
import { nodeIncludeHost } from '../host/node-include-host';
import { BenchContext, median, quantile, verdict } from './stats';

const TARGET_MS = 20;
const RUNS = 100;
const TOOLCHAIN_RUNS = 5;
const BPFFS = '/sys/fs/bpf';

export async function benchVerify(ctx: BenchContext): Promise<void> {
  const file = ctx.tuFile;
  const text = fs.readFileSync(file, 'utf8');
  const host = nodeIncludeHost();
  const parser = await loadCParser({ wasmDir: ctx.wasmDir });
  const source = (t: string) => (f: string) => (f === file ? t : undefined);

  const c0 = performance.now();
  const coldFront = runFrontend(parser, { file, text, host });
  const c1 = performance.now();
  const cold = verifyModule(coldFront.module, { source: source(text) });
  const c2 = performance.now();

  // As in the front-end section: each warm run follows a one-statement edit inside a function.
  const target = 'rec->packets++;';
  const at = text.indexOf(target);
  const edited = (i: number): string =>
    at >= 0 ? text.slice(0, at) + `rec->packets += ${(i & 0xffff) + 1};` + text.slice(at + target.length) : `${text}\n// edit ${i}\n`;
  const front: number[] = [];
  const verify: number[] = [];
  const fresh: number[] = [];
  const total: number[] = [];
  for (let i = -20; i < RUNS; i++) {
    const t = edited(i);
    const s0 = performance.now();
    const fr = runFrontend(parser, { file, text: t, host });
    const s1 = performance.now();
    verifyModule(fr.module, { source: source(t) });
    const s2 = performance.now();
    if (i < 0) continue;
    front.push(s1 - s0);
    verify.push(s2 - s1);
    total.push(s2 - s0);
  }
  // The same verifications without what earlier runs left in the cache (analyses, unchanged programs' verdicts),
  // in a loop of their own so that their garbage does not land in the runs above.
  for (let i = -5; i < RUNS; i++) {
    const t = edited(i);
    const fr = runFrontend(parser, { file, text: t, host });
    const s0 = performance.now();
    verifyModule(fr.module, { source: source(t), cache: new VerifyCache() });
    if (i >= 0) fresh.push(performance.now() - s0);
  }
  parser.dispose();

  const accepted = cold.programs.filter(p => p.verdict === 'accept').length;
  const steps = cold.programs.reduce((n, p) => n + p.stats.steps, 0);
  console.log(`verifier: ${path.relative(process.cwd(), file)} (${cold.programs.length} programs, ${accepted} accepted, ${steps} steps)`);
  console.log(`  cold: front end ${(c1 - c0).toFixed(1)} ms + verify ${(c2 - c1).toFixed(1)} ms`);
  console.log(`  warm after an edit ${at >= 0 ? 'inside a function' : 'at the end'}, median of ${RUNS}:`);
  console.log(`    front end                  ${ms(median(front))}`);
  console.log(`    verify                     ${ms(median(verify))}   (with an empty cache: ${ms(median(fresh)).trim()})`);
  const m = median(total);
  console.log(`    total                      ${ms(m)}   p90 ${quantile(total, 0.9).toFixed(2)} ms   target <= ${TARGET_MS} ms  ${verdict(m <= TARGET_MS)}`);
  toolchain(file);
}

/** clang's compile time and the kernel's load time for the same file, or why they cannot be measured here. */
function toolchain(file: string): void {
  const why = unavailable();
  if (why) {
    console.log(`  clang -O2 -g -target bpf: unavailable (${why})`);
    console.log(`  kernel load (bpftool prog loadall): unavailable (${why})`);
    return;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'xdplab-bench-'));
  const object = path.join(work, 'tu.o');
  const pin = path.join(BPFFS, `xdplab_bench_${process.pid}`);
  try {
    const args = ['-O2', '-g', '-target', 'bpf', ...multiarch(), '-c', file, '-o', object];
    const compile = timed(TOOLCHAIN_RUNS, () => spawnSync('clang', args, { encoding: 'utf8' }));
    if (!compile.ok) {
      console.log(`  clang -O2 -g -target bpf: failed (${compile.error})`);
      return;
    }
    console.log(`  clang -O2 -g -target bpf     ${ms(compile.median)}   (median of ${TOOLCHAIN_RUNS})`);
    const load = timed(TOOLCHAIN_RUNS, () => {
      const r = spawnSync('bpftool', ['prog', 'loadall', object, pin], { encoding: 'utf8' });
      fs.rmSync(pin, { recursive: true, force: true });
      return r;
    });
    if (!load.ok) console.log(`  kernel load (bpftool prog loadall): failed (${load.error})`);
    else console.log(`  kernel load (bpftool)        ${ms(load.median)}   (median of ${TOOLCHAIN_RUNS}, process start included)`);
  } finally {
    fs.rmSync(pin, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function ms(x: number): string {
  return x.toFixed(2).padStart(8) + ' ms';
}

interface Timed {
  ok: boolean;
  median: number;
  error?: string;
}

function timed(runs: number, f: () => ReturnType<typeof spawnSync>): Timed {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const r = f();
    times.push(performance.now() - s);
    if (r.status !== 0) {
      const out = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n');
      return { ok: false, median: 0, error: out.find(l => /error/i.test(l)) ?? out[out.length - 1] ?? `exit ${r.status}` };
    }
  }
  return { ok: true, median: median(times) };
}

function unavailable(): string | undefined {
  if (spawnSync('clang', ['--version']).status !== 0) return 'clang not found';
  if (spawnSync('bpftool', ['version']).status !== 0) return 'bpftool not found';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not root';
  if (!fs.existsSync(BPFFS)) return `${BPFFS} is not mounted`;
  return undefined;
}

/** Where the system headers of the host's multiarch triple live (clang -target bpf does not look there). */
function multiarch(): string[] {
  const r = spawnSync('clang', ['-print-multiarch'], { encoding: 'utf8' });
  const dir = `/usr/include/${r.status === 0 ? r.stdout.trim() : ''}`;
  return r.status === 0 && r.stdout.trim() && fs.existsSync(dir) ? [`-I${dir}`] : [];
}
