// Constant values and expression types from clang (the oracle) and from our front end, for the same source.
// Each case becomes one source line of globals:
//   const long long v_N = (long long)(EXPR);      — the value (left out for type-only cases)
//   const int s_N = sizeof(EXPR);                  — the size of EXPR's type
//   const int u_N = ((__typeof__(EXPR))~0) > 0;    — whether that type is unsigned (all ones)
// clang's values come from its LLVM IR (`@v_N = ... constant i64 5`), ours from the globals' initial bytes.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { LineIndex } from '../../src/engine/source';
import { withTempDir } from '../support/clang-layout';
import { compileText } from '../support/frontend';

export interface ConstCase {
  expr: string;
  /** False for expressions that are not constants: only their type is compared. */
  value: boolean;
}

export interface ConstProbe {
  text: string;
  /** 1-based source line of each case's globals. */
  lines: number[];
}

export interface ConstResult {
  value?: bigint;
  size?: number;
  unsigned?: boolean;
}

export function probeSource(prelude: string, cases: readonly ConstCase[]): ConstProbe {
  const head = prelude.endsWith('\n') ? prelude : `${prelude}\n`;
  const first = head.split('\n').length;
  const body = cases.map((c, i) => {
    const v = c.value ? `const long long v_${i} = (long long)(${c.expr}); ` : '';
    return `${v}const int s_${i} = sizeof(${c.expr}); const int u_${i} = ((__typeof__(${c.expr}))~0) > 0;`;
  });
  return { text: head + body.join('\n') + '\n', lines: cases.map((_, i) => first + i) };
}

/** Collects v_/s_/u_ globals into one result per case. */
function gather(count: number, get: (name: string) => bigint | undefined): ConstResult[] {
  return Array.from({ length: count }, (_, i) => {
    const s = get(`s_${i}`);
    const u = get(`u_${i}`);
    return { value: get(`v_${i}`), size: s === undefined ? undefined : Number(s), unsigned: u === undefined ? undefined : u !== 0n };
  });
}

/** clang's results, compiled to LLVM IR for -target bpf; throws with clang's message if the source is rejected. */
export function clangConstants(probe: ConstProbe, count: number, includeArgs: string[]): ConstResult[] {
  const ir = withTempDir('xdp-lab-const-', (dir) => {
    const src = join(dir, 'consts.c');
    writeFileSync(src, probe.text);
    const r = spawnSync('clang', ['-target', 'bpf', '-S', '-emit-llvm', '-O0', '-w', ...includeArgs, src, '-o', '-'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) throw new Error(`clang rejected the probe:\n${r.stderr}`);
    return r.stdout;
  });
  const found = new Map<string, bigint>();
  for (const m of ir.matchAll(/^@([vsu]_\d+) = [^\n]*?constant i\d+ (-?\d+)/gm)) found.set(m[1], BigInt(m[2]));
  return gather(count, (n) => found.get(n));
}

export interface OurConstants {
  results: ConstResult[];
  /** Our front end's errors, per case (by source line). */
  errors: string[][];
}

function readLE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return BigInt.asIntN(bytes.length * 8, v);
}

/** Our results: the same source through our front end, values read from the globals' initial bytes. */
export async function ourConstants(probe: ConstProbe, count: number): Promise<OurConstants> {
  const file = '/src/consts.c';
  const fr = await compileText(probe.text, file);
  const globals = new Map(fr.module.globals.map((g) => [g.name, g]));
  const results = gather(count, (n) => {
    const g = globals.get(n);
    return g ? readLE(g.init) : undefined;
  });
  const index = new LineIndex(probe.text);
  const errors: string[][] = Array.from({ length: count }, () => []);
  const other: string[] = [];
  for (const d of fr.diagnostics) {
    if (d.severity !== 'error') continue;
    const line = d.range.file === file ? index.lineCol(d.range.start).line : -1;
    const at = probe.lines.indexOf(line);
    (at >= 0 ? errors[at] : other).push(`${d.code}: ${d.message}`);
  }
  if (other.length) throw new Error(`our front end rejected the prelude:\n${other.join('\n')}`);
  return { results, errors };
}
