import * as assert from 'assert';
import { preprocess } from '../../src/engine/preprocess';
import { errors, memHost, run, type Run } from './helpers';

function assertMapValid(r: Run, label: string): void {
  for (let i = 0; i < r.text.length; i++) {
    const back = r.out.map.toSource(i, i + 1);
    const f = r.out.files.find(x => x.path === back.file);
    assert.ok(f !== undefined && back.start >= 0 && back.start <= back.end && back.end <= f.text.length, `${label}: offset ${i}`);
  }
}

/** A deterministic pseudo-random generator (xorshift). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const PIECES = [
  '#define F(a, ...) a ## __VA_ARGS__ #a\n', '#define G F(', '#define H() )\n', '#define X X Y\n', '#undef F\n',
  '#if 1\n', '#if 0\n', '#else\n', '#elif X\n', '#endif\n', '#ifdef G\n', '#include "h.h"\n', '#include <x.h>\n',
  '#pragma unroll\n', '_Pragma("unroll")', '_Pragma(', 'F(1, 2)', 'F(', 'G 1)', 'H()', ')', '(', ',', 'X', '##', '#',
  '"str', "'c'", '/* c', '*/', '// x\n', '\\\n', '\n', ' ', 'int', '0x1fUL', '__LINE__', '__VA_ARGS__', 'defined',
  '__has_include(', '__COUNTER__', '#error e\n', '#line 3\n', '#define E(x) #x\nE(', '#define P(x, y) x ## y\nP(+, /)\n',
];

describe('preprocess: robustness', () => {
  it('turns an internal failure into a diagnostic and passes the text through', () => {
    const host = { readFile: () => '', dirname: () => { throw new Error('host broke'); }, join: (d: string, n: string) => d + n };
    const r = preprocess({ file: 'm.c', text: '#include "a.h"\nint x;\n', host });
    assert.deepStrictEqual(r.diagnostics.map(d => d.code), ['PP_INTERNAL']);
    assert.strictEqual(r.value.text, '#include "a.h"\nint x;\n');
    assert.deepStrictEqual(r.value.map.toSource(15, 18), { file: 'm.c', start: 15, end: 18 });
  });

  it('survives hostile inputs without internal errors, keeping the map valid', () => {
    const nasty = [
      '#define F(', '#define F(a', 'F(', '#define F(x) x\nF(', '#if', '#if (', '#elif', '#include', '#include <',
      '#define A(x) #\n', '#define B ##\n', '_Pragma', '_Pragma(1)', '"unterminated', "'", '/*', '#define C(x,...) __VA_OPT__(\nC(1,2)',
      '#define D(x) x(\n#define E D(D)\nE)', '#if 1 ? : 2\n#endif', '#if 99999999999999999999999\n#endif', "#if '\\x'\n#endif",
    ];
    for (const text of nasty) {
      const r = run(text, { files: { '/src/h.h': 'F(' } });
      assert.ok(!r.diags.some(d => d.code === 'PP_INTERNAL'), `${JSON.stringify(text)}: ${JSON.stringify(r.diags)}`);
      assertMapValid(r, JSON.stringify(text));
    }
  });

  it('survives random token soup', () => {
    const next = rng(0x5eed);
    for (let n = 0; n < 300; n++) {
      const parts: string[] = [];
      const len = 5 + Math.floor(next() * 40);
      for (let i = 0; i < len; i++) parts.push(PIECES[Math.floor(next() * PIECES.length)], next() < 0.3 ? '\n' : ' ');
      const text = parts.join('');
      const r = run(text, { files: { '/src/h.h': '#pragma once\nint h;\n' } });
      assert.ok(!r.diags.some(d => d.code === 'PP_INTERNAL'), `${JSON.stringify(text)}: ${JSON.stringify(r.diags)}`);
      assertMapValid(r, JSON.stringify(text));
    }
  });

  it('a host that throws on read is treated as a missing file', () => {
    const host = memHost({});
    host.readFile = () => { throw new Error('EACCES'); };
    const r = preprocess({ file: '/m.c', text: '#include "a.h"\n', host });
    assert.deepStrictEqual(errors({ out: r.value, diags: r.diagnostics, text: r.value.text }).map(d => d.code), ['PP_INCLUDE_NOT_FOUND']);
  });
});
