// The output must be C that tree-sitter-c parses cleanly: directives gone, tokens kept apart, keywords spelled
// the way the grammar knows.

import * as assert from 'assert';
import * as fs from 'fs';
import type { Node } from 'web-tree-sitter';
import { loadCParser, type CParser } from '../../src/engine/parse/treesitter';
import { preprocess } from '../../src/engine/preprocess';
import { XDP_PROGRAM } from './fixtures';
import { multiarchDir, nodeHost, run } from './helpers';

let parser: CParser | null = null;

/** The parse stage's loader, so the wasm runtime is initialised once per process. */
async function cParser(): Promise<CParser> {
  parser ??= await loadCParser();
  return parser;
}

/**
 * Text of the first few error or missing nodes. tree-sitter-c has no rule for unnamed bit-fields (`__u64 :64;` in
 * linux/bpf.h) and reports a missing field name there; that is the grammar's gap, not the preprocessor's.
 */
function problems(root: Node, text: string): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (out.length >= 5) return;
    const unnamedBitfield = n.isMissing && n.type === 'field_identifier';
    if (n.isError || (n.isMissing && !unnamedBitfield)) out.push(`${n.type} at ${n.startIndex}: ${JSON.stringify(text.slice(Math.max(0, n.startIndex - 40), n.endIndex + 40))}`);
    for (const c of n.children) if (c !== null) walk(c);
  };
  walk(root);
  return out;
}

describe('preprocess: output parses with tree-sitter-c', () => {
  it('for an XDP program over the real headers', async function () {
    if (!fs.existsSync('/usr/include/bpf/bpf_helpers.h')) this.skip();
    const dirs = ['/usr/include'];
    const arch = multiarchDir();
    if (arch !== null) dirs.push(arch);
    // tree-sitter-c cannot parse an attribute between a declarator and `;`/`=` (`} map SEC(".maps");`); the
    // parse stage deals with that, so this check leaves those two placements out.
    const text = XDP_PROGRAM.replace(' SEC(".maps")', '').replace(' SEC("license")', '');
    const r = preprocess({ file: '/tmp/prog.c', text, host: nodeHost(), includeDirs: dirs });
    const p = await cParser();
    const tree = p.parseTree(r.value.text);
    try {
      assert.deepStrictEqual(problems(tree.rootNode, r.value.text), []);
    } finally {
      tree.delete();
    }
  });

  it('for macro-heavy code with pragmas and GNU spellings', async () => {
    const src = [
      '#define P +', '#define M -', '#define ARR(n) int a##n[n]', '#define STR(x) #x', '#define LOOP _Pragma("unroll") for',
      'static __inline__ int f(int x) {', '  ARR(4); int y = x P+1 - M-1;', '  LOOP (int i = 0; i < 4; i++) y += i;',
      '#pragma clang loop unroll(full)', '  for (int j = 0; j < 2; j++) y++;', '  const char *s = STR(a "b" c);',
      '  __typeof__(y) z = y; return z + offsetof(struct { int q; }, q);', '}',
    ].join('\n');
    const r = run(src);
    const p = await cParser();
    const tree = p.parseTree(r.text);
    try {
      assert.deepStrictEqual(problems(tree.rootNode, r.text), []);
    } finally {
      tree.delete();
    }
  });
});
