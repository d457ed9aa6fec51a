// The kernel as the final oracle: every program of our corpus (test/fixtures/verifier/kernel) and every example
// is compiled by clang and loaded into the running kernel; our verdict must equal the kernel's, and when the
// kernel rejects, the source line it blames must lie within the range of one of our errors. Known imprecision
// is listed below with a reason; such an entry may only be a program we reject and the kernel accepts — never
// one we accept that the kernel rejects.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LineIndex } from '../../src/engine/source';
import { verifyModule } from '../../src/engine/verifier';
import { kernelLoadUnavailable } from '../examples/bpf-toolchain';
import { compileFile } from '../support/frontend';
import { kernelVerdicts, type KernelVerdict } from './kernel-oracle';

const CORPUS = join(__dirname, '..', 'fixtures', 'verifier', 'kernel');
const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** Programs where we knowingly differ from the kernel, with why. Only "we reject, the kernel accepts" is allowed. */
const EXPECTED_DIFFERENCES: Record<string, string> = {
  'null_array_key_aligned.c': 'the kernel sees a non-zero constant ARRAY key only if clang spills it 8-byte aligned; we rely on zero keys only',
};

interface Row {
  program: string;
  kernel: string;
  ours: string;
  match: string;
}

const unavailable = kernelLoadUnavailable();
const files = [
  ...readdirSync(CORPUS).filter(f => f.endsWith('.c')).sort().map(f => join(CORPUS, f)),
  ...readdirSync(EXAMPLES).filter(f => f.endsWith('.c')).sort().map(f => join(EXAMPLES, f)),
];

function lineSpan(text: string, d: { range: { start: number; end: number } }): [number, number] {
  const ix = new LineIndex(text);
  return [ix.lineCol(d.range.start).line, ix.lineCol(d.range.end).line];
}

function describeKernel(k: KernelVerdict): string {
  if (k.verdict === 'accept') return 'accept';
  const who = k.by === 'clang' ? 'clang ' : '';
  return `${who}reject${k.line ? ` @${k.line}` : ''}`;
}

describe(`verifier agrees with the kernel${unavailable ? ` (skipped: ${unavailable})` : ''}`, function () {
  this.timeout(120000);
  let work = '';
  const rows: Row[] = [];

  before(function () {
    if (unavailable) this.skip();
    work = mkdtempSync(join(tmpdir(), 'xdplab-vdiff-'));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    if (rows.length === 0) return;
    const w = (k: keyof Row) => Math.max(k.length, ...rows.map(r => r[k].length));
    const line = (r: Row) => `  ${r.program.padEnd(w('program'))}  ${r.kernel.padEnd(w('kernel'))}  ${r.ours.padEnd(w('ours'))}  ${r.match}`;
    console.log(['', line({ program: 'program', kernel: 'kernel', ours: 'ours', match: 'match' }), ...rows.map(line)].join('\n'));
  });

  it('has a corpus of at least 40 programs', () => {
    assert.ok(readdirSync(CORPUS).filter(f => f.endsWith('.c')).length >= 40);
  });

  it('lists only differences where we are the stricter side', () => {
    for (const name of Object.keys(EXPECTED_DIFFERENCES)) assert.ok(files.some(f => basename(f) === name), `${name} is not in the corpus`);
  });

  for (const file of files) {
    const name = basename(file);
    it(name, async () => {
      const text = readFileSync(file, 'utf8');
      const fr = await compileFile(file);
      const frontErrors = fr.diagnostics.filter(d => d.severity === 'error');
      assert.deepEqual(frontErrors.map(d => d.message), [], 'the front end reports errors');
      const result = verifyModule(fr.module, { source: p => (p === file ? text : undefined) });
      assert.ok(result.programs.length > 0, 'no program found');
      const kernel = kernelVerdicts(file, result.programs, work);
      for (const prog of result.programs) {
        const k = kernel.get(prog.name)!;
        const errors = prog.diagnostics.filter(d => d.severity === 'error');
        const spans = errors.map(d => lineSpan(text, d));
        const lineOk = k.verdict === 'accept' || k.line === undefined || spans.some(([a, b]) => k.line! >= a && k.line! <= b);
        const same = k.verdict === prog.verdict && lineOk;
        const expected = EXPECTED_DIFFERENCES[name];
        const label = result.programs.length > 1 ? `${name}:${prog.name}` : name;
        const ours = prog.verdict === 'accept' ? 'accept' : `reject @${[...new Set(spans.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)))].join(',')}`;
        rows.push({ program: label, kernel: describeKernel(k), ours, match: same ? 'yes' : expected ? `expected: ${expected}` : 'NO' });
        if (expected) {
          assert.ok(!same, `${label} now matches the kernel: remove it from EXPECTED_DIFFERENCES`);
          assert.ok(prog.verdict === 'reject' && k.verdict === 'accept', `${label}: an expected difference must be a rejection of a program the kernel accepts`);
          continue;
        }
        const ourText = prog.diagnostics.map(d => `  ${d.severity} ${d.code} line ${lineSpan(text, d).join('-')}: ${d.message}`).join('\n');
        assert.equal(prog.verdict, k.verdict, `${label}: kernel ${describeKernel(k)}, we ${prog.verdict}\n${ourText}\nkernel log:\n${k.log}`);
        assert.ok(lineOk, `${label}: the kernel blames line ${k.line}, our errors are at ${ours}\n${ourText}\nkernel log:\n${k.log}`);
      }
    });
  }
});
