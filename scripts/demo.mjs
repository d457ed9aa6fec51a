#!/usr/bin/env node
// Runs `xdp-lab verify` on every example, then `xdp-lab run` on it with each capture of examples/captures that
// lists it in its manifest (every program of the file in turn), and prints what they say.
// Exit codes from the CLI: 0 = clean, 1 = findings; anything else, a signal,
// or a Node stack trace on stderr (an uncaught throw also exits 1) means the
// CLI itself failed, and only that fails the demo.
//
// Usage: node scripts/demo.mjs [file.c ...]   (default: examples/*.c)

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function exampleFiles() {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => join(dir, f));
}

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** Runs the CLI (paths relative to the repo); 'ok', 'findings' or 'crashed'. */
function cli(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
  if (r.stdout) process.stdout.write(r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`);
  if (r.stderr) process.stdout.write(r.stderr.endsWith('\n') ? r.stderr : `${r.stderr}\n`);
  if (r.error) console.log(`!! could not run the CLI: ${r.error.message}`);
  if (r.status === 0) return 'ok';
  if (r.status === 1 && !STACK_FRAME.test(r.stderr ?? '')) return 'findings';
  const how = r.signal ? `killed by ${r.signal}` : r.status === 1 ? 'threw (stack trace above)' : `exited with code ${r.status}`;
  console.log(`!! CLI ${how}`);
  return 'crashed';
}

function main() {
  if (!existsSync(CLI)) {
    console.error(`${relative(ROOT, CLI)} not found: run \`npm run build\` first`);
    process.exit(2);
  }
  const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : exampleFiles();
  const counts = { ok: 0, findings: 0, crashed: 0 };
  const runs = { ok: 0, findings: 0, crashed: 0 };
  const manifest = JSON.parse(readFileSync(join(ROOT, 'examples', 'captures', 'manifest.json'), 'utf8'));
  for (const file of files.map((f) => relative(ROOT, f))) {
    console.log(`\n=== verify ${file} ${'='.repeat(Math.max(3, 60 - file.length))}`);
    const verdict = cli(['verify', file]);
    counts[verdict] += 1;
    if (verdict !== 'ok') continue;
    const base = file.split('/').pop();
    const programs = JSON.parse(spawnSync(process.execPath, [CLI, 'verify', file, '--json'], { encoding: 'utf8', cwd: ROOT }).stdout).programs;
    for (const cap of manifest.captures.filter((c) => c.usedBy.includes(base))) {
      for (const p of programs) {
        const capture = join('examples', 'captures', cap.file);
        console.log(`\n--- run ${file} --program ${p.name} --pcap ${capture}`);
        runs[cli(['run', file, '--program', p.name, '--pcap', capture])] += 1;
      }
    }
  }
  console.log(`\nverify: ${files.length} files, ${counts.ok} ok, ${counts.findings} with findings, ${counts.crashed} crashed`);
  console.log(`run: ${runs.ok + runs.findings + runs.crashed} replays, ${runs.ok} ok, ${runs.findings} with errors, ${runs.crashed} crashed`);
  process.exit(counts.crashed + runs.crashed > 0 ? 1 : 0);
}

main();
