// The CLI's on-disk item cache (src/host/item-cache-store.ts): results with it equal results without it, a
// damaged or foreign file is ignored and replaced, and a run that found everything in it leaves it alone.

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

describe('CLI: item cache on disk', function () {
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
    // Everything the later runs parsed was found in the file: nothing new to write.
    assert.equal(fs.statSync(file()).mtimeMs, written);
    assert.ok(fs.readFileSync(file()).equals(bytes));
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
    assert.equal(stored.build, buildId([CLI, path.join(path.dirname(CLI), 'tree-sitter-c.wasm')]));
    // Poison every entry, and mark the file as another build's: none of it may be used.
    for (const [, e] of stored.entries) e.items = [];
    fs.writeFileSync(file(), v8.serialize({ ...stored, build: `${stored.build} (older)` }));
    assert.deepEqual(cli({ XDP_LAB_CACHE_DIR: dir }, 'verify', EXAMPLE, '--json'), expected);
  });
});
