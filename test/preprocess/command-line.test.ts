// -D and -U from the command line: the ordered `macroOptions` form and the older `defines` / `undefines` lists.

import * as assert from 'assert';
import type { MacroOption } from '../../src/engine/preprocess';
import { clangE, errors, haveClang, norm, run, toks } from './helpers';

const D = (name: string, value?: string): MacroOption => (value === undefined ? { op: 'define', name } : { op: 'define', name, value });
const U = (name: string): MacroOption => ({ op: 'undef', name });

describe('preprocess: command-line macros', () => {
  it('applies -D and -U in the order given', () => {
    const r = run('X Y Z W', { macroOptions: [U('X'), D('X'), D('Y', '2'), U('Y'), D('Z', '1'), D('Z', '2'), D('W', 'a b')] });
    assert.deepStrictEqual(r.diags, []);
    assert.strictEqual(norm(r.text), '1 Y 2 a b');
  });

  it('can undefine a predefined macro and define it again', () => {
    assert.strictEqual(norm(run('__bpf__', { macroOptions: [U('__bpf__')] }).text), '__bpf__');
    assert.strictEqual(norm(run('__bpf__', { macroOptions: [U('__bpf__'), D('__bpf__', '9')] }).text), '9');
  });

  it('ignores defines and undefines when macroOptions is given', () => {
    const r = run('A B C', { macroOptions: [D('C', '3')], defines: [{ name: 'A' }], undefines: ['C'] });
    assert.strictEqual(norm(r.text), 'A B 3');
  });

  it('still applies the old lists as all -D, then all -U', () => {
    const r = run('A B', { defines: [{ name: 'A', value: '5' }, { name: 'B' }], undefines: ['B'] });
    assert.strictEqual(norm(r.text), '5 B');
  });

  it('reports a bad -D at the command line and goes on', () => {
    const r = run('OK', { macroOptions: [D('3X'), D('OK', 'fine')] });
    assert.deepStrictEqual(errors(r).map(d => [d.code, d.range.file]), [['PP_BAD_DEFINE', '<command line>']]);
    assert.strictEqual(norm(r.text), 'fine');
  });

  it('agrees with clang on the result of mixed -D and -U', function () {
    if (!haveClang()) this.skip();
    const ops = [U('X'), D('X'), D('Y', '2'), U('Y'), D('F(a)', 'a+1')];
    const flags = ops.map(o => (o.op === 'undef' ? `-U${o.name}` : `-D${o.name}${o.value === undefined ? '' : '=' + o.value}`));
    const src = 'X Y F(3)\n';
    assert.deepStrictEqual(toks(run(src, { macroOptions: ops }).text), toks(clangE(src, {}, flags)));
  });
});
