// Shared test helpers: an in-memory include host, a run wrapper, an independent tokenizer for comparing token
// streams, and a clang runner (tests that need it skip when clang is missing).

import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from '../../src/engine/diagnostics';
import { preprocess } from '../../src/engine/preprocess';
import type { IncludeHost, PreprocessOptions, PreprocessOutput } from '../../src/engine/preprocess/types';

/** Posix-style paths over a map of file texts. */
export function memHost(files: Record<string, string>, reads: string[] = []): IncludeHost {
  return {
    readFile(p: string): string | undefined {
      reads.push(p);
      return Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined;
    },
    dirname: (p: string) => path.posix.dirname(p),
    join: (d: string, n: string) => path.posix.join(d, n),
  };
}

export interface Run {
  out: PreprocessOutput;
  diags: Diagnostic[];
  text: string;
}

export function run(text: string, opts: Partial<PreprocessOptions> & { files?: Record<string, string> } = {}): Run {
  const { files, ...rest } = opts;
  const r = preprocess({ file: '/src/main.c', text, host: memHost(files ?? {}), ...rest });
  return { out: r.value, diags: r.diagnostics, text: r.value.text };
}

const TOKEN_RE = new RegExp([
  String.raw`(?:L|u8|u|U)?"(?:\\.|[^"\\\n])*"`,
  String.raw`(?:L|u8|u|U)?'(?:\\.|[^'\\\n])*'`,
  String.raw`\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*`,
  String.raw`[A-Za-z_$][A-Za-z0-9_$]*`,
  String.raw`\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&^|]=|##`,
  String.raw`\S`,
].join('|'), 'g');

/** Tokens of C text, whitespace dropped (independent of the lexer under test). */
export function toks(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Token texts joined by single spaces: a whitespace-insensitive rendering for assertions. */
export function norm(text: string): string {
  return toks(text).join(' ');
}

export const errors = (r: Run): Diagnostic[] => r.diags.filter(d => d.severity === 'error');
export const warnings = (r: Run): Diagnostic[] => r.diags.filter(d => d.severity === 'warning');

let clangChecked: boolean | null = null;
export function haveClang(): boolean {
  if (clangChecked === null) clangChecked = spawnSync('clang', ['--version']).status === 0;
  return clangChecked;
}

/** The -D flags that make clang predefine what ours does beyond clang 14's own list. */
export const CLANG_EXTRA_DEFINES = [
  '-D__typeof__=typeof', '-D__typeof=typeof', '-D__inline=inline',
  '-D__inline__=inline', '-D__volatile__=volatile', '-D__volatile=volatile', '-D__asm__=asm', '-D__asm=asm',
  '-D__signed__=signed', '-D__signed=signed', '-D__const=const', '-D__const__=const', '-D__restrict=restrict',
  '-D__restrict__=restrict', '-D__BPF_CPU_VERSION__=1',
];

/** `clang -O2 -target bpf -E -P` of a main file (plus extra files) written to a temp dir. */
export function clangE(main: string, files: Record<string, string> = {}, args: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const mainPath = path.join(dir, 'main.c');
    fs.writeFileSync(mainPath, main);
    return clangFile(mainPath, args);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function clangFile(file: string, args: string[] = []): string {
  const argv = ['-O2', '-target', 'bpf', '-E', '-P', '-nostdinc', '-Wno-everything', ...CLANG_EXTRA_DEFINES, ...args, file];
  const r = spawnSync('clang', argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // A reference run with errors would be a bad reference.
  if (r.status !== 0) throw new Error(`clang failed on ${file}:\n${r.stderr}`);
  return r.stdout;
}

export function nodeHost(): IncludeHost {
  return {
    readFile(p: string): string | undefined {
      try {
        return fs.readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    dirname: path.dirname,
    join: path.join,
  };
}

/** The multiarch include dir holding asm/*.h on Debian, if present. */
export function multiarchDir(): string | null {
  try {
    const triple = execFileSync('gcc', ['-print-multiarch'], { encoding: 'utf8' }).trim();
    const dir = `/usr/include/${triple}`;
    if (triple && fs.existsSync(path.join(dir, 'asm/types.h'))) return dir;
  } catch {
    /* fall through */
  }
  const guess = '/usr/include/x86_64-linux-gnu';
  return fs.existsSync(path.join(guess, 'asm/types.h')) ? guess : null;
}

export interface ClangDiag {
  line: number;
  col: number;
  severity: string;
  message: string;
}

/** The preprocessor diagnostics of `clang -target bpf -E` on a main file (text given on stdin). */
export function clangPreprocessorDiags(text: string, args: string[] = []): ClangDiag[] {
  const argv = ['-target', 'bpf', '-E', '-nostdinc', '-x', 'c', ...args, '-', '-o', '/dev/null'];
  const r = spawnSync('clang', argv, { input: text, encoding: 'utf8' });
  const out: ClangDiag[] = [];
  for (const m of r.stderr.matchAll(/^<stdin>:(\d+):(\d+): (error|warning): (.*?)(?: \[-W[^\]]*\])?$/gm)) {
    out.push({ line: Number(m[1]), col: Number(m[2]), severity: m[3], message: m[4] });
  }
  return out;
}

/** 1-based line and column of an offset in a text. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: offset - nl };
}
