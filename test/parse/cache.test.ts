// The item cache: a re-parse reuses converted top-level items whose text did not change. Whatever it reuses, the
// result must equal a parse without the cache; shared items are frozen so no caller can corrupt a later parse.

import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from '../../src/engine/parse';
import { loadCParser } from '../../src/engine/parse/treesitter';
import { identityMap } from './helpers';

const fixture = readFileSync(path.join(__dirname, '..', 'fixtures', 'parse', 'xdp_prog.c'), 'utf8');

describe('parse item cache', () => {
  it('gives the same result as an uncached parse, for the same text and after edits', async () => {
    // A parser of its own, so the cache starts empty.
    const p = await loadCParser();
    try {
      const edits = [
        fixture,
        fixture,
        fixture.replace('return XDP_PASS;\n}', 'return XDP_DROP;\n}'),
        `int inserted_at_top;\n${fixture}`,
        fixture.replace('char LICENSE[]', 'int broken = ;\nchar LICENSE[]'),
        fixture.replace('struct iphdr {', 'struct iphdr { int extra;'),
        fixture.slice(0, fixture.length - 40),
      ];
      for (const text of edits) {
        const cached = parse(text, p, identityMap);
        const fresh = parse(text, p, identityMap, { cache: false });
        assert.deepEqual(cached, fresh);
      }
    } finally {
      p.dispose();
    }
  });

  it('shares unchanged items, frozen, and copies moved ones', async () => {
    const p = await loadCParser();
    try {
      const a = parse(fixture, p).value;
      const b = parse(fixture, p).value;
      assert.equal(a.items[0], b.items[0], 'same text at the same place: the same object');
      assert.ok(Object.isFrozen(b.items[0]));
      const first = b.items[0];
      assert.throws(() => {
        if (first.kind === 'declaration') first.declarators.length = 0;
      }, TypeError);
      const moved = parse(`int zz;\n${fixture}`, p).value;
      assert.notEqual(moved.items[1], a.items[0]);
      assert.equal(moved.items[1].span.start, a.items[0].span.start + 'int zz;\n'.length);
      assert.deepEqual(moved, parse(`int zz;\n${fixture}`, p, undefined, { cache: false }).value);
    } finally {
      p.dispose();
    }
  });
});
