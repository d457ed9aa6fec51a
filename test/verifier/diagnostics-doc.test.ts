// docs/diagnostics.md against the code: the committed file must be what the check modules generate, every
// example must produce its code (with the kernel wording the doc shows) and every fix must verify cleanly. Where
// clang and root are available the kernel judges them too: it must reject each error example (in the words the
// doc gives, numbers and register names aside), accept the warning and info examples, and accept every fix.

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS, verifyModule } from '../../src/engine/verifier';
import { diagnosticsDoc } from '../../src/engine/verifier/checks/doc';
import { kernelLoadUnavailable } from '../examples/bpf-toolchain';
import { compileText } from '../support/frontend';
import { kernelVerdicts } from './kernel-oracle';

const DOC = join(__dirname, '..', '..', 'docs', 'diagnostics.md');

/** Where the kernel's words for an example differ from the doc's for a reason other than the mistake (none yet). */
const WORDING_DIFFERS: Record<string, string> = {};

async function verify(text: string, name: string) {
  const file = `/doc/${name}.c`;
  const fr = await compileText(text, file);
  assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error').map(d => d.message), [], `${name}: the front end reports errors`);
  const programs = verifyModule(fr.module, { source: f => (f === file ? text : undefined) }).programs;
  assert.equal(programs.length, 1, `${name}: one program`);
  return programs[0];
}

/** Numbers and register names vary with clang's code; the wording does not. */
function wording(s: string): string {
  return s.replace(/\bR\d*(?=[ (])/g, 'R').replace(/-?\d+/g, 'N');
}

describe('docs/diagnostics.md', () => {
  it('is what the check modules generate (npx tsx scripts/gen-diagnostics-doc.ts)', () => {
    const want = diagnosticsDoc();
    let have = '';
    try {
      have = readFileSync(DOC, 'utf8');
    } catch {
      // missing: reported below
    }
    if (have !== want && process.env.UPDATE_GOLDEN) writeFileSync(DOC, want);
    assert.ok(have === want, `${DOC} is out of date: run npx tsx scripts/gen-diagnostics-doc.ts${process.env.UPDATE_GOLDEN ? ' (rewritten now)' : ''}`);
  });

  for (const c of CHECKS) {
    it(`${c.code}: the example produces it, the fix verifies cleanly`, async () => {
      const bad = await verify(c.example, `${c.code}_example`);
      const found = bad.diagnostics.filter(d => d.code === c.code);
      assert.ok(found.length > 0, `the example does not produce ${c.code}: ${bad.diagnostics.map(d => `${d.code}: ${d.message}`).join('; ')}`);
      assert.ok(found.some(d => d.kernel === c.kernel), `no ${c.code} with the documented kernel wording "${c.kernel}": ${found.map(d => d.kernel).join('; ')}`);
      assert.equal(bad.verdict, c.severity === 'error' ? 'reject' : 'accept');
      const good = await verify(c.fixed, `${c.code}_fixed`);
      assert.deepEqual(good.diagnostics.map(d => `${d.code}: ${d.message}`), [], 'the fixed program still has findings');
      assert.equal(good.verdict, 'accept');
    });
  }
});

const unavailable = kernelLoadUnavailable();

describe(`docs/diagnostics.md examples in the kernel${unavailable ? ` (skipped: ${unavailable})` : ''}`, function () {
  this.timeout(120000);
  let work = '';

  before(function () {
    if (unavailable) this.skip();
    work = mkdtempSync(join(tmpdir(), 'xdplab-doc-'));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const c of CHECKS) {
    it(`${c.code}: the kernel ${c.severity === 'error' ? 'rejects' : 'accepts'} the example and accepts the fix`, () => {
      for (const [kind, text] of [['example', c.example], ['fixed', c.fixed]] as const) {
        // Names become bpffs pin names, which may not contain dots.
        const file = join(work, `${c.code.toLowerCase()}_${kind}.c`);
        writeFileSync(file, text);
        const k = kernelVerdicts(file, [{ name: 'prog', section: /SEC\("tc"\)/.test(text) ? 'tc' : 'xdp' }], work).get('prog')!;
        const rejects = kind === 'example' && c.severity === 'error';
        assert.equal(k.verdict, rejects ? 'reject' : 'accept', `${kind}:\n${k.log}`);
        if (!rejects || WORDING_DIFFERS[c.code]) continue;
        const said = k.by === 'clang' ? c.kernel.replace(/^clang: /, '') : c.kernel;
        assert.ok(wording(k.log).includes(wording(said)), `the kernel's words differ from "${said}":\n${k.log}`);
      }
    });
  }
});
