// Targeted checks of the AST shapes the typer relies on, read from the objects rather than the printout.

import { strict as assert } from 'assert';
import type { Declaration, Expr, FunctionDef, Stmt, TopLevel, TranslationUnit } from '../../src/engine/parse/ast';
import { parse } from '../../src/engine/parse';
import { printExpr } from '../../src/engine/parse/print';
import { testParser } from './helpers';

async function unit(text: string): Promise<TranslationUnit> {
  const r = parse(text, await testParser(), undefined, { cache: false });
  assert.deepEqual(r.diagnostics, [], 'no diagnostics expected');
  return r.value;
}

function decl(item: TopLevel | undefined): Declaration {
  assert.equal(item?.kind, 'declaration');
  return item as Declaration;
}

function fn(item: TopLevel | undefined): FunctionDef {
  assert.equal(item?.kind, 'function');
  return item as FunctionDef;
}

/** The initialiser of the first declarator of a declaration, as an expression. */
function initExpr(item: TopLevel | Stmt | undefined): Expr {
  const d = decl(item as TopLevel);
  const init = d.declarators[0].init;
  assert.ok(init && init.kind !== 'init-list');
  return init as Expr;
}

describe('parse constructs', () => {
  it('gives typeof of a bare name both readings, and of an expression or type just one', async () => {
    const tu = await unit('typeof(x) a;\ntypeof(*p) b;\ntypeof(struct foo) c;\n');
    const [a, b, c] = tu.items.map(i => decl(i).specs.type);
    assert.equal(a.kind, 'typeof');
    if (a.kind === 'typeof') {
      assert.equal(a.type?.specs.type.kind, 'named');
      assert.deepEqual(a.expr && { kind: a.expr.kind, span: a.expr.span }, { kind: 'ident', span: { start: 7, end: 8 } });
      assert.deepEqual(a.span, { start: 0, end: 9 });
    }
    assert.ok(b.kind === 'typeof' && b.expr?.kind === 'unary' && b.type === undefined);
    assert.ok(c.kind === 'typeof' && c.type?.specs.type.kind === 'struct' && c.expr === undefined);
  });

  it('gives sizeof(name) both readings, sizeof name and sizeof(type) one', async () => {
    const tu = await unit('int a = sizeof(x);\nint b = sizeof x;\nint c = sizeof(int);\nint d = sizeof(x) * 2;\n');
    const [a, b, c] = tu.items.map(i => initExpr(i));
    assert.ok(a.kind === 'sizeof' && a.type?.specs.type.kind === 'named' && a.expr?.kind === 'ident');
    assert.ok(b.kind === 'sizeof' && b.type === undefined && b.expr?.kind === 'ident');
    assert.ok(c.kind === 'sizeof' && c.type?.specs.type.kind === 'builtin' && c.expr === undefined);
  });

  it('converts a BTF map definition as the preprocessor leaves it', async () => {
    const text =
      'struct { int (*type)[BPF_MAP_TYPE_ARRAY]; typeof(__u32) *key; } my_map __attribute__((section(".maps"), used));\n';
    const d = decl((await unit(text)).items[0]);
    const rec = d.specs.type;
    assert.ok(rec.kind === 'struct' && rec.fields?.length === 2);
    if (rec.kind !== 'struct' || !rec.fields) return;
    // int (*type)[N]: type is a pointer to an array of N int.
    const t = rec.fields[0].declarators[0].declarator;
    assert.ok(t?.kind === 'array' && t.inner.kind === 'pointer' && t.inner.inner.kind === 'ident' && t.inner.inner.name === 'type');
    assert.ok(t?.kind === 'array' && t.size?.kind === 'ident' && t.size.name === 'BPF_MAP_TYPE_ARRAY');
    // typeof(__u32) *key
    const k = rec.fields[1];
    assert.ok(k.specs.type.kind === 'typeof' && k.specs.type.type?.specs.type.kind === 'named');
    assert.equal(k.declarators[0].declarator?.kind, 'pointer');
    assert.deepEqual(
      d.declarators[0].attributes.map(a => [a.name, a.args.map(printExpr)]),
      [
        ['section', ['".maps"']],
        ['used', []],
      ],
    );
  });

  it('reads the helper-pointer idiom as a const pointer to a function returning void *', async () => {
    const d = decl((await unit('static void *(* const bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;\n')).items[0]);
    assert.deepEqual(d.specs.storage, ['static']);
    const top = d.declarators[0].declarator;
    // pointer{function{pointer const{ident}}}: void * ( *const name )(params)
    assert.ok(top.kind === 'pointer' && top.inner.kind === 'function');
    if (top.kind !== 'pointer' || top.inner.kind !== 'function') return;
    assert.equal(top.inner.params.length, 2);
    const inner = top.inner.inner;
    assert.ok(inner.kind === 'pointer' && inner.qualifiers.includes('const') && inner.inner.kind === 'ident');
    assert.equal(d.declarators[0].init && 'kind' in d.declarators[0].init ? d.declarators[0].init.kind : '', 'cast');
  });

  it('puts section and license attributes where lowering looks for them', async () => {
    const tu = await unit(
      '__attribute__((section("xdp"), used)) int prog(void *ctx) { return 2; }\n' +
        'char LICENSE[] __attribute__((section("license"), used)) = "GPL";\n',
    );
    const f = fn(tu.items[0]);
    assert.deepEqual(f.attributes.map(a => a.name), ['section', 'used']);
    const arg = f.attributes[0].args[0];
    assert.ok(arg.kind === 'string' && arg.value === 'xdp');
    const lic = decl(tu.items[1]).declarators[0];
    assert.ok(lic.attributes[0].args[0].kind === 'string');
    assert.ok(lic.init && lic.init.kind === 'string' && lic.init.value === 'GPL');
  });

  it('flattens switch bodies: a case holds only its first statement', async () => {
    const f = fn((await unit('void f(int x) { switch (x) { case 1: a(); b(); case 2 ... 4: default: c(); } }\n')).items[0]);
    const sw = f.body.items[0];
    assert.ok(sw.kind === 'switch' && sw.body.kind === 'compound');
    if (sw.kind !== 'switch' || sw.body.kind !== 'compound') return;
    const kinds = sw.body.items.map(i => (i.kind === 'case' ? `case:${i.body?.kind ?? '-'}${i.last ? ':range' : ''}` : i.kind));
    assert.deepEqual(kinds, ['case:expr', 'expr', 'case:-:range', 'default']);
    const range = sw.body.items[2];
    assert.ok(range.kind === 'case' && range.value.kind === 'int' && range.value.value === 2n && range.last?.kind === 'int');
  });

  it('turns a call to (typeof(x)) into a cast', async () => {
    const f = fn((await unit('int f(int x) { return (typeof(x))(x + 1); }\n')).items[0]);
    const ret = f.body.items[0];
    assert.ok(ret.kind === 'return' && ret.value?.kind === 'cast' && ret.value.type.specs.type.kind === 'typeof');
  });

  it('flattens offsetof member paths into designators', async () => {
    const e = initExpr((await unit('long o = offsetof(struct s, a.b[i + 1].c);\n')).items[0]);
    assert.equal(e.kind, 'offsetof');
    if (e.kind !== 'offsetof') return;
    assert.deepEqual(e.path.map(p => (p.kind === 'field' ? p.name : `[${printExpr(p.index)}]`)), ['a', 'b', '[(+ i 1)]', 'c']);
    assert.equal(e.type.specs.type.kind, 'struct');
  });

  it('reads static asserts in blocks and asm statements', async () => {
    const f = fn((await unit('void f(void) { _Static_assert(sizeof(int) == 4, "four"); asm volatile("" ::: "memory"); }\n')).items[0]);
    const [sa, asm] = f.body.items;
    assert.ok(sa.kind === 'static-assert' && sa.message === 'four' && sa.cond.kind === 'binary');
    assert.deepEqual(asm, { kind: 'asm', text: '', volatile: true, outputs: [], inputs: [], span: asm.span });
  });

  it('reads a statement expression, GNU ?: and __extension__', async () => {
    const e = initExpr((await unit('int v = __extension__ ({ int t = 1; t; }) ?: 2;\n')).items[0]);
    assert.ok(e.kind === 'cond' && e.then === undefined && e.cond.kind === 'stmt-expr');
    if (e.kind === 'cond' && e.cond.kind === 'stmt-expr') assert.equal(e.cond.body.items.length, 2);
  });

  it('keeps what tree-sitter does for typedef-name ambiguities', async () => {
    const f = fn((await unit('void f(void) { (__u32)x; x * y; }\n')).items[0]);
    const [cast, mul] = f.body.items;
    assert.ok(cast.kind === 'expr' && cast.expr?.kind === 'cast');
    // tree-sitter reads `x * y;` as a declaration of y as pointer to x; the typer sorts it out.
    assert.ok(mul.kind === 'declaration' && mul.specs.type.kind === 'named');
  });

  it('applies a cast or unary operator before an assignment, as C does', async () => {
    const text = 'void f(void) { (long)x = 4; -y += 1; }\n';
    const f = fn((await unit(text)).items[0]);
    const [a, b] = f.body.items;
    assert.ok(a.kind === 'expr' && a.expr?.kind === 'assign' && a.expr.left.kind === 'cast');
    if (a.kind === 'expr' && a.expr?.kind === 'assign') assert.equal(text.slice(a.expr.left.span.start, a.expr.left.span.end), '(long)x');
    assert.ok(b.kind === 'expr' && b.expr?.kind === 'assign' && b.expr.op === '+=' && b.expr.left.kind === 'unary');
  });

  it('reads typeof in parentheses as a cast even before - or *', async () => {
    const e = initExpr((await unit('long t = (typeof(1u))-1;\n')).items[0]);
    assert.ok(e.kind === 'cast' && e.type.specs.type.kind === 'typeof' && e.arg.kind === 'unary');
    if (e.kind === 'cast') assert.deepEqual(e.type.span, { start: 10, end: 10 + 'typeof(1u)'.length });
  });

  it('reads _Alignof of an expression as well as of a type', async () => {
    const tu = await unit('int a = __alignof__(s.f);\nint b = _Alignof(struct s);\nint c = _Alignof(x);\n');
    const [a, b, c] = tu.items.map(i => initExpr(i));
    assert.ok(a.kind === 'alignof' && a.expr?.kind === 'member' && a.type === undefined);
    assert.ok(b.kind === 'alignof' && b.type?.specs.type.kind === 'struct' && b.expr === undefined);
    assert.ok(c.kind === 'alignof' && c.type?.specs.type.kind === 'named' && c.expr?.kind === 'ident');
  });

  it('accepts mixed declarations and code, and a declaration in for', async () => {
    const f = fn((await unit('int f(void) { int a = 1; a++; int b = a; for (int i = 0; i < b; i++) a += i; return a; }\n')).items[0]);
    assert.deepEqual(f.body.items.map(i => i.kind), ['declaration', 'expr', 'declaration', 'for', 'return']);
    const loop = f.body.items[3];
    assert.ok(loop.kind === 'for' && loop.init?.kind === 'declaration' && loop.cond?.kind === 'binary' && loop.step?.kind === 'update');
  });
});
