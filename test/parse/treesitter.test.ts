// Loading the grammar: from node_modules by default, or from a directory holding both .wasm files (what the
// bundled CLI and extension do). A child process checks the wasmDir case, since the runtime loads once per process.

import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadCParser } from '../../src/engine/parse/treesitter';

const root = path.join(__dirname, '..', '..');

function loadIn(dir: string): string {
  const code =
    "require('./src/engine/parse/treesitter').loadCParser({ wasmDir: process.argv[1] })" +
    ".then(p => { const t = p.parseTree('int x;'); console.log(t.rootNode.toString()); t.delete(); p.dispose(); })" +
    '.catch(e => { console.log(`failed: ${e.message}`); });';
  return execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', code, dir], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
}

describe('loadCParser', () => {
  it('loads the grammar once and parses with each parser', async () => {
    const a = await loadCParser();
    const b = await loadCParser();
    try {
      assert.equal(a.language, b.language, 'the language is loaded once per path');
      assert.notEqual(a, b);
      const tree = a.parseTree('int main(void) { return 0; }');
      assert.equal(tree.rootNode.type, 'translation_unit');
      assert.equal(tree.rootNode.hasError, false);
      tree.delete();
      assert.ok(a.types.names.includes('function_definition'));
      assert.equal(a.types.named[a.types.names.indexOf('function_definition')], true);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('takes both wasm files from wasmDir when given', function () {
    this.timeout(60000);
    const dir = mkdtempSync(path.join(tmpdir(), 'xdp-lab-wasm-'));
    const empty = mkdtempSync(path.join(tmpdir(), 'xdp-lab-nowasm-'));
    try {
      copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dir, 'web-tree-sitter.wasm'));
      copyFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm'), path.join(dir, 'tree-sitter-c.wasm'));
      assert.equal(loadIn(dir), '(translation_unit (declaration type: (primitive_type) declarator: (identifier)))');
      assert.match(loadIn(empty), /^failed: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
