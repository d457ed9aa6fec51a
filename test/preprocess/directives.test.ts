import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { clangPreprocessorDiags, errors, haveClang, lineCol, norm, run, warnings } from './helpers';

describe('preprocess: directives and pragmas', () => {
  it('#error is an error over the directive, with its text', () => {
    const text = 'int a;\n#error this is  bad\nint b;\n';
    const r = run(text);
    const start = text.indexOf('#error');
    assert.deepStrictEqual(errors(r).map(d => [d.code, d.message, d.range]),
      [['PP_ERROR_DIRECTIVE', 'this is bad', { file: '/src/main.c', start, end: start + '#error this is  bad'.length }]]);
    assert.strictEqual(norm(r.text), 'int a ; int b ;');
  });

  it('#warning is a warning; unknown directives are errors; #line and line markers are accepted', () => {
    const text = '#warning careful\n  #frobnicate x\n#line 10 "x.c"\n# 3 "y.c"\n#\n#ident "v1"\nok\n';
    const r = run(text);
    assert.deepStrictEqual(r.diags.map(d => [d.severity, d.code]),
      [['warning', 'PP_WARNING_DIRECTIVE'], ['error', 'PP_UNKNOWN_DIRECTIVE']]);
    assert.strictEqual(warnings(r)[0].message, 'careful');
    const d = errors(r)[0];
    assert.strictEqual(d.message, "invalid preprocessing directive '#frobnicate'");
    assert.strictEqual(text.slice(d.range.start, d.range.end), 'frobnicate');
    assert.strictEqual(norm(r.text), 'ok');
  });

  it('says nothing about unknown directives in skipped groups', () => {
    const r = run('#if 0\n#frobnicate\n#if 1\n#bogus\n#endif\n#elif 0\n#weird\n#else\nok\n#endif\n#ifdef NOPE\n#nope\n#endif\n');
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'ok');
  });

  it('warns about tokens after an #endif that ends skipping and an #else that is entered, not inside skipping', () => {
    const text = '#if 0\n#else junk\n#endif junk\n#if 1\n#elif 1\n#else not checked\n#endif tail\n' +
      '#if 0\n#if 1\n#else inner\n#endif inner\n#endif outer\n#ifdef NOPE\n#elif 1\n#endif x y\n';
    const r = run(text);
    assert.deepStrictEqual(errors(r), []);
    const got = warnings(r).map(d => [d.code, d.message, text.slice(d.range.start, d.range.end), lineCol(text, d.range.start).line]);
    assert.deepStrictEqual(got, [
      ['PP_EXTRA_TOKENS', 'extra tokens at end of #else directive', 'junk', 2],
      ['PP_EXTRA_TOKENS', 'extra tokens at end of #endif directive', 'junk', 3],
      ['PP_EXTRA_TOKENS', 'extra tokens at end of #endif directive', 'tail', 7],
      ['PP_EXTRA_TOKENS', 'extra tokens at end of #endif directive', 'outer', 12],
      ['PP_EXTRA_TOKENS', 'extra tokens at end of #endif directive', 'x', 15],
    ]);
  });

  it('reports trailing tokens and unknown directives where clang does', function () {
    if (!haveClang()) this.skip();
    const text = '#define M 2\n#ifdef M trailing\n#else junk\n#endif M\n#if 0\n#else junk2\n#endif junk3\n' +
      '#if 1\n#elif 1\n#else junk4\n#endif junk5\n#if 0\n#if 1\n#else junk6\n#endif junk7\n#endif junk8\n' +
      '#if 1\n#else\n#frob\n#endif\n  #frobnicate\n#undef M extra\n#ifndef M x\n#endif\nint x;\n';
    const ours = run(text).diags.map(d => ({ ...lineCol(text, d.range.start), severity: d.severity }));
    const theirs = clangPreprocessorDiags(text).map(d => ({ line: d.line, col: d.col, severity: d.severity }));
    assert.ok(theirs.length > 5, 'clang reported too little to compare');
    assert.deepStrictEqual(ours, theirs);
  });

  it('rejects unroll hints clang rejects and records no hint for them', () => {
    const lines = ['#pragma unroll(-1)', '#pragma unroll 0', '#pragma clang loop unroll(sometimes)',
      '#pragma clang loop unroll_count(0)', '#pragma GCC unroll 0', '#pragma unroll(N)', '_Pragma("unroll(-2)")'];
    const text = `void f(void) {\n${lines.map(l => `${l}\nfor (;;) {}\n`).join('')}}\n`;
    const r = run(text);
    assert.deepStrictEqual(warnings(r), []);
    assert.deepStrictEqual(errors(r).map(d => [d.code, text.slice(d.range.start, d.range.end)]),
      lines.map(l => ['PP_PRAGMA', l]));
    assert.deepStrictEqual(errors(r).map(d => d.message), [
      'invalid unroll count in #pragma', 'invalid unroll count in #pragma',
      "invalid argument 'sometimes' to unroll in #pragma clang loop", 'invalid unroll count in #pragma',
      'invalid unroll count in #pragma', 'invalid unroll count in #pragma', 'invalid unroll count in #pragma',
    ]);
    assert.deepStrictEqual(r.out.loopHints, []);
  });

  it('agrees with clang on which unroll counts are errors', function () {
    if (!haveClang()) this.skip();
    for (const n of ['-1', '0', '1', '8']) {
      const text = `void f(void) {\n#pragma unroll(${n})\nfor (;;) {}\n}\n`;
      const ours = errors(run(text)).length > 0;
      const r = spawnSync('clang', ['-target', 'bpf', '-fsyntax-only', '-x', 'c', '-'], { input: text, encoding: 'utf8' });
      assert.strictEqual(ours, r.status !== 0, `#pragma unroll(${n}): clang said ${r.stderr}`);
    }
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
