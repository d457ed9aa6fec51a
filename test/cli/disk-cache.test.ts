// The CLI's on-disk caches: converted header items (src/host/item-cache-store.ts) and, for `run`, whole front-end
// results with the verifier's findings (src/host/frontend-cache-store.ts). Results with them equal results without
// them; a damaged or foreign file is ignored and replaced; a run that found everything leaves them alone; an
// entry is not used once a header it read, the file or the options changed.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { buildId } from '../../src/host/item-cache-store';
import { CLI, cliMissing } from './cli-run';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'parse_headers.c');
const CAPTURE = path.join(__dirname, '..', '..', 'examples', 'captures', 'mixed.pcap');

function cli(env: Record<string, string>, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDP_LAB_NO_CACHE: '', ...env } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: caches on disk', function () {
  this.timeout(120_000);
  let dir: string;

  before(function () {
    const why = cliMissing();
    if (why) this.skip();
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xdp-lab-cache-'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (): string => path.join(dir, 'items.bin');

  it('gives the same verify and run output as parsing afresh, and is written once', () => {
    const fresh = { XDP_LAB_NO_CACHE: '1' };
    const cached = { XDP_LAB_CACHE_DIR: dir };
    const verifyFresh = cli(fresh, 'verify', EXAMPLE, '--json');
    const runFresh = cli(fresh, 'run', EXAMPLE, '--pcap', CAPTURE, '--json');
    assert.equal(verifyFresh.code, 0, verifyFresh.stderr);
    assert.ok(!fs.existsSync(file()));

    const first = cli(cached, 'verify', EXAMPLE, '--json');
    assert.ok(fs.existsSync(file()), 'the first run writes the cache');
    const written = fs.statSync(file()).mtimeMs;
    const bytes = fs.readFileSync(file());
    const second = cli(cached, 'verify', EXAMPLE, '--json');
    const run = cli(cached, 'run', EXAMPLE, '--pcap', CAPTURE, '--json');
    for (const r of [first, second]) assert.deepEqual(r, verifyFresh);
    assert.deepEqual(run, runFresh);
    // Everything the later runs parsed was found in the file (the run's own entry came from the same items).
    assert.equal(fs.statSync(file()).mtimeMs, written);
    assert.ok(fs.readFileSync(file()).equals(bytes));
  });

  it('replays from a stored front end and verdict exactly as afresh, until a header it read changes', () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'xdp-lab-src-'));
    try {
      const main = path.join(src, 'prog.c');
      const header = path.join(src, 'verdict.h');
      fs.writeFileSync(main, [
        '#include <linux/bpf.h>', '#include <bpf/bpf_helpers.h>', '#include "verdict.h"',
        'SEC("xdp") int prog(struct xdp_md *ctx) { return VERDICT; }', 'char LICENSE[] SEC("license") = "GPL";', '',
      ].join('\n'));
      const run = (env: Record<string, string>, ...extra: string[]) => cli(env, 'run', main, '--pcap', CAPTURE, '--json', ...extra);
      const cached = { XDP_LAB_CACHE_DIR: dir };
      const fresh = { XDP_LAB_NO_CACHE: '1' };
      const entries = (): string[] => (fs.existsSync(path.join(dir, 'front')) ? fs.readdirSync(path.join(dir, 'front')) : []);

      fs.writeFileSync(header, '#define VERDICT XDP_DROP\n');
      const drop = run(fresh);
      assert.equal(drop.code, 0, drop.stderr);
      assert.match(drop.stdout, /"action":"XDP_DROP"/);
      assert.deepEqual(run(cached), drop);
      assert.equal(entries().length, 1);
      const entry = path.join(dir, 'front', entries()[0]);
      const stored = v8.deserialize(fs.readFileSync(entry)) as { entry: { verdicts?: Record<string, { verdict: string }> } };
      assert.equal(stored.entry.verdicts?.prog?.verdict, 'accept', 'the verdict is kept with the entry');
      const before = fs.readFileSync(entry);
      assert.deepEqual(run(cached), drop, 'from the stored entry');
      assert.ok(fs.readFileSync(entry).equals(before), 'a hit writes nothing');

      // The header changes: the stored entry no longer applies.
      fs.writeFileSync(header, '#define VERDICT XDP_PASS\n');
      const pass = run(fresh);
      assert.match(pass.stdout, /"action":"XDP_PASS"/);
      assert.deepEqual(run(cached), pass);
      // So does a -D that changes what the file means.
      fs.writeFileSync(header, '#ifndef VERDICT\n#define VERDICT XDP_PASS\n#endif\n');
      assert.deepEqual(run(cached, '-D', 'VERDICT=XDP_TX'), run(fresh, '-D', 'VERDICT=XDP_TX'));
      assert.match(run(cached, '-D', 'VERDICT=XDP_TX').stdout, /"action":"XDP_TX"/);

      // A program the verifier rejects is refused the same way from the stored verdict.
      fs.writeFileSync(header, '#define VERDICT (*(int *)(long)ctx->data)\n');
      const refused = run(fresh);
      assert.equal(refused.code, 1);
      assert.deepEqual(run(cached), refused);
      assert.deepEqual(run(cached), refused);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  });

  it('starts from V8 code kept by the loader, and from a damaged one as well', () => {
    const expected = cli({ XDP_LAB_NO_CACHE: '1' }, 'run', EXAMPLE, '--pcap', CAPTURE, '--json');
    const codes = (): string[] => fs.readdirSync(dir).filter(f => f.startsWith('code-'));
    assert.deepEqual(cli({ XDP_LAB_CACHE_DIR: dir }, 'run', EXAMPLE, '--pcap', CAPTURE, '--json'), expected);
    assert.equal(codes().length, 1, 'the first run leaves compiled code');
    const code = path.join(dir, codes()[0]);
    const bytes = fs.readFileSync(code);
    assert.deepEqual(cli({ XDP_LAB_CACHE_DIR: dir }, 'run', EXAMPLE, '--pcap', CAPTURE, '--json'), expected);
    assert.ok(fs.readFileSync(code).equals(bytes), 'accepted: not written again');
    fs.writeFileSync(code, bytes.subarray(0, bytes.length >> 1));
    assert.deepEqual(cli({ XDP_LAB_CACHE_DIR: dir }, 'run', EXAMPLE, '--pcap', CAPTURE, '--json'), expected);
    assert.ok(fs.readFileSync(code).length > bytes.length >> 1, 'refused by V8, then written whole again');
  });

  it('ignores a damaged file and replaces it', () => {
    const expected = cli({ XDP_LAB_NO_CACHE: '1' }, 'verify', EXAMPLE, '--json');
    fs.writeFileSync(file(), Buffer.from('not a cache at all'));
    const r = cli({ XDP_LAB_CACHE_DIR: dir }, 'verify', EXAMPLE, '--json');
    assert.deepEqual(r, expected);
    const stored = v8.deserialize(fs.readFileSync(file())) as { entries: unknown[] };
    assert.ok(stored.entries.length > 100, `rewritten with the parsed items (${stored.entries.length})`);
  });

  it('ignores a file written by another build', () => {
    const expected = cli({ XDP_LAB_NO_CACHE: '1' }, 'verify', EXAMPLE, '--json');
    cli({ XDP_LAB_CACHE_DIR: dir }, 'verify', EXAMPLE, '--json');
    const stored = v8.deserialize(fs.readFileSync(file())) as { format: number; build: string; entries: Array<[string, { start: number; items: Array<Record<string, unknown>> }]> };
    assert.equal(stored.build, buildId([path.join(path.dirname(CLI), 'cli-main.js'), path.join(path.dirname(CLI), 'tree-sitter-c.wasm')]));
    // Poison every entry, and mark the file as another build's: none of it may be used.
    for (const [, e] of stored.entries) e.items = [];
    fs.writeFileSync(file(), v8.serialize({ ...stored, build: `${stored.build} (older)` }));
    assert.deepEqual(cli({ XDP_LAB_CACHE_DIR: dir }, 'verify', EXAMPLE, '--json'), expected);
  });
});
