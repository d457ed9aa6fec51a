import * as assert from 'assert';
import { errors, norm, run, warnings } from './helpers';

/** Expands `src` and returns the whitespace-normalised output. */
const ex = (src: string): string => norm(run(src).text);

describe('preprocess: macros', () => {
  it('expands object-like macros, with rescanning', () => {
    assert.strictEqual(ex('#define A 1 + B\n#define B 2\nA;'), '1 + 2 ;');
  });

  it('expands function-like macros and nested arguments', () => {
    assert.strictEqual(ex('#define ADD(a, b) ((a) + (b))\nADD(1, ADD(2, 3))'), '( ( 1 ) + ( ( ( 2 ) + ( 3 ) ) ) )');
    assert.strictEqual(ex('#define F(x, y) x|y\nF((a, b), c)'), '( a , b ) | c');
  });

  it('pre-expands arguments before substitution but not for # or ##', () => {
    const src = '#define ONE 1\n#define S(x) #x\n#define XS(x) S(x)\n#define CAT(a, b) a ## b\n' +
      'S(ONE) XS(ONE) CAT(ONE, 2)';
    assert.strictEqual(ex(src), '"ONE" "1" ONE2');
  });

  it('does not expand a function-like macro name without (', () => {
    assert.strictEqual(ex('#define f(x) [x]\nint f; f (1); f\n(2)'), 'int f ; [ 1 ] ; [ 2 ]');
  });

  it('accepts arguments spread over several lines', () => {
    const r = run('#define SUM(a, b, c) a+b+c\nint x = SUM(1,\n  2,\n  3);\nint y;\n');
    assert.strictEqual(norm(r.text), 'int x = 1 + 2 + 3 ; int y ;');
    // the swallowed newlines come back, so later lines keep their numbers
    assert.strictEqual(r.text.split('\n').findIndex(l => l.includes('int y')), 4);
  });

  it('handles variadic macros, named variadic parameters and __VA_OPT__', () => {
    assert.strictEqual(ex('#define P(fmt, ...) printf(fmt, __VA_ARGS__)\nP("%d", 1, 2)'), 'printf ( "%d" , 1 , 2 )');
    assert.strictEqual(ex('#define P(fmt, args...) printf(fmt, args)\nP("%d", 1, 2)'), 'printf ( "%d" , 1 , 2 )');
    assert.strictEqual(ex('#define V(...) [__VA_OPT__(x, __VA_ARGS__)]\nV() V(1)'), '[ ] [ x , 1 ]');
  });

  it('applies GNU comma elision for , ## __VA_ARGS__', () => {
    const src = '#define F(a, ...) f(a, ## __VA_ARGS__)\nF(1) F(1,) F(1, 2, 3)\n' +
      '#define G(fmt, args...) g(fmt, ##args)\nG(x) G(x, y)\n' +
      '#define E(...) e(0, ##__VA_ARGS__)\nE() E(5)';
    assert.strictEqual(ex(src), 'f ( 1 ) f ( 1 , ) f ( 1 , 2 , 3 ) g ( x ) g ( x , y ) e ( 0 ) e ( 0 , 5 )');
  });

  it('stringifies with escapes and collapsed whitespace', () => {
    const src = '#define S(x) #x\nS(  a   +  b  ) S("q\\n" \'"\') S() S(a/* c */b)';
    assert.strictEqual(run(src).text.trim(), '"a + b" "\\"q\\\\n\\" \'\\"\'" "" "a b"');
  });

  it('pastes tokens, with placemarkers for empty arguments', () => {
    const src = '#define C(a, b) a ## b\nC(x, 1) C(-, >) C(<<, =) C(, y) C(z, ) C(, ) C(0x, 1fULL)';
    assert.strictEqual(ex(src), 'x1 -> <<= y z 0x1fULL');
    const t3 = '#define t(x,y,z) x ## y ## z\nt(1,2,3) t(,4,5) t(6,,7) t(8,9,) t(,,12) t(,,)';
    assert.strictEqual(ex(t3), '123 45 67 89 12');
  });

  it('reports a paste that does not form one token', () => {
    const r = run('#define C(a, b) a ## b\nC(+, /)');
    assert.strictEqual(norm(r.text), '+ /');
    assert.deepStrictEqual(errors(r).map(d => d.code), ['PP_BAD_PASTE']);
  });

  it('never re-expands a macro inside its own expansion (painted blue)', () => {
    assert.strictEqual(ex('#define foo foo\nfoo'), 'foo');
    assert.strictEqual(ex('#define a b\n#define b a\na b'), 'a b');
    assert.strictEqual(ex('#define f(x) x f\nf(1)(2)'), '1 f ( 2 )');
    // the standard's example: the inner f is hidden only within its own expansion
    assert.strictEqual(ex('#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)'), '2 * 9 * g');
    // a painted token stays unexpandable even when passed through another macro later
    assert.strictEqual(ex('#define x x y\n#define id(a) a\nid(x)'), 'x y');
  });

  it('reproduces the C standard macro examples', () => {
    const src = [
      '#define x 3', '#define f(a) f(x * (a))', '#undef x', '#define x 2', '#define g f', '#define z z[0]',
      '#define h g(~', '#define m(a) a(w)', '#define w 0,1', '#define t(a) a', '#define p() int',
      '#define q(x) x', '#define r(x,y) x ## y', '#define str(x) # x',
      'f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);', 'g(x+(3,4)-w) | h 5) & m', '(f)^m(m);',
      'p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };', 'char c[2][6] = { str(hello), str() };',
    ].join('\n');
    const expected = 'f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);' +
      'f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);' +
      'int i[] = { 1, 23, 4, 5, }; char c[2][6] = { "hello", "" };';
    assert.strictEqual(ex(src), norm(expected));
  });

  it('expands an object-like macro into a function-like name taking arguments from the file', () => {
    assert.strictEqual(ex('#define FN g\n#define g(x) (x+1)\nFN(2)'), '( 2 + 1 )');
  });

  it('warns on an incompatible redefinition only', () => {
    const same = run('#define A 1 + 2\n#define A 1  +  2\n');
    assert.deepStrictEqual(same.diags, []);
    const diff = run('#define A 1\n#define A 2\nA');
    assert.deepStrictEqual(warnings(diff).map(d => d.code), ['PP_MACRO_REDEFINED']);
    assert.strictEqual(norm(diff.text), '2');
  });

  it('#undef removes a macro', () => {
    assert.strictEqual(ex('#define A 1\nA\n#undef A\nA'), '1 A');
  });

  it('reports wrong argument counts and unterminated invocations', () => {
    const few = run('#define F(a, b) a b\nF(1)');
    assert.deepStrictEqual(errors(few).map(d => d.code), ['PP_MACRO_ARGS']);
    const open = run('#define F(a) a\nF(1, 2');
    assert.deepStrictEqual(errors(open).map(d => d.code), ['PP_UNTERMINATED_CALL']);
  });

  it('keeps directives met in an unterminated invocation out of the output', () => {
    const text = '#define D 1\n#define F(n) int n;\nint a;\n  F(x;\nint b;\n#ifdef D\nint c;\n#else\nint d;\n#endif\n#define G 7\nint e = G;\n';
    const r = run(text);
    assert.deepStrictEqual(r.diags.map(d => [d.code, d.message, text.slice(d.range.start, d.range.end)]),
      [['PP_UNTERMINATED_CALL', "unterminated function-like macro invocation of 'F'", 'F']]);
    // The invocation's tokens are handed on as written; the directives took effect and left blank lines.
    assert.strictEqual(norm(r.text), 'int a ; F ( x ; int b ; int c ; int e = 7 ;');
    assert.ok(!r.text.includes('#'), r.text);
    assert.deepStrictEqual(r.text.split('\n'), text.split('\n').map(l => (l.startsWith('#') || l === 'int d;' ? '' : l))
      .map(l => l.replace(/= G;$/, '= 7;')));
  });

  it('keeps directives met in an invocation with the wrong argument count out of the output', () => {
    const text = '#define F(a, b) [a b]\nF(1,\n#ifdef NOPE\n 2\n#else\n 3\n#endif\n, 4)\nafter\n';
    const r = run(text);
    assert.deepStrictEqual(r.diags.map(d => d.code), ['PP_MACRO_ARGS']);
    assert.strictEqual(norm(r.text), 'F ( 1 , 3 , 4 ) after');
    assert.strictEqual(r.text.split('\n').length, text.split('\n').length);
    assert.strictEqual(r.text.split('\n').findIndex(l => l.includes('after')), 8);
  });

  it('rejects malformed definitions', () => {
    for (const bad of ['#define', '#define 3 x', '#define F(a, a) a', '#define F(a) #b', '#define G ## x', '#define defined 1']) {
      assert.deepStrictEqual(errors(run(bad)).map(d => d.code), ['PP_BAD_DEFINE'], bad);
    }
  });

  it('provides __LINE__, __FILE__ and __COUNTER__', () => {
    const r = run('a\n__LINE__ __FILE__\n#define L __LINE__\nL __COUNTER__ __COUNTER__');
    assert.strictEqual(norm(r.text), 'a 2 "/src/main.c" 4 0 1');
  });

  it('predefines the BPF target macros and not the host ones', () => {
    const r = run('__BPF__ __bpf__ __BYTE_ORDER__ __CHAR_BIT__ __SIZEOF_LONG__ __OPTIMIZE__ __clang__ __x86_64__ __linux__ __KERNEL__');
    assert.strictEqual(norm(r.text), '1 1 1234 8 8 1 1 __x86_64__ __linux__ __KERNEL__');
  });

  it('rewrites GNU keyword spellings tree-sitter-c does not know', () => {
    const r = run('__typeof__(x) __inline__ __volatile__ __asm__ __signed__ __const __restrict__ __builtin_offsetof(struct s, f)');
    // __builtin_offsetof is left alone: the parse stage reads it (and points errors at its arguments).
    assert.strictEqual(norm(r.text), 'typeof ( x ) inline volatile asm signed const restrict __builtin_offsetof ( struct s , f )');
  });

  it('applies -D then -U, and reports the macro table', () => {
    const r = run('A B F(3)', { defines: [{ name: 'A' }, { name: 'B', value: '7' }, { name: 'F(x)', value: 'x*2' }, { name: 'C' }], undefines: ['C'] });
    assert.strictEqual(norm(r.text), '1 7 3 * 2');
    assert.strictEqual(r.out.macros.get('F')?.body, 'x*2');
    assert.deepStrictEqual(r.out.macros.get('F')?.params, ['x']);
    assert.strictEqual(r.out.macros.has('C'), false);
  });

  it('reports user macros with parameters and ranges', () => {
    const text = '#define V(fmt, ...) f(fmt, __VA_ARGS__)\n#define N(a, rest...) rest\n';
    const r = run(text);
    const v = r.out.macros.get('V')!;
    assert.deepStrictEqual([v.params, v.variadic, v.body], [['fmt'], true, 'f(fmt, __VA_ARGS__)']);
    assert.deepStrictEqual(v.range, { file: '/src/main.c', start: 8, end: 9 });
    assert.deepStrictEqual(r.out.macros.get('N')!.params, ['a', 'rest']);
  });
});
