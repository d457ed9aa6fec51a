// The kernel's own cost per program run, for the interpreter bench: the C file compiled with clang for the BPF
// target, loaded by a small libbpf program (kernel-timer.c, built with the host clang), and run with
// BPF_PROG_TEST_RUN on each packet with `repeat` repetitions; the kernel reports the mean duration per run.
// Needs root, clang and libbpf-dev; otherwise says why not.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type KernelTiming = { nsPerRun: number; runs: number; refused: number } | { unavailable: string };

const WORK = path.join(os.tmpdir(), 'xdp-lab-bench-kernel');

function runs(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
}

/** Why kernel timings cannot be taken here, or undefined. */
export function kernelTimingUnavailable(): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root';
  if (!runs('clang', ['--version'])) return 'clang not found';
  if (!fs.existsSync('/usr/include/bpf/libbpf.h')) return 'libbpf headers (libbpf-dev) not installed';
  return undefined;
}

function buildTimer(root: string): string {
  fs.mkdirSync(WORK, { recursive: true });
  const src = path.join(root, 'src', 'bench', 'kernel-timer.c');
  const out = path.join(WORK, 'kernel-timer');
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs) return out;
  const r = spawnSync('clang', ['-O2', '-o', out, src, '-lbpf', '-lelf', '-lz'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot build the kernel timer: ${r.stderr.slice(0, 300)}`);
  return out;
}

function compileBpf(cFile: string): string {
  const multiarch = spawnSync('clang', ['-print-multiarch'], { encoding: 'utf8' }).stdout.trim();
  const obj = path.join(WORK, `${path.basename(cFile, '.c')}.o`);
  const inc = multiarch && fs.existsSync(`/usr/include/${multiarch}`) ? [`-I/usr/include/${multiarch}`] : [];
  const r = spawnSync('clang', ['-O2', '-g', '-target', 'bpf', ...inc, '-c', cFile, '-o', obj], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clang failed on ${cFile}: ${r.stderr.slice(0, 300)}`);
  return obj;
}

/** Mean kernel ns per run of `program` over the packets (each run `repeat` times); maps as "MAP KEYHEX VALUEHEX". */
export function kernelTiming(root: string, cFile: string, program: string, packets: Uint8Array[], repeat: number, maps: string[] = []): KernelTiming {
  const why = kernelTimingUnavailable();
  if (why) return { unavailable: why };
  try {
    const timer = buildTimer(root);
    const obj = compileBpf(cFile);
    const pktFile = path.join(WORK, `pkts-${process.pid}.bin`);
    const initFile = path.join(WORK, `maps-${process.pid}.txt`);
    let n = 0;
    for (const p of packets) n += 4 + p.length;
    const buf = Buffer.alloc(n);
    let o = 0;
    for (const p of packets) {
      buf.writeUInt32LE(p.length, o);
      buf.set(p, o + 4);
      o += 4 + p.length;
    }
    fs.writeFileSync(pktFile, buf);
    const args = [obj, program, pktFile, String(repeat)];
    if (maps.length > 0) {
      fs.writeFileSync(initFile, maps.join('\n') + '\n');
      args.push(initFile);
    }
    const r = spawnSync(timer, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
    fs.rmSync(pktFile, { force: true });
    fs.rmSync(initFile, { force: true });
    const f = r.stdout.trim().split(' ');
    if (f[0] !== 'ok') return { unavailable: `kernel timer: ${r.stdout.trim() || r.stderr.trim().slice(0, 200)}` };
    return { runs: Number(f[1]), refused: Number(f[2]), nsPerRun: Number(f[3]) };
  } catch (e) {
    return { unavailable: (e as Error).message };
  }
}
