// Caches never change results (verifier/cache.ts): after verifying a file and then edits of it with one warm
// cache, every verdict, diagnostic (ranges, related places, fixes) and statistic equals what a fresh cache gives.

import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { runFrontend } from '../../src/engine/frontend';
import { type VerifyResult, VerifyCache, verifyModule } from '../../src/engine/verifier';
import { nodeIncludeHost } from '../../src/host/node-include-host';
import { testParser } from '../support/frontend';

const ROOT = path.resolve(__dirname, '../..');
const FILES = [
  path.join(ROOT, 'bench/firewall.c'),
  ...cFiles(path.join(ROOT, 'examples')),
  ...cFiles(path.join(ROOT, 'test/fixtures/verifier/annotated')),
];

function cFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.c')).sort().map(f => path.join(dir, f)) : [];
}

async function verify(file: string, text: string, cache: VerifyCache): Promise<VerifyResult> {
  const fr = runFrontend(await testParser(), { file, text, host: nodeIncludeHost() });
  return verifyModule(fr.module, { source: f => (f === file ? text : undefined), cache });
}

/** Edits the editor makes: lines added above everything, in the middle (moving only what follows), at the end. */
function edits(text: string): string[] {
  const lines = text.split('\n');
  const mid = Math.floor(lines.length / 2);
  return [
    `// a comment above everything\n${text}`,
    [...lines.slice(0, mid), '', '', ...lines.slice(mid)].join('\n'),
    `${text}\nstatic int unused_after_edit(int x) { return x + 1; }\n`,
    text,
  ];
}

describe('verifier: caches across edits', () => {
  for (const file of FILES) {
    it(`${path.relative(ROOT, file)}: warm results equal fresh ones after each edit`, async () => {
      const text = fs.readFileSync(file, 'utf8');
      const warm = new VerifyCache();
      await verify(file, text, warm);
      for (const t of edits(text)) {
        const a = await verify(file, t, warm);
        const b = await verify(file, t, new VerifyCache());
        assert.deepEqual(a, b);
      }
    });
  }

  it('an edit in a called function that breaks a program is not hidden by its earlier accept', async () => {
    const file = '/src/cache_edit.c';
    const prog = (check: string) => `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
static __always_inline int proto(void *data, void *end)
{
	struct ethhdr *eth = data;
	${check}
	return eth->h_proto;
}
SEC("xdp") int a(struct xdp_md *ctx)
{
	return proto((void *)(long)ctx->data, (void *)(long)ctx->data_end) == 8 ? XDP_DROP : XDP_PASS;
}
SEC("xdp") int b(struct xdp_md *ctx) { return XDP_PASS; }
char LICENSE[] SEC("license") = "GPL";
`;
    const host = { readFile: () => undefined, dirname: path.posix.dirname, join: path.posix.join };
    const run = async (text: string, cache: VerifyCache) => {
      const fr = runFrontend(await testParser(), { file, text, host });
      return verifyModule(fr.module, { source: () => text, cache });
    };
    const warm = new VerifyCache();
    const good = await run(prog('if ((void *)(eth + 1) > end) return 0;'), warm);
    assert.deepEqual(good.programs.map(p => p.verdict), ['accept', 'accept']);
    const bad = prog('if ((void *)eth > end) return 0;');
    const warmBad = await run(bad, warm);
    assert.deepEqual(warmBad.programs.map(p => p.verdict), ['reject', 'accept']);
    assert.deepEqual(warmBad, await run(bad, new VerifyCache()));
  });
});
