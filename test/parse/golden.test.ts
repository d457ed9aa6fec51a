// Golden tests: every test/fixtures/parse/*.c parses to the AST printed in the .ast file next to it, followed by
// its diagnostics. UPDATE_GOLDEN=1 rewrites the .ast files (and fails, so a rewrite never passes unnoticed).

import { strict as assert } from 'assert';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'fs';
import * as path from 'path';
import { parse } from '../../src/engine/parse';
import { printAst } from '../../src/engine/parse/print';
import { identityMap, spanProblems, testParser } from './helpers';

const dir = path.join(__dirname, '..', 'fixtures', 'parse');
const update = process.env.UPDATE_GOLDEN === '1';

async function render(file: string): Promise<{ text: string; out: string; problems: string[] }> {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const r = parse(text, await testParser(), identityMap, { cache: false });
  const diags = r.diagnostics.map(d => `;; ${d.code} ${d.range.start}-${d.range.end} ${d.message}\n`);
  return { text, out: printAst(r.value) + diags.join(''), problems: spanProblems(text, r.value) };
}

describe('parse goldens', () => {
  const fixtures = readdirSync(dir).filter(f => f.endsWith('.c')).sort();

  it('has fixtures', () => {
    assert.ok(fixtures.length >= 8, `only ${fixtures.length} fixtures in ${dir}`);
  });

  for (const file of fixtures) {
    it(file, async () => {
      const golden = path.join(dir, file.replace(/\.c$/, '.ast'));
      const { out, problems } = await render(file);
      if (update) {
        writeFileSync(golden, out);
        assert.fail(`rewrote ${golden} (UPDATE_GOLDEN=1): review the diff, then run again without it`);
      }
      assert.ok(existsSync(golden), `no golden ${golden}: run with UPDATE_GOLDEN=1 to create it`);
      assert.equal(out, readFileSync(golden, 'utf8'));
      assert.deepEqual(problems, []);
    });
  }
});
