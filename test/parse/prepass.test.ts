// The prepass rewrites what tree-sitter-c cannot parse without moving any offset, and guesses item boundaries.

import { strict as assert } from 'assert';
import { prepass } from '../../src/engine/parse/prepass';

const chunkTexts = (text: string): string[] => prepass(text).chunks.map(c => text.slice(c.start, c.end));

describe('prepass', () => {
  it('keeps the length and blanks attributes, recording their items', () => {
    const attr = '__attribute__((section("a,b"), aligned(8), packed))';
    const text = `int x ${attr} = 1;\n`;
    const pre = prepass(text);
    assert.equal(pre.text, `int x ${' '.repeat(attr.length)} = 1;\n`);
    assert.deepEqual(
      pre.attrs[0].items.map(i => [i.name, i.args && text.slice(i.args.start, i.args.end)]),
      [
        ['section', '"a,b"'],
        ['aligned', '8'],
        ['packed', undefined],
      ],
    );
  });

  it('blanks C23 attributes, keeping the name after a namespace', () => {
    const pre = prepass('[[gnu::packed, deprecated("x")]] struct s;');
    assert.deepEqual(pre.attrs[0].items.map(i => i.name), ['packed', 'deprecated']);
    assert.match(pre.text, /^ {32} struct s;$/);
  });

  it('turns typeof and offsetof into identifiers of the same length, skipping strings and comments', () => {
    const ty = 'typeof(a /* ) */ + ")")';
    const off = 'offsetof(struct s, a.b[1])';
    const text = `${ty} v = ${off}; /* typeof(x) */ "typeof(y)"`;
    const pre = prepass(text);
    assert.equal(pre.text.length, text.length);
    assert.ok(pre.text.startsWith(`typeof${'_'.repeat(ty.length - 6)} v = offsetof${'_'.repeat(off.length - 8)};`), pre.text);
    assert.ok(pre.text.endsWith('/* typeof(x) */ "typeof(y)"'));
    assert.equal(pre.operands.length, 1);
    assert.equal(text.slice(pre.operands[0].arg.start, pre.operands[0].arg.end), 'a /* ) */ + ")"');
    const o = pre.offsetofs[0];
    assert.deepEqual([text.slice(o.type.start, o.type.end), text.slice(o.path.start, o.path.end)], ['struct s', 'a.b[1]']);
  });

  it("rewrites a case range's ... only in case labels", () => {
    const text = 'switch (x) { case 1 ... 5: f(a, ...); } int a[3] = { [0 ... 2] = 1 };';
    const pre = prepass(text);
    assert.equal(pre.text.split('||').length, 2);
    assert.ok(pre.text.includes('case 1  || 5:'));
    assert.deepEqual(pre.caseRanges, [text.indexOf('...') + 1]);
  });

  it('pads __const, __volatile__ and friends around the plain keyword', () => {
    assert.equal(prepass('__const int *__restrict p; asm __volatile__("")').text, '  const int *  restrict p; asm   volatile  ("")');
  });

  it('leaves unbalanced constructs alone for tree-sitter to report', () => {
    const text = 'int x __attribute__((packed; typeof(y';
    assert.equal(prepass(text).text, text);
  });

  it('splits items at top-level semicolons and at the end of function bodies only', () => {
    const text = [
      'struct s { int a; } x;',
      'int f(int a) { return (struct s){ .a = a }.a; }',
      'int (*g(void))(int) { return 0; }',
      'struct s y = (struct s){ 1 };',
      'int arr[] = { 1, 2 };',
      'int h(void) __attribute__((noinline)) { }',
    ].join('\n');
    assert.deepEqual(chunkTexts(text), text.split('\n'));
  });

  it('skips a closer without an opener when chunking', () => {
    assert.deepEqual(chunkTexts('int f(int x) { return x ); }\nint y;'), ['int f(int x) { return x ); }', 'int y;']);
  });

  it('treats an unterminated /* as tokens, as tree-sitter does', () => {
    assert.deepEqual(chunkTexts('int a; /* int b;'), ['int a;', '/* int b;']);
  });
});
