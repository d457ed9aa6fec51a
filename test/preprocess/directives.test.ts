import * as assert from 'assert';
import { errors, norm, run, warnings } from './helpers';

describe('preprocess: directives and pragmas', () => {
  it('#error is an error over the directive, with its text', () => {
    const text = 'int a;\n#error this is  bad\nint b;\n';
    const r = run(text);
    const start = text.indexOf('#error');
    assert.deepStrictEqual(errors(r).map(d => [d.code, d.message, d.range]),
      [['PP_ERROR_DIRECTIVE', 'this is bad', { file: '/src/main.c', start, end: start + '#error this is  bad'.length }]]);
    assert.strictEqual(norm(r.text), 'int a ; int b ;');
  });

  it('#warning is a warning; unknown directives warn; #line and line markers are accepted', () => {
    const r = run('#warning careful\n#frobnicate x\n#line 10 "x.c"\n# 3 "y.c"\n#\n#ident "v1"\nok\n');
    assert.deepStrictEqual(r.diags.map(d => [d.severity, d.code]),
      [['warning', 'PP_WARNING_DIRECTIVE'], ['warning', 'PP_UNKNOWN_DIRECTIVE']]);
    assert.strictEqual(warnings(r)[0].message, 'careful');
    assert.strictEqual(norm(r.text), 'ok');
  });

  it('records loop hints at the output offset of the pragma and removes the pragma', () => {
    const src = [
      '#define N 16',
      '#define UNROLL_FULL _Pragma("clang loop unroll(full)")',
      'void f(void) {',
      '#pragma unroll',
      '  for (;;) {}',
      '#pragma clang loop unroll(full)',
      '  while (1) {}',
      '#pragma unroll 4',
      '  do {} while (0);',
      '#pragma unroll(8)',
      '  for (;;) {}',
      '#pragma nounroll',
      '  for (;;) {}',
      '#pragma clang loop vectorize(enable) unroll(disable)',
      '  for (;;) {}',
      '#pragma clang loop unroll_count(N)',
      '  for (;;) {}',
      '#pragma GCC unroll 2',
      '  for (;;) {}',
      '  _Pragma("unroll") for (;;) {}',
      '  UNROLL_FULL for (;;) {}',
      '#pragma GCC diagnostic push',
      '}',
    ].join('\n');
    const r = run(src);
    assert.deepStrictEqual(r.diags, []);
    const hints = r.out.loopHints;
    assert.deepStrictEqual(hints.map(h => [h.kind, h.count]), [
      ['unroll', undefined], ['unroll-full', undefined], ['unroll-count', 4], ['unroll-count', 8], ['nounroll', undefined],
      ['nounroll', undefined], ['unroll-count', 16], ['unroll-count', 2], ['unroll', undefined], ['unroll-full', undefined],
    ]);
    const nextWord = (at: number): string => r.text.slice(at).trim().split(/[\s(]/)[0];
    assert.deepStrictEqual(hints.map(h => nextWord(h.at)), ['for', 'while', 'do', 'for', 'for', 'for', 'for', 'for', 'for', 'for']);
    assert.ok(hints.every((h, i) => i === 0 || h.at > hints[i - 1].at));
    assert.ok(!/pragma|_Pragma|unroll/.test(r.text), r.text);
    // a hint's range is the pragma in the source (the macro invocation for one from a macro)
    const last = hints[hints.length - 1].range;
    assert.strictEqual(src.slice(last.start, last.end), 'UNROLL_FULL');
    const first = hints[0].range;
    assert.strictEqual(src.slice(first.start, first.end), '#pragma unroll');
  });

  it('turns _Pragma("GCC error ...") from a macro into an error at the invocation', () => {
    const src = '#define MISSING "GCC error \\"Must specify a BPF target arch\\""\n#define PARM1(x) ({ _Pragma(MISSING); 0l; })\nlong v = PARM1(ctx);\n';
    const r = run(src);
    assert.deepStrictEqual(errors(r).map(d => [d.code, d.message]), [['PP_PRAGMA_DIAGNOSTIC', 'Must specify a BPF target arch']]);
    const d = errors(r)[0];
    assert.strictEqual(src.slice(d.range.start, d.range.end), 'PARM1(ctx)');
    assert.strictEqual(norm(r.text), 'long v = ( { ; 0l ; } ) ;');
  });

  it('supports push_macro / pop_macro', () => {
    const r = run('#define X 1\n#pragma push_macro("X")\n#undef X\n#define X 2\nX\n#pragma pop_macro("X")\nX\n');
    assert.strictEqual(norm(r.text), '2 1');
  });

  it('evaluates directives inside macro arguments', () => {
    const r = run('#define F(a, b) [a b]\nF(1,\n#ifdef NOPE\n 2\n#else\n 3\n#endif\n)\nafter\n');
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), '[ 1 3 ] after');
    assert.strictEqual(r.text.split('\n').findIndex(l => l.includes('after')), 8);
  });
});
