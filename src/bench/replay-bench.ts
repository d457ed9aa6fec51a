// Bench section: `xdp-lab run` end to end on a big capture (XDP_LAB_BIG_PCAP, e.g. 1M packets from
// ../shared/perf/gen_big_pcap.py), whole-process wall time (cold, and with the CLI's caches filled), beside a plain
// Node read of the same file and the kernel replaying it one BPF_PROG_TEST_RUN per packet, also whole process
// (when root, clang and libbpf are here). Target: whole process at least 3x the kernel's packets/s. XDP_LAB_HUGE_PCAP (e.g. 10M packets) adds the peak-memory check (target <= 300 MB).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchContext, median, verdict } from './stats';

const PROGRAMS: Array<{ file: string; program: string; about: string }> = [
  { file: 'examples/xdp_pass.c', program: 'xdp_pass', about: 'pass everything' },
  { file: 'examples/parse_headers.c', program: 'xdp_parse_headers', about: 'parse L2-L4, drop truncated' },
  { file: 'examples/map_counter.c', program: 'xdp_count', about: 'per-protocol counter map' },
];
const RUNS = 3;

export async function benchReplay(ctx: BenchContext): Promise<void> {
  if (!ctx.bigPcap) {
    console.log('replay (end to end): skipped: set XDP_LAB_BIG_PCAP to a big capture, e.g.');
    console.log('  python3 ../shared/perf/gen_big_pcap.py 1000000 /tmp/big1m.pcap && XDP_LAB_BIG_PCAP=/tmp/big1m.pcap npm run bench');
    return;
  }
  const big = ctx.bigPcap;
  const cli = path.join(ctx.root, 'dist', 'cli.js');
  const size = fs.statSync(big).size;
  const ref = nodeRead(big);
  console.log(`replay (end to end): ${path.basename(big)} (${(size / 1048576).toFixed(0)} MiB, ${ref.packets.toLocaleString('en-US')} packets), whole process, median of ${RUNS}`);
  console.log(`  plain Node read (readSync 1 MiB, walk record headers): ${mpps(ref.packets / ref.seconds)}`);
  const kernel = kernelTool(ctx);
  console.log('  replay loop: packets / time from the first packet read to the last one run; whole: packets / wall time of');
  console.log('  the whole `xdp-lab run` process (start-up, front end, verifier included), first run with empty caches (cold)');
  console.log(`  and the median of ${RUNS} more (the CLI's on-disk caches filled); kernel: whole process of the replay tool.`);
  console.log(`  ${'program'.padEnd(48)} ${'loop'.padStart(9)} ${'cold'.padStart(9)} ${'whole'.padStart(9)} ${'kernel'.padStart(9)}  whole/kernel  target: whole >= 3x kernel and >= 2M/s`);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xdp-lab-bench-cache-'));
  const env = { ...process.env, XDP_LAB_CACHE_DIR: cacheDir, XDP_LAB_NO_CACHE: '' };
  for (const p of PROGRAMS) {
    const file = path.join(ctx.root, p.file);
    const walls: number[] = [];
    const loops: number[] = [];
    let cold = 0;
    let rss = 0;
    let packets = 0;
    for (let i = -1; i < RUNS; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'run', file, '--pcap', big, '--summary', '--timings'], { encoding: 'utf8', maxBuffer: 1 << 26, env });
      const wall = (performance.now() - t0) / 1000;
      packets = Number(/^(\d+) packets?/.exec(r.stdout)?.[1] ?? 0);
      if (i < 0) {
        cold = packets / wall;
        continue;
      }
      walls.push(wall);
      const m = /([\d,]+) packets\/s, peak rss (\d+) MB/.exec(r.stderr);
      rss = Math.max(rss, m ? Number(m[2]) : 0);
      loops.push(m ? Number(m[1].replace(/,/g, '')) : 0);
      if (r.status !== 0) console.log(`  ${p.file}: exit ${r.status}: ${r.stderr.slice(0, 300)}`);
    }
    const whole = packets / median(walls);
    const loop = median(loops);
    const k = typeof kernel === 'string' ? undefined : kernel(file, p.program, big);
    const kText = k === undefined ? 'n/a' : typeof k === 'string' ? 'error' : mpps(k);
    const ratio = typeof k === 'number' ? whole / k : undefined;
    const ok = whole >= 2e6 && (ratio === undefined || ratio >= 3);
    console.log(`  ${(p.program + ' (' + p.about + ')').padEnd(48)} ${mpps(loop).padStart(9)} ${mpps(cold).padStart(9)} ${mpps(whole).padStart(9)} ${kText.padStart(9)}  ${(ratio ? ratio.toFixed(2) + 'x' : '-').padStart(12)}  ${verdict(ok)}  (peak rss ${rss} MB)`);
    if (typeof k === 'string') console.log(`    kernel: ${k}`);
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
  if (typeof kernel === 'string') console.log(`  kernel: unavailable (${kernel})`);
  const huge = process.env.XDP_LAB_HUGE_PCAP;
  if (huge && fs.existsSync(huge)) {
    const r = spawnSync(process.execPath, [cli, 'run', path.join(ctx.root, PROGRAMS[1].file), '--pcap', huge, '--summary', '--timings'], { encoding: 'utf8' });
    const m = /replay ([\d.]+) ms, (\d+) packets, ([\d,]+) packets\/s, peak rss (\d+) MB/.exec(r.stderr);
    if (m) console.log(`  ${path.basename(huge)}: ${Number(m[2]).toLocaleString('en-US')} packets at ${m[3]} packets/s, peak rss ${m[4]} MB   target <= 300 MB  ${verdict(Number(m[4]) <= 300)}`);
    else console.log(`  ${path.basename(huge)}: failed: ${r.stderr.slice(0, 300)}`);
  }
}

function mpps(x: number): string {
  return `${(x / 1e6).toFixed(2)}M/s`;
}

/** The reference loop: read the file in 1 MiB chunks into one buffer, walk classic pcap record headers. */
function nodeRead(file: string): { packets: number; seconds: number } {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(64 + (1 << 20) + 65536);
  const t0 = performance.now();
  let have = 0;
  let packets = 0;
  let touched = 0;
  let first = true;
  for (;;) {
    const n = fs.readSync(fd, buf, 64 + have, 1 << 20, null);
    if (n === 0) break;
    let p = 64;
    const end = 64 + have + n;
    if (first) {
      p += 24;
      first = false;
    }
    while (p + 16 <= end) {
      const cap = buf.readUInt32LE(p + 8);
      if (p + 16 + cap > end) break;
      touched += buf[p + 16];
      packets++;
      p += 16 + cap;
    }
    have = end - p;
    buf.copy(buf, 64, p, end);
  }
  fs.closeSync(fd);
  if (touched < 0) console.log(touched);
  return { packets, seconds: (performance.now() - t0) / 1000 };
}

type KernelReplay = (cFile: string, program: string, pcap: string) => number | string;

/** Builds the kernel replay tool; a function measuring packets/s, or why the kernel is unavailable. */
function kernelTool(ctx: BenchContext): KernelReplay | string {
  if (process.getuid?.() !== 0) return 'not root';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xdp-lab-bench-'));
  const tool = path.join(dir, 'kernel-replay');
  const src = path.join(ctx.root, 'src', 'bench', 'kernel-replay.c');
  const cc = spawnSync('cc', ['-O2', '-o', tool, src, '-lbpf'], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) return `cannot build the replay tool: ${cc.error?.message ?? cc.stderr.trim().split('\n')[0]}`;
  const multiarch = spawnSync('gcc', ['-print-multiarch'], { encoding: 'utf8' }).stdout?.trim();
  return (cFile, program, pcap) => {
    const obj = path.join(dir, path.basename(cFile, '.c') + '.o');
    const inc = multiarch ? [`-I/usr/include/${multiarch}`] : [];
    const c = spawnSync('clang', ['-O2', '-g', '-target', 'bpf', ...inc, '-c', cFile, '-o', obj], { encoding: 'utf8' });
    if (c.error || c.status !== 0) return `clang failed: ${c.error?.message ?? c.stderr.trim().split('\n')[0]}`;
    const walls: number[] = [];
    let packets = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = spawnSync(tool, [obj, program, pcap], { encoding: 'utf8' });
      walls.push((performance.now() - t0) / 1000);
      const m = /packets (\d+) seconds/.exec(r.stdout);
      if (!m) return r.stdout.trim() || r.stderr.trim();
      packets = Number(m[1]);
    }
    return packets / median(walls);
  };
}
