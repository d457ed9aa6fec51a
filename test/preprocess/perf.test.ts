// Keystroke path: a ~500-line XDP program over the usual uapi + libbpf headers, served as built-in headers the way
// the extension does, preprocessed repeatedly. Warm runs must give exactly what a cold run gives (the caches must
// not change results); the time is printed, not asserted (machines are shared and noisy: see npm run bench).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { preprocess } from '../../src/engine/preprocess';
import { XDP_PROGRAM } from './fixtures';
import { memHost, multiarchDir, nodeHost } from './helpers';

/** Reads every header the program pulls from /usr/include and keys it by include name. */
function collectHeaders(text: string, dirs: string[]): Record<string, string> {
  const host = nodeHost();
  const seen: string[] = [];
  const spy = { ...host, readFile: (p: string) => { const t = host.readFile(p); if (t !== undefined) seen.push(p); return t; } };
  preprocess({ file: '/src/prog.c', text, host: spy, includeDirs: dirs });
  const out: Record<string, string> = {};
  for (const p of seen) {
    const dir = [...dirs].sort((a, b) => b.length - a.length).find(d => p.startsWith(d + '/'));
    if (dir !== undefined) out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

function program(lines: number): string {
  const parts = [XDP_PROGRAM];
  for (let k = 0; parts.join('').split('\n').length < lines; k++) {
    parts.push(`
static __always_inline int check${k}(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		return XDP_PASS;
	bpf_printk("check %d", ${k});
	return XDP_PASS;
}
`);
  }
  return parts.join('');
}

describe('preprocess: performance', () => {
  it('gives the same output warm as cold on a 500-line program with its headers', function () {
    if (!fs.existsSync('/usr/include/linux/bpf.h') || !fs.existsSync('/usr/include/bpf/bpf_helpers.h')) this.skip();
    const dirs = ['/usr/include'];
    const arch = multiarchDir();
    if (arch !== null) dirs.push(arch);
    const text = program(500);
    const builtinHeaders = collectHeaders(text, dirs);
    const opts = { file: '/src/prog.c', text, host: memHost({}), builtinHeaders };
    const first = preprocess(opts);
    assert.deepStrictEqual(first.diagnostics, []);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      preprocess(i % 2 === 0 ? opts : { ...opts, text: text + `\nint edit${i};\n` });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1];
    const headerLines = first.value.files.slice(1).reduce((n, f) => n + f.text.split('\n').length, 0);
    process.stdout.write(`      ${Object.keys(builtinHeaders).length} headers, ${headerLines} header lines: warm median ${median.toFixed(2)} ms\n`);
    const again = preprocess(opts);
    assert.equal(again.value.text, first.value.text);
    assert.deepStrictEqual(again.diagnostics, first.diagnostics);
  });
});
