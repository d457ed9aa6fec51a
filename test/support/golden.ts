// Golden files: compare, or with UPDATE_GOLDEN=1 rewrite the stale file and fail so the rewrite is seen.
import { strict as assert } from 'assert';
import * as fs from 'fs';

export function checkGolden(file: string, actual: string): void {
  const exists = fs.existsSync(file);
  const expected = exists ? fs.readFileSync(file, 'utf8') : undefined;
  if (expected === actual) return;
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.writeFileSync(file, actual);
    assert.fail(`golden ${file} was ${exists ? 'stale' : 'missing'} and has been rewritten; review it and run again`);
  }
  assert.equal(actual, expected ?? '<missing golden file: run with UPDATE_GOLDEN=1>', `golden ${file} differs`);
}
