// The plain copy of the tree must match what the (slow) web-tree-sitter Node API reports, node for node: the
// copier skips wasm calls whose answers it assumes (leaf types, parents without fields, ends of inner nodes).

import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { liftTree, type CNode } from '../../src/engine/parse/cst';
import { testParser } from './helpers';

function viaNodeApi(n: Node, field: string | null): CNode {
  const children: CNode[] = [];
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i) as Node;
    if (c.type !== 'comment') children.push(viaNodeApi(c, n.fieldNameForChild(i)));
  }
  return {
    type: n.type,
    named: n.isNamed,
    missing: n.isMissing,
    field: field ?? undefined,
    start: n.startIndex,
    end: n.endIndex,
    children,
  };
}

const dir = path.join(__dirname, '..', 'fixtures', 'parse');
const BROKEN = ['int f(int x) { return x ); }', 'struct { int : 3; } s', 'void k(void) { if (x) { y();', '@@ int a = ;'];

describe('tree copy', () => {
  const inputs = [...readdirSync(dir).filter(f => f.endsWith('.c')).map(f => readFileSync(path.join(dir, f), 'utf8')), ...BROKEN];
  it('matches the Node API on every fixture and on broken input', async () => {
    const p = await testParser();
    for (const text of inputs) {
      const tree = p.parseTree(text);
      try {
        assert.deepEqual(liftTree(tree, p.types), viaNodeApi(tree.rootNode, null), text.slice(0, 60));
      } finally {
        tree.delete();
      }
    }
  });
});
