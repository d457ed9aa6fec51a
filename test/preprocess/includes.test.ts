import * as assert from 'assert';
import { preprocess } from '../../src/engine/preprocess';
import { errors, memHost, norm, run, warnings } from './helpers';

describe('preprocess: includes', () => {
  it('resolves "..." beside the including file first, then in -I dirs in order', () => {
    const files = {
      '/src/a.h': 'A_LOCAL\n#include "sub/b.h"\n',
      '/inc/a.h': 'A_INC\n',
      '/src/sub/b.h': '#include "c.h"\n',
      '/src/sub/c.h': 'C_BESIDE_B\n',
      '/src/c.h': 'C_BESIDE_MAIN\n',
      '/inc1/d.h': 'D1\n',
      '/inc2/d.h': 'D2\n',
      '/inc2/e.h': 'E2\n',
    };
    const r = run('#include "a.h"\n#include "d.h"\n#include "e.h"\n', { files, includeDirs: ['/inc', '/inc1', '/inc2'] });
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'A_LOCAL C_BESIDE_B D1 E2');
    assert.deepStrictEqual(r.out.files.map(f => f.path),
      ['/src/main.c', '/src/a.h', '/src/sub/b.h', '/src/sub/c.h', '/inc1/d.h', '/inc2/e.h']);
  });

  it('looks up <...> in built-in headers before -I dirs', () => {
    const builtinHeaders = { 'linux/bpf.h': 'BUILTIN_BPF\n#include "bpf_common.h"\n', 'linux/bpf_common.h': 'COMMON\n' };
    const files = { '/inc/linux/bpf.h': 'DISK_BPF\n', '/inc/other.h': 'OTHER\n' };
    const r = run('#include <linux/bpf.h>\n#include <other.h>\n', { files, includeDirs: ['/inc'], builtinHeaders });
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'BUILTIN_BPF COMMON OTHER');
    assert.deepStrictEqual(r.out.files.map(f => f.path),
      ['/src/main.c', '<builtin>/linux/bpf.h', '<builtin>/linux/bpf_common.h', '/inc/other.h']);
  });

  it('falls back to built-in headers for "..." after the -I dirs', () => {
    const r = run('#include "bpf/bpf_helpers.h"\n', { builtinHeaders: { 'bpf/bpf_helpers.h': 'HELPERS\n' } });
    assert.strictEqual(norm(r.text), 'HELPERS');
  });

  it('resolves ".." between built-in headers', () => {
    const builtinHeaders = { 'bpf/x.h': '#include "../linux/types.h"\n', 'linux/types.h': 'TYPES\n' };
    const r = run('#include <bpf/x.h>\n', { builtinHeaders });
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'TYPES');
  });

  it('accepts __has_include(MACRO) and __has_include_next', () => {
    const files = { '/src/inc.h': '', '/inc1/n.h': '#if __has_include_next(<n.h>)\nNEXT\n#endif\n', '/inc2/n.h': '' };
    const r = run('#define HDR "inc.h"\n#if __has_include(HDR)\nYES\n#endif\n#include <n.h>\n', { files, includeDirs: ['/inc1', '/inc2'] });
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'YES NEXT');
  });

  it('accepts #include MACRO in both forms', () => {
    const r = run('#define H "a.h"\n#define S <s.h>\n#include H\n#include S\n', {
      files: { '/src/a.h': 'AH\n' }, builtinHeaders: { 's.h': 'SH\n' },
    });
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'AH SH');
  });

  it('includes a guarded header once', () => {
    const reads: string[] = [];
    const files = { '/src/g.h': '/* lead */\n#ifndef G_H\n#define G_H\nint g;\n#endif /* G_H */\n' };
    const r = preprocess({ file: '/src/main.c', text: '#include "g.h"\n#include "g.h"\nint x;\n#include "g.h"\n', host: memHost(files, reads) });
    assert.deepStrictEqual(r.diagnostics, []);
    assert.strictEqual(norm(r.value.text), 'int g ; int x ;');
    assert.deepStrictEqual(reads, ['/src/g.h']);
  });

  it('includes a #pragma once header once', () => {
    const files = { '/src/o.h': '#pragma once\nint o;\n' };
    const r = run('#include "o.h"\n#include "o.h"\n', { files });
    assert.strictEqual(norm(r.text), 'int o ;');
  });

  it('re-includes an unguarded header', () => {
    const r = run('#include "u.h"\n#include "u.h"\n', { files: { '/src/u.h': 'u\n' } });
    assert.strictEqual(norm(r.text), 'u u');
  });

  it('reports a missing "..." header as an error at the directive', () => {
    const text = 'int a;\n#include "missing.h"\nint b;\n';
    const r = run(text);
    assert.deepStrictEqual(errors(r).map(d => d.code), ['PP_INCLUDE_NOT_FOUND']);
    const start = text.indexOf('#include');
    assert.deepStrictEqual(errors(r)[0].range, { file: '/src/main.c', start, end: start + '#include "missing.h"'.length });
    assert.strictEqual(norm(r.text), 'int a ; int b ;');
  });

  it('warns about a missing <...> header that is not built in and carries on', () => {
    const r = run('#include <sys/nothing.h>\nint b;\n');
    assert.deepStrictEqual(errors(r), []);
    assert.deepStrictEqual(warnings(r).map(d => [d.code, d.range.start, d.range.end]), [['PP_UNKNOWN_HEADER', 0, 24]]);
    assert.strictEqual(norm(r.text), 'int b ;');
  });

  it('stops runaway recursive includes with one error', () => {
    const r = run('#include "self.h"\n', { files: { '/src/self.h': 'x\n#include "self.h"\n' } });
    assert.deepStrictEqual(errors(r).map(d => d.code), ['PP_INCLUDE_DEPTH']);
    assert.strictEqual(toCount(r.text, 'x'), 200);
  });

  it('reports a file that includes itself once, at its self-include, with guarded headers skipped at every level', () => {
    const main = '#include <g.h>\n#include "once.h"\n  #include "main.c"\n#ifndef BODY\n#define BODY\nbody\n#endif\n';
    const files = {
      '/src/main.c': main,
      '/inc/g.h': '#ifndef G_H\n#define G_H\ng\n#endif\n',
      '/src/once.h': '#pragma once\nonce\n',
    };
    const r = preprocess({ file: '/src/main.c', text: main, host: memHost(files), includeDirs: ['/inc'] });
    assert.deepStrictEqual(r.diagnostics.map(d => [d.code, d.range.file, main.slice(d.range.start, d.range.end)]),
      [['PP_INCLUDE_DEPTH', '/src/main.c', '#include "main.c"']]);
    assert.deepStrictEqual(r.diagnostics.map(d => d.severity), ['error']);
    assert.strictEqual(norm(r.value.text), 'g once body');
  });

  it('stops a file that includes itself twice without retrying at every level', () => {
    const files = { '/src/two.h': 'x\n#include "two.h"\n#include "two.h"\n' };
    const started = Date.now();
    const r = run('#include "two.h"\n', { files });
    assert.ok(Date.now() - started < 5000, 'took too long: the recursion was not cut off');
    assert.deepStrictEqual(errors(r).map(d => [d.code, d.range.file]), [['PP_INCLUDE_DEPTH', '/src/two.h']]);
    assert.strictEqual(toCount(r.text, 'x'), 200);
  });

  it('#include_next continues the search after the current file’s directory', () => {
    const files = { '/inc1/x.h': 'X1\n#include_next <x.h>\n', '/inc2/x.h': 'X2\n' };
    const r = run('#include <x.h>\n', { files, includeDirs: ['/inc1', '/inc2'] });
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), 'X1 X2');
  });

  it('processes forced includes first', () => {
    const r = run('MAIN FORCED\n', { files: { '/src/f.h': '#define FORCED 42\npre\n' }, forcedIncludes: ['/src/f.h'] });
    assert.strictEqual(norm(r.text), 'pre MAIN 42');
    assert.deepStrictEqual(r.out.files.map(f => f.path), ['/src/main.c', '/src/f.h']);
  });

  it('reports problems in included files with the included file’s path', () => {
    const r = run('#include "e.h"\n', { files: { '/src/e.h': 'ok\n#error bad thing\n' } });
    assert.deepStrictEqual(errors(r).map(d => [d.range.file, d.message]), [['/src/e.h', 'bad thing']]);
  });
});

function toCount(text: string, word: string): number {
  return norm(text).split(' ').filter(t => t === word).length;
}
