// The engine must run in plain Node: no file under src/engine may import 'vscode' (or reach the file system).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('engine isolation', () => {
  const root = path.join(__dirname, '..', '..', 'src', 'engine');
  const files = tsFiles(root);

  it('finds the engine sources', () => {
    assert.ok(files.length > 20, `only ${files.length} files under src/engine`);
  });

  it('has no vscode import', () => {
    const bad = files.filter(f => /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\))/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(bad, []);
  });

  it('does not touch the file system (I/O comes in through interfaces)', () => {
    const bad = files.filter(f => /(from\s+['"](fs|node:fs|fs\/promises)['"]|require\(\s*['"](fs|node:fs)['"]\s*\))/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(bad, []);
  });
});
