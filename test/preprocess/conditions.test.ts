import * as assert from 'assert';
import { IF_TABLE } from './fixtures';
import { clangPreprocessorDiags, errors, haveClang, lineCol, norm, run, warnings } from './helpers';


const verdict = (expr: string, prelude = ''): string => {
  const r = run(`${prelude}#if ${expr}\nYES\n#else\nNO\n#endif\n`);
  assert.deepStrictEqual(errors(r), [], expr);
  return norm(r.text);
};

describe('preprocess: conditionals', () => {
  it('evaluates a table of constant expressions', () => {
    for (const [expr, value] of IF_TABLE) assert.strictEqual(verdict(expr), value ? 'YES' : 'NO', expr);
  });

  it('handles defined, with and without parentheses, and from macros', () => {
    const pre = '#define FOO 3\n#define F(x) (x+1)\n#define HAVE_FOO defined(FOO)\n';
    assert.strictEqual(verdict('defined(FOO) && FOO == 3', pre), 'YES');
    assert.strictEqual(verdict('defined FOO + 1 == 2', pre), 'YES');
    assert.strictEqual(verdict('!defined(BAR) && !defined BAR', pre), 'YES');
    assert.strictEqual(verdict('F(2) == 3', pre), 'YES');
    assert.strictEqual(verdict('HAVE_FOO', pre), 'YES');
    assert.strictEqual(verdict('defined(__has_include) && defined __FILE__', pre), 'YES');
  });

  it('answers __has_include against includes and built-in headers', () => {
    const r = run('#if __has_include("inc.h") && __has_include(<linux/bpf.h>) && !__has_include("nope.h")\nYES\n#endif\n', {
      files: { '/src/inc.h': '' }, builtinHeaders: { 'linux/bpf.h': '' },
    });
    assert.strictEqual(norm(r.text), 'YES');
  });

  it('picks the right #elif / #else group and nests', () => {
    const src = '#define V 2\n#if V == 1\none\n#elif V == 2\n two\n#if 0\nno\n#else\n inner\n#endif\n#elif 1/0\nthree\n#else\nfour\n#endif\n' +
      '#ifdef V\nd\n#endif\n#ifndef V\nnd\n#elifdef V\nelifdef\n#endif\n';
    const r = run(src);
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'two inner d elifdef');
  });

  it('ignores junk in skipped groups', () => {
    const src = "#if 0\n#if 1/0\n#bogus\n#error no\nit's an 'unterminated \"thing\n#endif\n#else\nok\n#endif\n";
    const r = run(src);
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'ok');
  });

  it('keeps the line structure across directives and skipped groups', () => {
    const r = run('a\n#if 0\nx\ny\n#endif\nb\n#define Q \\\n  1\nc\n');
    assert.deepStrictEqual(r.text.split('\n'), ['a', '', '', '', '', 'b', '', '', 'c', '']);
  });

  it('reports bad expressions as errors with a range', () => {
    const cases: Array<[string, string]> = [
      ['1/0', 'PP_DIV_ZERO'], ['1 % 0', 'PP_DIV_ZERO'], ['1 +', 'PP_IF_EXPR'], ['1.0', 'PP_IF_EXPR'],
      ['(1', 'PP_IF_EXPR'], ['09', 'PP_IF_EXPR'], ['1 2', 'PP_IF_EXPR'], ['1, 0', 'PP_IF_EXPR'], ['defined(', 'PP_IF_EXPR'], ['"s"', 'PP_IF_EXPR'],
    ];
    for (const [expr, code] of cases) {
      const r = run(`#if ${expr}\nYES\n#endif\n`);
      assert.deepStrictEqual(errors(r).map(d => d.code), [code], expr);
      assert.strictEqual(norm(r.text), '', expr);
      const d = errors(r)[0];
      assert.ok(d.range.start >= 0 && d.range.end <= 4 + expr.length && d.range.file === '/src/main.c', expr);
    }
    const zero = run('#if 1/0\n#endif\n');
    assert.deepStrictEqual(errors(zero)[0].range, { file: '/src/main.c', start: 5, end: 6 });
  });

  it('reports a #ifdef / #ifndef / #elifdef operand that is not an identifier at the operand', () => {
    const text = '#ifdef 42\nA\n#endif\n#ifndef "x" y\nB\n#endif\n#if 0\n#elifdef 3\nC\n#endif\n  #ifdef\nD\n#endif\n';
    const r = run(text);
    assert.deepStrictEqual(errors(r).map(d => [d.code, d.message, text.slice(d.range.start, d.range.end)]), [
      ['PP_IF_EXPR', 'macro name must be an identifier', '42'],
      ['PP_IF_EXPR', 'macro name must be an identifier', '"x"'],
      ['PP_IF_EXPR', 'macro name must be an identifier', '3'],
      ['PP_IF_EXPR', 'macro name missing', '#ifdef'],
    ]);
    assert.deepStrictEqual(warnings(r), []);
    assert.strictEqual(norm(r.text), '');
  });

  it('places bad #ifdef operands where clang does', function () {
    if (!haveClang()) this.skip();
    const text = '#ifdef 42\n#endif\n#ifndef "x" y\n#endif\n#if 0\n#elifdef 3\n#endif\n';
    const ours = errors(run(text)).map(d => lineCol(text, d.range.start));
    const theirs = clangPreprocessorDiags(text).map(d => ({ line: d.line, col: d.col }));
    assert.strictEqual(theirs.length, 3, 'clang should report three errors');
    assert.deepStrictEqual(ours, theirs);
  });

  it('reports an unterminated conditional at its #if', () => {
    const r = run('x\n#ifdef A\ny\n');
    assert.deepStrictEqual(errors(r).map(d => [d.code, d.range.start, d.range.end]), [['PP_UNTERMINATED_IF', 2, 10]]);
  });

  it('reports misplaced #else / #elif / #endif', () => {
    assert.deepStrictEqual(errors(run('#endif\n')).map(d => d.code), ['PP_STRAY_CONDITIONAL']);
    assert.deepStrictEqual(errors(run('#else\n')).map(d => d.code), ['PP_STRAY_CONDITIONAL']);
    assert.deepStrictEqual(errors(run('#if 1\n#else\n#elif 1\n#endif\n')).map(d => d.code), ['PP_ELSE_AFTER_ELSE']);
    assert.deepStrictEqual(errors(run('#if 0\n#else\n#else\n#endif\n')).map(d => d.code), ['PP_ELSE_AFTER_ELSE']);
    assert.deepStrictEqual(warnings(run('#if 1\n#endif FOO\n')).map(d => d.code), ['PP_EXTRA_TOKENS']);
  });
});
