import * as assert from 'assert';
import type { Range } from '../../src/engine/diagnostics';
import { run, type Run } from './helpers';

/** Output range of the n-th occurrence of `needle` in the output. */
function outRange(r: Run, needle: string, nth = 0): [number, number] {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = r.text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' not in output:\n${r.text}`);
  }
  return [at, at + needle.length];
}

const src = (r: Run, range: Range): string => r.out.files.find(f => f.path === range.file)!.text.slice(range.start, range.end);

describe('preprocess: source map', () => {
  it('maps copied text offset-for-offset, comments and directives included', () => {
    const text = '/* head */ int  alpha = 1; // tail\n#define Z 0\n  long beta /* mid\n */ = 2;\n';
    const r = run(text);
    assert.strictEqual(r.out.map.mainFile, '/src/main.c');
    for (const word of ['int', 'alpha', '1', 'long', 'beta', '2', ';']) {
      const [s, e] = outRange(r, word);
      const back = r.out.map.toSource(s, e);
      assert.deepStrictEqual(back, { file: '/src/main.c', start: text.indexOf(word), end: text.indexOf(word) + word.length }, word);
    }
    assert.ok(!r.text.includes('head') && !r.text.includes('mid'), 'comments are blanked');
  });

  it('maps a token inside an included file to that file', () => {
    const files = { '/src/inc/a.h': '// header\nstruct hdr { int field_in_a; };\n' };
    const r = run('int before;\n#include "inc/a.h"\nint after;\n', { files });
    const back = r.out.map.toSource(...outRange(r, 'field_in_a'));
    assert.strictEqual(back.file, '/src/inc/a.h');
    assert.strictEqual(src(r, back), 'field_in_a');
    assert.strictEqual(back.start, files['/src/inc/a.h'].indexOf('field_in_a'));
    const after = r.out.map.toSource(...outRange(r, 'after'));
    assert.deepStrictEqual([after.file, src(r, after)], ['/src/main.c', 'after']);
  });

  it('names built-in headers <builtin>/...', () => {
    const r = run('#include <linux/bpf.h>\n', { builtinHeaders: { 'linux/bpf.h': 'enum bpf_thing { BPF_X };\n' } });
    const back = r.out.map.toSource(...outRange(r, 'BPF_X'));
    assert.strictEqual(back.file, '<builtin>/linux/bpf.h');
    assert.strictEqual(src(r, back), 'BPF_X');
  });

  it('maps a whole expansion, nested macros and arguments included, to the invocation', () => {
    const text = '#define SQ(x) ((x) * (x))\n#define ONE 1\n#define SUM(a, b) SQ(a) + ONE + b\nint v = SUM(k,\n  m);\nint w = ONE;\n';
    const r = run(text);
    const s = r.text.indexOf('((k)');
    const e = r.text.indexOf('m', s) + 1;
    const inv = 'SUM(k,\n  m)';
    const want = { file: '/src/main.c', start: text.indexOf(inv), end: text.indexOf(inv) + inv.length };
    for (let i = s; i < e; i++) assert.deepStrictEqual(r.out.map.toSource(i, i + 1), want, `offset ${i}`);
    assert.deepStrictEqual(r.out.map.toSource(s, e), want);
    const one = r.out.map.toSource(...outRange(r, '1', 1));
    assert.strictEqual(src(r, one), 'ONE');
    assert.strictEqual(one.start, text.lastIndexOf('ONE'));
  });

  it('maps an invocation completed by arguments from the file from its first token through )', () => {
    const text = '#define FN g\n#define g(x) (x+1)\nint v = FN (2);\n';
    const r = run(text);
    const back = r.out.map.toSource(...outRange(r, '(2+1)'));
    assert.strictEqual(src(r, back), 'FN (2)');
  });

  it('spans several runs in one file from start to end', () => {
    const text = '#define ONE 1\nint v = ONE + 2;\n';
    const r = run(text);
    const s = r.text.indexOf('int');
    const e = r.text.indexOf(';') + 1;
    const back = r.out.map.toSource(s, e);
    assert.strictEqual(src(r, back), 'int v = ONE + 2;');
  });

  it('gives the start run when a span crosses files', () => {
    const files = { '/src/a.h': 'int in_a;\n' };
    const text = 'int x;\n#include "a.h"\nint y;\n';
    const r = run(text, { files });
    const s = r.text.indexOf('int x');
    const e = r.text.indexOf('in_a') + 4;
    const back = r.out.map.toSource(s, e);
    assert.strictEqual(back.file, '/src/main.c');
    assert.strictEqual(back.start, 0);
  });

  it('keeps a token split by a line continuation in one piece', () => {
    const text = 'in\\\nt x = 1\\\n2;\n';
    const r = run(text);
    assert.strictEqual(r.text.replace(/\s+/g, ' ').trim(), 'int x = 12;');
    const back = r.out.map.toSource(...outRange(r, 'int'));
    assert.deepStrictEqual(back, { file: '/src/main.c', start: 0, end: 5 });
    const x = r.out.map.toSource(...outRange(r, 'x'));
    assert.strictEqual(x.start, text.indexOf('x'));
  });

  it('separates tokens that would fuse and keeps lexing stable', () => {
    const r = run('#define P +\n#define M -\n#define E\nint a = P+1 - M-1 + -M 2;\nint b = x E+E+ y;\n');
    assert.ok(!/\+\+|--/.test(r.text), r.text);
  });

  it('maps every output offset somewhere valid', () => {
    const files = { '/src/a.h': '#ifndef A\n#define A\n#define F(x) x + x\nint a;\n#endif\n' };
    const text = '#include "a.h"\n#if 0\nskipped\n#endif\nint v = F(3);\n';
    const r = run(text, { files });
    for (let i = 0; i < r.text.length; i++) {
      const back = r.out.map.toSource(i, i + 1);
      const f = r.out.files.find(x => x.path === back.file);
      assert.ok(f !== undefined && back.start >= 0 && back.end <= f.text.length && back.start <= back.end, `offset ${i}`);
    }
  });
});
