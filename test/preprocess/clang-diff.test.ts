// Differential tests: the same input through ours and `clang -O2 -target bpf -E -P`, compared token by token
// (whitespace is free to differ; clang's `#pragma` lines are dropped since ours turns them into loop hints).

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUILTIN_HEADERS } from '../../src/engine/headers';
import { preprocess } from '../../src/engine/preprocess';
import { IF_TABLE, XDP_PROGRAM } from './fixtures';
import { clangE, clangFile, haveClang, multiarchDir, nodeHost, run, toks } from './helpers';

const SNIPPETS: Record<string, string> = {
  'standard example 3': `#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
`,
  'standard example 4': `#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \\
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\\0d", "abc", '\\4') // this goes away
 == 0) str(: @\\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
`,
  'placemarkers': `#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
 t(10,,), t(,11,), t(,,12), t(,,) };
`,
  'variadic': `#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test): printf(__VA_ARGS__))
debug("Flag"); debug("X = %d\\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);
#define P(fmt, args...) printk(fmt, ## args)
P("a") P("b", 1) P("c", 1, 2)
`,
  'gnu comma elision': `#define E(...) x , ## __VA_ARGS__ y
E() E( ) E(a) E(,)
#define F(a, ...) x , ## __VA_ARGS__ y
F() F(1) F(1,) F(1, ) F(1,2)
#define EMPTY
#define H(a, ...) [a , ## __VA_ARGS__]
H(1, EMPTY) H(1)
`,
  'bpf argument counting': `#define ___bpf_concat(a, b) a ## b
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#define ___bpf_narg(...) ___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
___bpf_narg() ___bpf_narg(a) ___bpf_narg(a, b, c)
#define ___bpf_fill0(arr, p, x) do {} while (0)
#define ___bpf_fill1(arr, p, x) arr[p] = x
#define ___bpf_fill2(arr, p, x, args...) arr[p] = x; ___bpf_fill1(arr, p + 1, args)
#define ___bpf_fill3(arr, p, x, args...) arr[p] = x; ___bpf_fill2(arr, p + 1, args)
#define ___bpf_fill(arr, args...) ___bpf_apply(___bpf_fill, ___bpf_narg(args))(arr, 0, args)
___bpf_fill(data, a, b, c);
`,
  'painted blue': `#define foo foo
foo
#define a b
#define b a
a b
#define f(x) x f
f(1)(2)
#define ff(a) a*gg
#define gg(a) ff(a)
ff(2)(9)
#define xx xx yy
#define id(q) q
id(xx) id(id(xx))
#define AA(x) BB(x) + 1
#define BB(x) AA(x) * 2
AA(3) BB(4)
`,
  'arguments across lines and directives': `#define SUM(a, b, c) (a + b + c)
int s = SUM(1,
  2,
  3);
#define PICK(a, b) [a b]
PICK(1,
#ifdef NOPE
 2
#else
 3
#endif
)
int after = __LINE__;
`,
  'stringify edge cases': `#define S(x) #x
#define XS(x) S(x)
S("a\\\\b" '\\'' "q\\"q") S(  a  +  b  ) S() S(/* c */) S(a/**/b) S(L"w" u8"u") XS(__LINE__)
S(  leading and trailing   )
`,
  'token pasting': `#define C(a, b) a ## b
#define C3(a, b, c) a ## b ## c
C(-, >) C(<<, =) C(x, 1) C(0x, 1fULL) C(1, e) C(.,5) C(L, "wide") C(u8, "utf") C(#, #) C3(a, , c) C(, )
#define CALL(f) C(f, _impl)(1)
#define g_impl(x) [x]
CALL(g)
`,
  'va_opt': `#define V(...) [__VA_OPT__(x, __VA_ARGS__)]
#define W(a, ...) a __VA_OPT__(: __VA_ARGS__) end
V() V(1) V(1, 2) W(1) W(1, 2)
`,
  'function-like name without parentheses': `#define f(x) [x]
#define LPAREN (
int f; f (1); f
(2); f LPAREN 1); (f)(3);
#define FN f
FN(4) FN
`,
  'kernel IS_ENABLED trick': `#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define CONFIG_FOO 1
__is_defined(CONFIG_FOO) __is_defined(CONFIG_BAR)
#if __is_defined(CONFIG_FOO) && !__is_defined(CONFIG_BAR)
enabled
#endif
`,
  'conditionals': `#define V 2
#define HAVE(x) defined(x)
#if V == 1
one
#elif V == 2 && !HAVE(NOPE)
two
# if 0
# error never
# elif !defined(NOPE) || NOPE
inner
# endif
#else
three
#endif
#ifdef __bpf__
bpf
#endif
#if defined(__x86_64__) || defined(__linux__) || defined(__KERNEL__)
host
#endif
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __SIZEOF_POINTER__ == 8 && __CHAR_BIT__ == 8
le64
#endif
#if __has_builtin(__builtin_memcpy) && __has_attribute(always_inline)
has
#endif
`,
  'line continuations and comments': `#def\\
ine X 1 /* multi
line */ + 2
int v = X; in\\
t w = "con\\
tinued"; // comment \\
still comment
#define C /* c */ 3 // x
a/**/b C
#if /* */ 1 // ok
yes
#endif
`,
  'adjacency': `#define P +
#define M -
#define E
#define CAT(a,b) a b
P+1 -M -P P- M-1 x E+E+ y CAT(+,+) CAT(a,b)c
`,
  'brackets in arguments': `#define TWO(a, b) <a|b>
TWO({x}, [y]) TWO((s, t), u) TWO(, ) TWO(,) TWO(a[(1, 2)], {(3, 4)})
`,
  'numbers': `#define N(x) x
N(1e-3) N(0x1p-3) N(1.5f) N(0x1fULL) N(.5e+10) N(0x1.8p+1L) N(1e) 0x1e+1 1.e+5
`,
  'keyword spellings': `struct s { int f; };
__typeof__(x) y; static __inline__ __attribute__((always_inline)) int g(void) { __asm__ __volatile__("" ::: "memory"); return __builtin_offsetof(struct s, f); }
__signed__ char c; __const int k = 1; int * __restrict__ p;
`,
  'line numbers': `#define L(x) __LINE__ x
L(
a)
L(__LINE__
)
#define M __LINE__
L(
M
)
__LINE__ __COUNTER__ __COUNTER__
`,
  'recursive object and function mixes': `#define obj(x) x + obj
#define call obj(1)
call(2)
#define lp (
#define rp )
#define g(x) x
g lp 1 rp
#define APPLY(m, ...) m(__VA_ARGS__)
#define PAIR(a, b) {a, b}
APPLY(PAIR, 1, 2) APPLY(APPLY, PAIR, 3, 4)
`,
};

/** Clang's output minus the `#pragma` lines it keeps. */
const dropPragmas = (text: string): string => text.split('\n').filter(l => !/^\s*#\s*pragma\b/.test(l)).join('\n');

function compare(ours: string, theirs: string, label: string): void {
  const a = toks(ours);
  const b = toks(dropPragmas(theirs));
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return;
  assert.fail(`${label}: token ${i} differs\n  ours : ${a.slice(Math.max(0, i - 8), i + 8).join(' ')}\n  clang: ${b.slice(Math.max(0, i - 8), i + 8).join(' ')}`);
}

describe('preprocess: agrees with clang -E', function () {
  before(function () {
    if (!haveClang()) {
      console.log('    (clang not found: skipping the differential preprocessor tests)');
      this.skip();
    }
  });

  for (const [name, text] of Object.entries(SNIPPETS)) {
    it(name, () => compare(run(text).text, clangE(text), name));
  }

  it('evaluates the #if table as clang does', () => {
    const text = IF_TABLE.map(([e], i) => `#if ${e}\nT${i}\n#else\nF${i}\n#endif\n`).join('');
    compare(run(text).text, clangE(text), 'if table');
  });

  it('matches on the real linux/bpf.h and bpf/bpf_helpers.h', function () {
    const dirs = ['/usr/include'];
    const arch = multiarchDir();
    if (arch !== null) dirs.push(arch); // asm/types.h lives in the multiarch directory on Debian
    if (!fs.existsSync('/usr/include/linux/bpf.h') || !fs.existsSync('/usr/include/bpf/bpf_helpers.h')) this.skip();
    const text = '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n';
    const fileName = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-sys-')), 'headers.c');
    fs.writeFileSync(fileName, text);
    const r = preprocess({ file: fileName, text, host: nodeHost(), includeDirs: dirs });
    assert.deepStrictEqual(r.diagnostics, []);
    const theirs = clangFile(fileName, dirs.map(d => '-I' + d));
    fs.rmSync(path.dirname(fileName), { recursive: true, force: true });
    compare(r.value.text, theirs, 'system headers');
    assert.ok(toks(r.value.text).length > 5000);
  });

  it('matches on an XDP program using the usual headers', function () {
    const dirs = ['/usr/include'];
    const arch = multiarchDir();
    if (arch !== null) dirs.push(arch);
    if (!fs.existsSync('/usr/include/bpf/bpf_endian.h')) this.skip();
    const fileName = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-prog-')), 'prog.c');
    fs.writeFileSync(fileName, XDP_PROGRAM);
    const r = preprocess({ file: fileName, text: XDP_PROGRAM, host: nodeHost(), includeDirs: dirs });
    assert.deepStrictEqual(r.diagnostics, []);
    const theirs = clangFile(fileName, dirs.map(d => '-I' + d));
    fs.rmSync(path.dirname(fileName), { recursive: true, force: true });
    compare(r.value.text, theirs, 'xdp program');
    assert.deepStrictEqual(r.value.loopHints.map(h => h.kind), ['unroll-full']);
  });

  it('matches on every example program with the built-in headers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-builtin-'));
    try {
      for (const [name, text] of Object.entries(BUILTIN_HEADERS)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const exampleDir = path.join(__dirname, '../../examples');
      const examples = fs.readdirSync(exampleDir).filter(f => f.endsWith('.c'));
      assert.ok(examples.length > 0);
      for (const name of examples) {
        const file = path.join(exampleDir, name);
        const text = fs.readFileSync(file, 'utf8');
        const r = preprocess({ file, text, host: nodeHost(), builtinHeaders: BUILTIN_HEADERS });
        assert.deepStrictEqual(r.diagnostics.filter(d => d.severity === 'error'), [], name);
        compare(r.value.text, clangFile(file, ['-I' + dir]), name);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
