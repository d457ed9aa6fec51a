// The front end's caches across edits: the preprocessor's state after the main file's includes, the parser's
// items, lowering's reuse. After every edit the cached run must equal a run with every cache off: preprocessed
// text, source map, loop hints, files, macros, AST, IR and diagnostics.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runFrontend, type FrontendOptions, type FrontendResult } from '../../src/engine/frontend';
import type { CParser } from '../../src/engine/parse/treesitter';
import type { IncludeHost } from '../../src/engine/preprocess/types';
import { nodeIncludeHost } from '../../src/host/node-include-host';
import { memoryHost, testParser } from '../support/frontend';

const BENCH = path.join(__dirname, '..', '..', 'bench', 'firewall.c');

function assertSame(cached: FrontendResult, fresh: FrontendResult, what: string): void {
  assert.equal(cached.pp.text, fresh.pp.text, `${what}: preprocessed text`);
  assert.deepEqual(cached.pp.map, fresh.pp.map, `${what}: source map`);
  assert.deepEqual(cached.pp.loopHints, fresh.pp.loopHints, `${what}: loop hints`);
  assert.deepEqual(cached.pp.files, fresh.pp.files, `${what}: files`);
  assert.deepEqual(cached.pp.macros, fresh.pp.macros, `${what}: macros`);
  assert.deepEqual(cached.tu, fresh.tu, `${what}: AST`);
  assert.deepEqual(cached.module, fresh.module, `${what}: IR`);
  assert.deepEqual(cached.diagnostics, fresh.diagnostics, `${what}: diagnostics`);
}

/** Runs each text in turn with caches on, comparing each result with an uncached run of the same input. */
function checkSequence(p: CParser, base: FrontendOptions, texts: Array<[string, string]>, host?: () => IncludeHost): void {
  for (const [what, text] of texts) {
    const opts = { ...base, text, host: host ? host() : base.host };
    const cached = runFrontend(p, opts);
    assertSame(cached, runFrontend(p, opts, { cache: false }), what);
    // The same text again: everything comes from the caches this time.
    assertSame(runFrontend(p, opts), cached, `${what} (again)`);
  }
}

/** `text` with the first `from` replaced by `to` (which must be there). */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `'${from}' is in the text`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

describe('front-end caches', function () {
  this.timeout(120000);

  it('equal an uncached run across edits of the benchmark firewall', async () => {
    const p = await testParser();
    const text = fs.readFileSync(BENCH, 'utf8');
    const inc = '#include <bpf/bpf_endian.h>\n';
    checkSequence(p, { file: BENCH, text, host: nodeIncludeHost() }, [
      ['unchanged', text],
      ['statement edited', edit(text, 'rec->packets++;', 'rec->packets += 7;')],
      ['statement edited, longer', edit(text, 'rec->packets++;', 'rec->packets += 12345;')],
      ['line before the includes', `// first line\n${text}`],
      ['define between includes', edit(text, '#include <linux/ip.h>\n', '#include <linux/ip.h>\n#define EXTRA 1\n')],
      ['include removed', edit(text, '#include <linux/udp.h>\n', '')],
      ['include added after the last', edit(text, inc, `${inc}#include <linux/icmp.h>\n`)],
      ['statement edited again', edit(text, 'rec->packets++;', 'rec->packets += 8;')],
      ['macro after the includes changed', edit(text, '#define MAX_VLAN_DEPTH 2', '#define MAX_VLAN_DEPTH 3')],
      ['header macro redefined', edit(text, inc, `${inc}#undef bpf_htons\n#define bpf_htons(x) (x)\n`)],
      ['struct used later changed', edit(text, '__be16 tci;', '__be16 tci;\n\t__u32 extra;')],
      ['called function changed', edit(text, 'static __always_inline int parse_eth(struct cursor *c, __u16 *proto)',
        'static __always_inline long parse_eth(struct cursor *c, __u16 *proto)')],
      ['syntax error in a body', edit(text, 'rec->packets++;', 'rec->packets += ;')],
      ['include inside a conditional', edit(text, inc, `#ifdef __bpf__\n${inc}#endif\n`)],
      ['text right after the last include', edit(text, inc, `${inc}int inserted_global;\n`)],
      ['unchanged again', text],
    ]);
  });

  it('equal an uncached run across keystrokes in one function and edits around it', async () => {
    const p = await testParser();
    const text = fs.readFileSync(BENCH, 'utf8');
    const forward = edit(edit(text, 'struct vlan_tag {', 'struct later;\nstruct vlan_tag {'), 'char LICENSE[]', 'struct later { int x; };\nchar LICENSE[]');
    const keystrokes = ['rec->packets += 1;', 'rec->packets += 12;', 'rec->packets += 123;', 'rec->packets += 12;'];
    checkSequence(p, { file: BENCH, text, host: nodeIncludeHost() }, [
      ['unchanged', text],
      ...keystrokes.map((k, i): [string, string] => [`keystroke ${i + 1}`, edit(text, 'rec->packets++;', k)]),
      // A comment that changes length before the edited function: the same preprocessed text, moved ranges.
      ['comment before it longer', edit(edit(text, 'rec->packets++;', 'rec->packets += 12;'), '// Benchmark translation unit', '// Benchmark translation unit, a longer comment')],
      ['keystroke after it', edit(text, 'rec->packets++;', 'rec->packets += 5;')],
      // An edit in an earlier function, then back in the later one.
      ['earlier function edited', edit(text, 'c->pos = eth + 1;', 'c->pos = eth + 1; /* moved */')],
      ['later function again', edit(text, 'rec->packets++;', 'rec->packets += 6;')],
      // A struct declared before the edit point completed after it.
      ['forward declaration completed later', forward],
      ['keystroke with the forward declaration', edit(forward, 'rec->packets++;', 'rec->packets += 9;')],
    ]);
  });

  it('follows changes in what the include host answers and in the options', async () => {
    const p = await testParser();
    const file = '/src/main.c';
    let header = '#define LIMIT 4\nstruct pair { int a, b; };\n';
    const host = (): IncludeHost => memoryHost({ '/src/local.h': header, '/inc/extra.h': '#define EXTRA 9\n' });
    const main = [
      '#include <linux/bpf.h>',
      '#include <bpf/bpf_helpers.h>',
      '#include "local.h"',
      '#if __has_include(<extra.h>)',
      '#include <extra.h>',
      '#endif',
      '#ifndef EXTRA',
      '#define EXTRA 1',
      '#endif',
      'static int get(struct pair *p) { return p->a + LIMIT + EXTRA; }',
      'SEC("xdp") int prog(struct xdp_md *ctx) { struct pair q = { 1, 2 }; return get(&q) > 8 ? XDP_DROP : XDP_PASS; }',
      'char LICENSE[] SEC("license") = "GPL";',
      '',
    ].join('\n');
    const base: FrontendOptions = { file, text: main, host: host() };
    checkSequence(p, base, [['first', main], ['edited', edit(main, 'XDP_DROP', 'XDP_ABORTED')]], host);
    header = '#define LIMIT 5\nstruct pair { long a, b; };\n';
    checkSequence(p, base, [['header changed', main]], host);
    checkSequence(p, { ...base, includeDirs: ['/inc'] }, [['with -I', main]], host);
    checkSequence(p, { ...base, defines: [{ name: 'LIMIT', value: '2' }] }, [['with -D', main]], host);
    header = '#include "main.c"\n';
    checkSequence(p, base, [['header includes the main file', main]], host);
  });
});
