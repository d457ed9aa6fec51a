// The state saved after the main file's last top-level #include (checkpoint.ts): a run that continues from it must
// give what a run from the start gives: text, source map, loop hints, files, macros and diagnostics in order.

import { strict as assert } from 'assert';
import { preprocess } from '../../src/engine/preprocess';
import type { PreprocessOptions } from '../../src/engine/preprocess/types';
import { memHost } from './helpers';

const FILES: Record<string, string> = {
  '/src/a.h': [
    '#pragma once',
    '#warning from a.h',
    '#define TWICE(x) ((x) * 2)',
    '#pragma push_macro("TWICE")',
    '#undef TWICE',
    '#define TWICE(x) (x)',
    'static int counter_a = __COUNTER__;',
    '#pragma unroll',
    '',
  ].join('\n'),
  '/src/b.h': '#include "a.h"\n#define B_VALUE TWICE(__LINE__)\nint b = B_VALUE;\n',
};

const MAIN = [
  '/* a comment before the includes */',
  '#include "a.h"',
  '#ifdef B_WANTED',
  '#include "b.h"',
  '#endif',
  '#ifndef NO_B',
  '#include "b.h"',
  'int main_value = TWICE(3) + __COUNTER__;',
  '#endif',
  '#pragma pop_macro("TWICE")',
  'int later = B_VALUE;',
  '',
].join('\n');

function both(opts: PreprocessOptions): void {
  const warm = preprocess(opts);
  const cold = preprocess(opts, { cache: false });
  assert.equal(warm.value.text, cold.value.text);
  assert.deepEqual(warm.value.map, cold.value.map);
  assert.deepEqual(warm.value.loopHints, cold.value.loopHints);
  assert.deepEqual(warm.value.files, cold.value.files);
  assert.deepEqual(warm.value.macros, cold.value.macros);
  assert.deepEqual(warm.diagnostics, cold.diagnostics);
}

describe('preprocessor checkpoint', () => {
  it('continues after the includes exactly as a run from the start', () => {
    const opts = { file: '/src/main.c', host: memHost(FILES) };
    const texts = [
      MAIN,
      MAIN,
      MAIN.replace('TWICE(3)', 'TWICE(4)'),
      MAIN.replace('int later', '@ stray `\nint later'),
      MAIN.replace('int later', '"unterminated\nint later'),
      MAIN.replace('a comment', 'a longer comment'),
      MAIN.replace('#include "b.h"\nint', '#include "b.h"\n#include "missing.h"\nint'),
      `'x\n${MAIN}`,
      MAIN,
      `${MAIN}#include "a.h"\nint tail = TWICE(1);\n`,
      `${MAIN}#include "a.h"\nint tail = TWICE(2);\n`,
    ];
    for (const text of texts) both({ ...opts, text });
  });

  it('is not used when a header the host answers with changed', () => {
    const files = { ...FILES };
    const opts = { file: '/src/main.c', text: MAIN, host: memHost(files) };
    both(opts);
    files['/src/b.h'] = '#define B_VALUE 7\n';
    const warm = preprocess(opts);
    assert.match(warm.value.text, /int later = 7;/);
    both(opts);
  });

  it('is not used with other options', () => {
    const base = { file: '/src/main.c', text: MAIN, host: memHost(FILES) };
    both(base);
    both({ ...base, defines: [{ name: 'B_WANTED' }] });
    both({ ...base, macroOptions: [{ op: 'define', name: 'TWICE(x)', value: 'x' }] });
    both(base);
    // Twice each: the second run continues from the first one's state.
    const forced = { ...base, forcedIncludes: ['/src/b.h'], defines: [{ name: 'X', value: '(' }] };
    both(forced);
    both(forced);
    both({ ...forced, text: MAIN.replace('TWICE(3)', 'TWICE(5)') });
  });
});
