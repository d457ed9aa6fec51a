import * as assert from 'assert';
import { lexFile, lexFragment } from '../../src/engine/preprocess/lexer';

const texts = (src: string): string[] => lexFile(src).tokens.map(t => t.text);
const kinds = (src: string): string[] => lexFragment(src).map(t => `${t.kind}:${t.text}`);

describe('preprocess: lexer', () => {
  it('replaces comments by whitespace, keeping length and newlines', () => {
    const src = 'a/* x\ny */b // c\nd';
    const f = lexFile(src);
    assert.deepStrictEqual(f.tokens.map(t => t.text), ['a', 'b', 'd']);
    assert.strictEqual(f.cleaned, 'a    \n    b     \nd');
    assert.deepStrictEqual(f.tokens.map(t => [t.start, t.end]), [[0, 1], [10, 11], [17, 18]]);
    // a comment's newline does not start a new logical line; the newline after // does
    assert.deepStrictEqual(f.tokens.map(t => t.bol), [true, false, true]);
    assert.deepStrictEqual(f.tokens.map(t => t.space), [false, true, true]);
  });

  it('reports an unterminated block comment', () => {
    const f = lexFile('x /* never closed\n');
    assert.deepStrictEqual(f.problems.map(p => [p.start, p.message]), [[2, 'unterminated /* comment']]);
    assert.deepStrictEqual(f.tokens.map(t => t.text), ['x']);
  });

  it('lexes string and character literals with escapes and prefixes', () => {
    assert.deepStrictEqual(kinds(`"a\\"b" '\\'' L"x" u8"y" u'z' U"w" L 'q' "" '\\0'`), [
      'str:"a\\"b"', "chr:'\\''", 'str:L"x"', 'str:u8"y"', "chr:u'z'", 'str:U"w"', 'id:L', "chr:'q'", 'str:""', "chr:'\\0'",
    ]);
    assert.deepStrictEqual(kinds(`"// not a comment" '/*'`), ['str:"// not a comment"', "chr:'/*'"]);
  });

  it('lexes an unterminated literal as one token to the end of the line', () => {
    assert.deepStrictEqual(kinds(`it's here\nnext`), ['id:it', "other:'s here", 'id:next']);
  });

  it('lexes pp-numbers', () => {
    assert.deepStrictEqual(texts('0x1fULL 1e-3 1.5e+10f .5 0x1p-3 1..2 12abc 0xe+1 1+2'),
      ['0x1fULL', '1e-3', '1.5e+10f', '.5', '0x1p-3', '1..2', '12abc', '0xe+1', '1', '+', '2']);
  });

  it('lexes punctuators by longest match', () => {
    assert.deepStrictEqual(texts('a->b x<<=2 ... ## %= >>= && || ++ -- != <= .. a.b'),
      ['a', '->', 'b', 'x', '<<=', '2', '...', '##', '%=', '>>=', '&&', '||', '++', '--', '!=', '<=', '.', '.', 'a', '.', 'b']);
    assert.deepStrictEqual(kinds('@ ` \\'), ['other:@', 'other:`', 'other:\\']);
  });

  it('removes line continuations anywhere, mapping offsets to the original text', () => {
    const src = 'in\\\nt x = "a\\\nb"; // c \\\nstill comment\nfoo \\  \nbar';
    const f = lexFile(src);
    assert.deepStrictEqual(f.tokens.map(t => t.text), ['int', 'x', '=', '"ab"', ';', 'foo', 'bar']);
    assert.deepStrictEqual(f.tokens.map(t => src.slice(t.start, t.end)), ['in\\\nt', 'x', '=', '"a\\\nb"', ';', 'foo', 'bar']);
    // the splice between foo and bar is blanked; the one inside the string is left to the token
    assert.strictEqual(f.cleaned.length, src.length);
    assert.ok(!f.cleaned.slice(src.indexOf('foo')).includes('\\'));
    assert.strictEqual(f.tokens[6].bol, false, 'bar continues the line of foo');
  });

  it('handles CRLF line endings', () => {
    const f = lexFile('#define A 1\r\nA\r\n');
    assert.deepStrictEqual(f.tokens.map(t => [t.text, t.bol]), [['#', true], ['define', false], ['A', false], ['1', false], ['A', true]]);
  });

  it('detects classic include guards only when they wrap the whole file', () => {
    assert.strictEqual(lexFile('// c\n#ifndef G\n#define G\nint x;\n#endif // G\n').guard, 'G');
    assert.strictEqual(lexFile('#if !defined(H)\n#define H\n#endif\n').guard, 'H');
    assert.strictEqual(lexFile('#ifndef G\n#define G\n#else\nint y;\n#endif\n').guard, null);
    assert.strictEqual(lexFile('#ifndef G\n#define G\n#endif\nint after;\n').guard, null);
    assert.strictEqual(lexFile('int before;\n#ifndef G\n#define G\n#endif\n').guard, null);
    assert.strictEqual(lexFile('#ifndef G\n#define OTHER\n#endif\n').guard, null);
  });

  it('caches by text', () => {
    const text = 'int cached_thing;\n';
    assert.strictEqual(lexFile(text), lexFile(String(text)));
  });
});
