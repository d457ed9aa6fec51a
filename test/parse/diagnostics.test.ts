// Syntax errors: one diagnostic per mistake, at the right place in the original file, and the rest of the file
// still converted.

import { strict as assert } from 'assert';
import type { SourceMap } from '../../src/engine/preprocess/types';
import { parse } from '../../src/engine/parse';
import { printAst } from '../../src/engine/parse/print';
import { identityMap, testParser } from './helpers';

async function diagsOf(text: string, map: SourceMap = identityMap) {
  const r = parse(text, await testParser(), map, { cache: false });
  return { diags: r.diagnostics, tu: r.value };
}

/** The offset of the n-th occurrence of `needle` (0-based), plus `delta`. */
function at(text: string, needle: string, delta = 0, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `'${needle}' not in text`);
  return i + delta;
}

describe('parse diagnostics', () => {
  it('reports a missing semicolon right after the declaration, in the mapped file', async () => {
    const text = 'int a = 1\nint b = 2;\n';
    const { diags, tu } = await diagsOf(text);
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.equal(d.code, 'PARSE_MISSING');
    assert.equal(d.stage, 'parse');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, "missing ';'");
    assert.deepEqual(d.range, { file: 't.c', start: at(text, '1', 1), end: at(text, '1', 1) });
    assert.equal(tu.items.length, 2, 'both declarations survive');
  });

  it('names a stray token and covers exactly it', async () => {
    const text = 'int f(int x) {\n  return x );\n}\n';
    const { diags, tu } = await diagsOf(text);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].code, 'PARSE_SYNTAX');
    assert.equal(diags[0].message, "unexpected ')'");
    assert.deepEqual(diags[0].range, { file: 't.c', start: at(text, ')', 0, 1), end: at(text, ')', 1, 1) });
    assert.match(printAst(tu), /\(return x\)/);
  });

  it('reports an unclosed brace once, pointing back at the brace it should close', async () => {
    const text = 'int f(int x) {\n  if (x) {\n    x++;\n  return x;\n}\n';
    const { diags } = await diagsOf(text);
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.equal(d.code, 'PARSE_MISSING');
    assert.equal(d.message, "missing '}'");
    assert.equal(d.range.start, text.lastIndexOf('}') + 1, 'the insertion point is after the last token');
    assert.deepEqual(d.related?.[0].range, { file: 't.c', start: at(text, '{', 0, 0), end: at(text, '{', 1, 0) });
    assert.equal(d.related?.[0].message, "to match this '{'");
  });

  it('reports an unclosed brace that swallows the rest of the file at the brace itself', async () => {
    const text = 'void k(void) { if (x) { y();\n';
    const { diags } = await diagsOf(text);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].message, "missing '}': this '{' is never closed");
    assert.deepEqual(diags[0].range, { file: 't.c', start: at(text, '{', 0, 1), end: at(text, '{', 1, 1) });
  });

  it('reports a run of garbage once, not once per nested error', async () => {
    const text = 'int f(int x) { x = @ # ` y; return x; }\nint g(void) { return 0; }\n';
    const { diags, tu } = await diagsOf(text);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].message, "unexpected '@ # `'");
    assert.deepEqual([diags[0].range.start, diags[0].range.end], [at(text, '@'), at(text, '`', 1)]);
    assert.equal(tu.items.length, 2);
  });

  it('keeps a function whose body is fine when something before it is garbled', async () => {
    const text = 'int a;\n%% ^^ !!\nint good(void) { return 42; }\n';
    const { diags, tu } = await diagsOf(text);
    assert.equal(diags.length, 1);
    assert.equal(diags[0].message, "unexpected '%% ^^ !!'");
    assert.equal(diags[0].range.start, at(text, '%%'));
    const names = tu.items.map(i => (i.kind === 'function' && i.declarator.kind === 'function' && i.declarator.inner.kind === 'ident' ? i.declarator.inner.name : i.kind));
    assert.deepEqual(names, ['declaration', 'good']);
  });

  it('does not report an unnamed bit-field, which tree-sitter marks as a missing name', async () => {
    const { diags } = await diagsOf('struct s { int a : 3; int : 5; unsigned : 0; };\n');
    assert.deepEqual(diags, []);
  });

  it('maps ranges through the source map', async () => {
    const text = 'int a = 1\nint b;\n';
    const shifted: SourceMap = { mainFile: 'm.c', toSource: (s, e) => ({ file: 'hdr.h', start: s + 100, end: e + 100 }) };
    const { diags } = await diagsOf(text, shifted);
    assert.deepEqual(diags[0].range, { file: 'hdr.h', start: 109, end: 109 });
  });

  it('uses <input> and output offsets without a source map', async () => {
    const r = parse('int a = 1\n', await testParser(), undefined, { cache: false });
    assert.deepEqual(r.diagnostics[0].range, { file: '<input>', start: 9, end: 9 });
  });

  it('reports statements outside functions and unexpanded macros used as types', async () => {
    const text = 'foo(1);\nBAR(int) x;\n';
    const { diags } = await diagsOf(text);
    assert.deepEqual(
      diags.map(d => [d.code, d.range.start]),
      [
        ['PARSE_SYNTAX', 0],
        ['PARSE_UNSUPPORTED', at(text, 'BAR')],
      ],
    );
  });

  it('reports each malformed literal once, over the whole literal, keeping its declaration', async () => {
    const bad = ['09', '0x1g', '1abc', '0x', "''", "'\\400'", '"\\x100"', '12lul'];
    const text = bad.map((l, i) => `int v${i} = ${l};\n`).join('');
    const { diags, tu } = await diagsOf(text);
    assert.deepEqual(
      diags.map(d => [d.code, d.severity, text.slice(d.range.start, d.range.end)]),
      bad.map(l => ['PARSE_LITERAL', 'error', l]),
    );
    assert.equal(tu.items.length, bad.length);
  });

  it('warns about an unknown escape but keeps the character', async () => {
    const { diags, tu } = await diagsOf("char c = '\\q';\n");
    assert.deepEqual(diags.map(d => [d.severity, d.message]), [['warning', "unknown escape sequence '\\q'"]]);
    const d = tu.items[0];
    assert.ok(d.kind === 'declaration' && d.declarators[0].init?.kind === 'char' && d.declarators[0].init.value === 113);
  });
});
