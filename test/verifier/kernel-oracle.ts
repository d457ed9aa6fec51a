// The kernel as an oracle: compile a program with clang, load it with bpftool, and read the verdict and the
// source line the verifier (or clang) blames. The verifier log carries BTF line info ("; code @ file.c:N")
// before the instructions of the failing path; the last such line before the error is the failing line.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BPFFS, bpfCompileArgs } from '../examples/bpf-toolchain';

export interface KernelVerdict {
  verdict: 'accept' | 'reject';
  /** Who rejected: clang (it refuses some programs, such as a frame over 512 bytes) or the kernel verifier. */
  by?: 'clang' | 'kernel';
  /** 1-based line in the program's file that the rejection names, if any. */
  line?: number;
  /** The last lines of the log, to show when something does not match. */
  log: string;
}

function run(cmd: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** bpftool's program type for a section name. */
export function loadType(section: string): string {
  if (section === 'tc' || section.startsWith('tc/') || section.startsWith('classifier')) return 'classifier';
  return 'xdp';
}

export interface ProgramRef {
  name: string;
  section: string;
}

/** The kernel's verdict for each program of a file (keyed by function name). */
export function kernelVerdicts(source: string, programs: readonly ProgramRef[], workDir: string): Map<string, KernelVerdict> {
  const name = basename(source, '.c');
  const object = join(workDir, `${name}.o`);
  const out = new Map<string, KernelVerdict>();
  const compile = run('clang', bpfCompileArgs(source, object));
  if (!compile.ok) {
    for (const p of programs) out.set(p.name, { verdict: 'reject', by: 'clang', line: clangErrorLine(compile.output, name), log: tail(compile.output) });
    return out;
  }
  const pin = join(BPFFS, `xdplab_vdiff_${name}`);
  rmSync(pin, { recursive: true, force: true });
  try {
    const single = programs.length === 1;
    const load = single
      ? run('bpftool', ['prog', 'load', object, pin, 'type', loadType(programs[0].section)])
      : run('bpftool', ['prog', 'loadall', object, pin]);
    const failed = load.ok ? undefined : single ? programs[0].name : failedProgram(load.output);
    for (const p of programs) {
      if (p.name === failed) out.set(p.name, { verdict: 'reject', by: 'kernel', line: atExit(load.output) ? undefined : failingLine(load.output, name), log: tail(load.output) });
      else out.set(p.name, load.ok || failed !== undefined ? { verdict: 'accept', log: '' } : { verdict: 'reject', by: 'kernel', log: tail(load.output) });
    }
    return out;
  } finally {
    rmSync(pin, { recursive: true, force: true });
  }
}

/** libbpf names the program whose load failed: "libbpf: prog 'name': BPF program load failed". */
function failedProgram(log: string): string | undefined {
  return /libbpf: prog '([^']+)': BPF program load failed/.exec(log)?.[1];
}

/**
 * Errors the kernel finds at the program's exit instruction (a reference still held): clang gives that shared
 * instruction the line of whichever return it merged, or none, so the log names no line worth comparing.
 */
function atExit(log: string): boolean {
  return /would lead to reference leak/.test(log);
}

/** The last "; … @ file.c:N" line info before the end of the log (the instruction that failed). */
export function failingLine(log: string, name: string): number | undefined {
  const re = new RegExp(`^; .* @ ${escape(name)}\\.c:(\\d+)\\s*$`);
  let line: number | undefined;
  for (const l of log.split('\n')) {
    const m = re.exec(l);
    // Line 0 marks instructions clang made up (no source line): the blame stays with the last real line.
    if (m && m[1] !== '0') line = Number(m[1]);
    if (l.startsWith('processed ')) break;
  }
  return line;
}

function clangErrorLine(out: string, name: string): number | undefined {
  const m = new RegExp(`${escape(name)}\\.c:(\\d+):\\d+: error:`).exec(out);
  return m ? Number(m[1]) : undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tail(text: string): string {
  return text.trim().split('\n').filter(l => !/^(Warning|If it used|libbpf: failed|Error: failed)/.test(l)).slice(-12).join('\n');
}
