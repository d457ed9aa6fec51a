// Finds clang and bpftool and says why kernel tests cannot run when they
// are missing, so the suites can skip with a clear reason.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const BPFFS = '/sys/fs/bpf';

function runs(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

/** Why kernel loading cannot be tested here, or undefined if it can. */
export function kernelLoadUnavailable(): string | undefined {
  if (!runs('clang', ['--version'])) return 'clang not found';
  if (!runs('bpftool', ['version'])) return 'bpftool not found';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root';
  if (!existsSync(BPFFS)) return `${BPFFS} is not mounted`;
  return undefined;
}

/** Include dir for <asm/types.h>, which the bpf target does not find alone. */
export function multiarchInclude(): string[] {
  const r = spawnSync('clang', ['-print-multiarch'], { encoding: 'utf8' });
  const triple = r.status === 0 ? r.stdout.trim() : '';
  const dir = `/usr/include/${triple}`;
  return triple && existsSync(dir) ? [`-I${dir}`] : [];
}

/** clang arguments that compile one BPF C file to an object. */
export function bpfCompileArgs(source: string, object: string): string[] {
  return ['-O2', '-g', '-Wall', '-target', 'bpf', ...multiarchInclude(), '-c', source, '-o', object];
}
