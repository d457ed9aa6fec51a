// Literal decoding, checked against values worked out by hand and, where clang is installed, against what clang
// itself computes for the same spellings (read back from its LLVM IR).

import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import type { Expr, TranslationUnit } from '../../src/engine/parse/ast';
import { parse } from '../../src/engine/parse';
import { decodeNumber } from '../../src/engine/parse/literals';
import { testParser } from './helpers';

function hasClang(): boolean {
  try {
    execFileSync('clang', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Global initialisers of `name = value;` declarations, by name. */
function initsOf(tu: TranslationUnit): Map<string, Expr> {
  const out = new Map<string, Expr>();
  for (const item of tu.items) {
    if (item.kind !== 'declaration') continue;
    for (const d of item.declarators) {
      let core = d.declarator;
      while (core.kind === 'array' || core.kind === 'pointer') core = core.inner;
      if (core.kind === 'ident' && d.init && d.init.kind !== 'init-list') out.set(core.name, d.init);
    }
  }
  return out;
}

/** `@name = ... global <type> <value>` lines of clang's IR for a BPF target. */
function clangGlobals(source: string): Map<string, string> {
  const ir = execFileSync('clang', ['-target', 'bpf', '-S', '-emit-llvm', '-w', '-x', 'c', '-', '-o', '-'], { input: source }).toString();
  const out = new Map<string, string>();
  for (const m of ir.matchAll(/^@(\w+) = [^\n]*?global (\S+(?: x i8\])?) ([^,\n]+)/gm)) out.set(m[1], m[3]);
  return out;
}

/** LLVM's `c"..\41.."` array syntax → JS string of byte codes (without the trailing NUL). */
function llvmBytes(s: string): string {
  const body = s.replace(/^c"/, '').replace(/"$/, '');
  const bytes = body.replace(/\\(\\|[0-9A-F]{2})/g, (_, h: string) => (h === '\\' ? h : String.fromCharCode(parseInt(h, 16))));
  return bytes.replace(/\x00$/, '');
}

function llvmDouble(s: string): number {
  if (!s.startsWith('0x')) return Number(s);
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(s));
  return view.getFloat64(0);
}

const INTS = [
  '0', '7', '42', '0x2A', '0X2a', '052', '0b101010', '0B11', '42u', '42LU', '42ll', '42ULL', '42llu',
  '0xffffffffffffffffULL', '4294967295', '4294967296', '9223372036854775807', '18446744073709551615u',
  '0777', '0x7fffffff', '0x80000000', '1000000000000',
];
const CHARS = [
  "'a'", "'0'", "'\\n'", "'\\0'", "'\\\\'", "'\\''", "'\\\"'", "'\\?'", "'\\a'", "'\\e'", "'\\x41'", "'\\x7f'", "'\\xff'",
  "'\\101'", "'\\377'", "'\\7'", "'ab'", "'abcd'", "'ab\\xff'", "'\\377\\377\\377\\377\\377'", "L'a'", "u'b'", "U'c'",
];
const FLOATS = ['1.5', '.5', '1.', '1e3', '1.5e-3', '2.5f', '3.0L', '0x1p4', '0x1.8p1', '0x.8p-2', '6.02e23'];
const STRINGS = [
  '""', '"plain"', '"tab\\there\\nnewline"', '"\\x41\\102\\x43"', '"quote \\" and \\\\"', '"caf\\xc3\\xa9"', '"café"',
  '"\\u00e9"', '"\\U0001F600"', '"😀"', '"con" "cat" "enated"', '"\\x4" "1"', '"nul\\0inside"', '"\\1234"', '"\\e\\?"',
];

function source(): string {
  const lines: string[] = [];
  INTS.forEach((l, i) => lines.push(`unsigned long long i${i} = ${l};`));
  CHARS.forEach((l, i) => lines.push(`int c${i} = ${l};`));
  FLOATS.forEach((l, i) => lines.push(`double f${i} = ${l};`));
  STRINGS.forEach((l, i) => lines.push(`char s${i}[] = ${l};`));
  return lines.join('\n') + '\n';
}

describe('literals', () => {
  it('decodes integer spellings (hand-checked)', () => {
    const cases: Array<[string, bigint, string, boolean]> = [
      ['0', 0n, '', true],
      ['052', 42n, '', false],
      ['0x2A', 42n, '', false],
      ['0b101010', 42n, '', false],
      ['42LU', 42n, 'ul', true],
      ['42llu', 42n, 'ull', true],
      ['0xffffffffffffffffULL', 18446744073709551615n, 'ull', false],
      ["1'000'000", 1000000n, '', true],
    ];
    for (const [raw, value, suffix, decimal] of cases) {
      assert.deepEqual(decodeNumber(raw), { kind: 'int', value, suffix, decimal }, raw);
    }
  });

  it('rejects malformed integer spellings', () => {
    for (const raw of ['09', '0b102', '42uu', '0x', '1lul']) assert.equal(decodeNumber(raw).kind, 'bad', raw);
  });

  it('decodes float spellings, hex floats included (hand-checked)', () => {
    assert.deepEqual(decodeNumber('1.5e-3'), { kind: 'float', value: 0.0015 });
    assert.deepEqual(decodeNumber('0x1.8p1'), { kind: 'float', value: 3 });
    assert.deepEqual(decodeNumber('0x1p-2'), { kind: 'float', value: 0.25 });
    assert.deepEqual(decodeNumber('2.5f'), { kind: 'float', value: 2.5 });
  });

  it('agrees with clang on every integer, character, float and string literal', async function () {
    if (!hasClang()) this.skip();
    const src = source();
    const clang = clangGlobals(src);
    const r = parse(src, await testParser(), undefined, { cache: false });
    assert.deepEqual(r.diagnostics.filter(d => d.severity === 'error'), []);
    const ours = initsOf(r.value);
    const check = (name: string, spelling: string, got: unknown, want: unknown): void =>
      assert.deepEqual(got, want, `${name} = ${spelling}`);
    INTS.forEach((l, i) => {
      const e = ours.get(`i${i}`);
      assert.equal(e?.kind, 'int', l);
      if (e?.kind === 'int') check(`i${i}`, l, BigInt.asIntN(64, e.value), BigInt(clang.get(`i${i}`) ?? 'NaN'));
    });
    CHARS.forEach((l, i) => {
      const e = ours.get(`c${i}`);
      assert.equal(e?.kind, 'char', l);
      if (e?.kind === 'char') check(`c${i}`, l, e.value, Number(clang.get(`c${i}`)));
    });
    FLOATS.forEach((l, i) => {
      const e = ours.get(`f${i}`);
      assert.equal(e?.kind, 'float', l);
      if (e?.kind === 'float') check(`f${i}`, l, e.value, llvmDouble(clang.get(`f${i}`) ?? ''));
    });
    STRINGS.forEach((l, i) => {
      const e = ours.get(`s${i}`);
      assert.equal(e?.kind, 'string', l);
      const want = clang.get(`s${i}`) ?? '';
      // clang writes an all-zero array as zeroinitializer.
      if (e?.kind === 'string') check(`s${i}`, l, e.value, want === 'zeroinitializer' ? '' : llvmBytes(want));
    });
  });

  it('keeps the sign clang folds into a leading number as a unary operator', async () => {
    const r = parse('int a = -1, b = +0x10;\n', await testParser(), undefined, { cache: false });
    const inits = initsOf(r.value);
    const a = inits.get('a');
    assert.equal(a?.kind, 'unary');
    if (a?.kind === 'unary') {
      assert.equal(a.op, '-');
      assert.deepEqual(a.arg, { kind: 'int', value: 1n, suffix: '', decimal: true, span: { start: 9, end: 10 } });
      assert.deepEqual(a.span, { start: 8, end: 10 });
    }
    assert.equal(inits.get('b')?.kind, 'unary');
  });
});
