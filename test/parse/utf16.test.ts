// Offsets are UTF-16 indices into the JS string (web-tree-sitter reports them so when given a string), including
// after characters outside the BMP, and through the prepass rewrites and side parses.

import { strict as assert } from 'assert';
import { parse } from '../../src/engine/parse';
import { identityMap, spanProblems, testParser } from './helpers';

const TEXT = [
  '/* Ünïcödé comment with an astral 😀 and CJK 漢字 */',
  '// more: ☃ → ✓',
  'char msg[] __attribute__((section("naïve"))) = "héllo 😀";',
  'typeof(msg[0]) first; /* 😀😀 */ int after = offsetof(struct s, a.b);',
  'int broken = @;',
].join('\n');

describe('UTF-16 offsets', () => {
  it('spans index the JS string even after non-ASCII and astral characters', async () => {
    const r = parse(TEXT, await testParser(), identityMap, { cache: false });
    assert.deepEqual(spanProblems(TEXT, r.value), []);
    const first = r.value.items[1];
    assert.equal(first.kind, 'declaration');
    if (first.kind === 'declaration') {
      assert.equal(TEXT.slice(first.specs.type.span.start, first.specs.type.span.end), 'typeof(msg[0])');
      const t = first.specs.type;
      assert.ok(t.kind === 'typeof' && t.expr?.kind === 'index');
      if (t.kind === 'typeof' && t.expr) assert.equal(TEXT.slice(t.expr.span.start, t.expr.span.end), 'msg[0]');
    }
  });

  it('decodes non-ASCII string contents as UTF-8 bytes', async () => {
    const r = parse(TEXT, await testParser(), identityMap, { cache: false });
    const msg = r.value.items[0];
    assert.equal(msg.kind, 'declaration');
    if (msg.kind !== 'declaration') return;
    const init = msg.declarators[0].init;
    assert.ok(init && init.kind === 'string');
    if (init?.kind === 'string') assert.equal(init.value, Buffer.from('héllo 😀', 'utf8').toString('latin1'));
    const section = msg.declarators[0].attributes[0].args[0];
    assert.ok(section.kind === 'string' && section.value === Buffer.from('naïve', 'utf8').toString('latin1'));
  });

  it('reports an error at its UTF-16 offset', async () => {
    const r = parse(TEXT, await testParser(), identityMap, { cache: false });
    assert.equal(r.diagnostics.length, 1);
    const at = TEXT.indexOf('@');
    assert.deepEqual(r.diagnostics[0].range, { file: 't.c', start: at, end: at + 1 });
  });
});
