#!/usr/bin/env node
// Runs the CLI front end over a corpus of real public BPF programs kept OUTSIDE the repo and compares what it
// finds with facts recorded by hand in a manifest. The corpus is not committed; without it this is a no-op.
//
//   node scripts/check-real.mjs            manifest at /work/scratch/real/manifest.json
//   XDPLAB_REAL_DIR=/some/dir node ...     manifest at /some/dir/manifest.json (or a .json path)
//   XDPLAB_CLI=/path/to/cli.js node ...    CLI other than dist/cli.js
//
// Manifest entry: { id, file, includeDirs[], defines[{name,value?}], programs[{name,section}], maps[name],
//   allowErrorStages?[] (front-end stages whose errors are expected, e.g. kernel-internal types), ... }.
// Exit 1 when any entry fails: unexpected front-end errors, or programs/maps differing from the manifest.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRONT_END_STAGES = ['preprocess', 'parse', 'type', 'ir'];
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function manifestPath() {
  const env = process.env.XDPLAB_REAL_DIR;
  if (!env) return '/work/scratch/real/manifest.json';
  return env.endsWith('.json') ? env : join(env, 'manifest.json');
}

function cliArgs(entry) {
  const args = ['verify', entry.file];
  for (const dir of entry.includeDirs ?? []) args.push('-I', dir);
  for (const d of entry.defines ?? []) args.push('-D', d.value === undefined ? d.name : `${d.name}=${d.value}`);
  args.push('--json');
  return args;
}

/** Runs the CLI; returns its parsed report or an error string. A non-zero exit is normal when it finds errors. */
function runCli(cli, entry) {
  const r = spawnSync(process.execPath, [cli, ...cliArgs(entry)], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
  if (r.error) return { error: `could not run CLI: ${r.error.message}` };
  try {
    return { report: JSON.parse(r.stdout) };
  } catch {
    const why = (r.stderr || r.stdout || '').trim().split('\n')[0] || 'no output';
    return { error: `no JSON from CLI (exit ${r.status}): ${why}` };
  }
}

/** All diagnostics of a report, each once (program diagnostics may repeat file-level ones). */
function allDiagnostics(report) {
  const seen = new Set();
  const out = [];
  const lists = [report.diagnostics ?? [], ...(report.programs ?? []).map(p => p.diagnostics ?? [])];
  for (const d of lists.flat()) {
    const key = JSON.stringify([d.stage, d.code, d.message, d.range]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function errorsByStage(diags) {
  const counts = {};
  for (const d of diags) if (d.severity === 'error') counts[d.stage] = (counts[d.stage] ?? 0) + 1;
  return counts;
}

/** Differences between expected and found names, as "missing x, extra y" (empty when equal). */
function setDiff(expected, found) {
  const exp = new Set(expected);
  const got = new Set(found);
  const missing = [...exp].filter(x => !got.has(x));
  const extra = [...got].filter(x => !exp.has(x));
  const parts = [];
  if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length) parts.push(`extra ${extra.join(', ')}`);
  return parts.join('; ');
}

const progKey = p => `${p.name}@${p.section}`;

function checkEntry(cli, entry) {
  const run = runCli(cli, entry);
  if (run.error) return { entry, stages: {}, progs: '-', maps: '-', failures: [run.error], firstError: '' };
  const report = run.report;
  const diags = allDiagnostics(report);
  const stages = errorsByStage(diags);
  const allowed = new Set(entry.allowErrorStages ?? []);
  const failures = [];
  for (const s of FRONT_END_STAGES) {
    if (stages[s] && !allowed.has(s)) failures.push(`${stages[s]} ${s} error(s)`);
  }
  const foundProgs = (report.programs ?? []).map(progKey);
  const progDiff = setDiff(entry.programs.map(progKey), foundProgs);
  if (progDiff) failures.push(`programs: ${progDiff}`);
  const foundMaps = (report.maps ?? []).map(m => m.name);
  const mapDiff = setDiff(entry.maps, foundMaps);
  if (mapDiff) failures.push(`maps: ${mapDiff}`);
  const first = diags.find(d => d.severity === 'error' && FRONT_END_STAGES.includes(d.stage));
  return {
    entry,
    stages,
    progs: `${foundProgs.length}/${entry.programs.length}`,
    maps: `${foundMaps.length}/${entry.maps.length}`,
    failures,
    firstError: first ? `${first.stage} ${first.code}: ${first.message}` : '',
  };
}

function stageCell(stages) {
  const front = FRONT_END_STAGES.map(s => stages[s] ?? 0).join('/');
  const other = Object.entries(stages).filter(([s]) => !FRONT_END_STAGES.includes(s));
  if (other.length === 0) return front;
  return `${front} (+${other.map(([s, n]) => `${s} ${n}`).join(', ')})`;
}

function resultCell(r) {
  if (r.failures.length === 0) {
    const tolerated = FRONT_END_STAGES.some(s => r.stages[s]);
    return tolerated ? 'ok (expected errors)' : 'ok';
  }
  return `FAIL ${r.failures.join('; ')}`.replaceAll('|', '\\|');
}

function printTable(results) {
  console.log('| program | errors pre/parse/type/ir | programs found/expected | maps found/expected | result |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.entry.id} | ${stageCell(r.stages)} | ${r.progs} | ${r.maps} | ${resultCell(r)} |`);
  }
}

function printFirstErrors(results) {
  const withErrors = results.filter(r => r.firstError);
  if (withErrors.length === 0) return;
  console.log('\nFirst front-end error per program:');
  for (const r of withErrors) console.log(`  ${r.entry.id}: ${r.firstError}`);
}

function main() {
  const path = manifestPath();
  if (!existsSync(path)) {
    console.log(`check-real: no manifest at ${path}; nothing to check (set XDPLAB_REAL_DIR to point at one).`);
    return 0;
  }
  const cli = process.env.XDPLAB_CLI ?? join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.error(`check-real: CLI not found at ${cli}; run \`npm run build\` first.`);
    return 1;
  }
  const entries = JSON.parse(readFileSync(path, 'utf8'));
  const results = entries.map(e => checkEntry(cli, e));
  printTable(results);
  printFirstErrors(results);
  const failed = results.filter(r => r.failures.length > 0).length;
  console.log(`\n${results.length - failed}/${results.length} ok`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
