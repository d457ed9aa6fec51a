// Golden IR printouts: each test/fixtures/ir/*.c lowers to the IR in the .ir file beside it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { printModule } from '../../src/engine/ir/print';
import { LineIndex } from '../../src/engine/source';
import { compileText, errorsOf } from '../support/frontend';
import { checkGolden } from '../support/golden';

const dir = path.join(__dirname, '..', 'fixtures', 'ir');

describe('IR golden printouts', () => {
  for (const name of fs.readdirSync(dir).filter(f => f.endsWith('.c')).sort()) {
    it(name, async () => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const file = '/fixtures/' + name;
      const fr = await compileText(text, file);
      assert.deepEqual(errorsOf(fr), []);
      const ix = new LineIndex(text);
      const out = printModule(fr.module, r => {
        if (r.file !== file) return path.basename(r.file);
        const lc = ix.lineCol(r.start);
        return `${lc.line}:${lc.column}`;
      });
      checkGolden(path.join(dir, name.replace(/\.c$/, '.ir')), out);
    });
  }
});
