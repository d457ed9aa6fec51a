// Runs the bundled CLI (dist/cli.js) as a user would, on sources written to a scratch directory, and checks
// the shape of its --json document.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** Why the CLI cannot be run, or undefined. */
export function cliMissing(): string | undefined {
  return fs.existsSync(CLI) ? undefined : `${CLI} is missing: run \`npm run build\` first`;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch directory for one suite; files are written relative to it. */
export class Scratch {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xdp-lab-cli-'));

  write(rel: string, text: string): string {
    const file = path.join(this.dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  run(...args: string[]): CliResult {
    return runCli(args, this.dir);
  }

  /** Runs with --json and parses stdout, which must be one JSON document. */
  json(...args: string[]): { code: number | null; report: Report } {
    const r = runCli([...args, '--json'], this.dir);
    let doc: unknown;
    try {
      doc = JSON.parse(r.stdout);
    } catch {
      assert.fail(`--json did not print one JSON document:\n${r.stdout}\n${r.stderr}`);
    }
    checkReport(doc);
    return { code: r.code, report: doc as Report };
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** 1-based line and column of the first `needle` in text (after `after`, if given). */
export function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from < 0 ? 0 : from);
  assert.ok(at >= 0, `'${needle}' not in the fixture`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

// ---- the --json document ----

export interface JsonDiag {
  code: string;
  severity: string;
  stage: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  hint?: string;
  sourceLine?: string;
}

export interface JsonProgram {
  name: string;
  section: string;
  type: string;
  verdict: string;
  diagnostics: JsonDiag[];
}

export interface JsonMap {
  name: string;
  type: string;
  typeId: number;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  style: string;
}

export interface Report {
  file: string;
  diagnostics: JsonDiag[];
  programs: JsonProgram[];
  maps: JsonMap[];
  license?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkFields(o: Obj, where: string, fields: Record<string, string>, optional: Record<string, string> = {}): void {
  for (const [k, t] of Object.entries(fields)) assert.equal(typeof o[k], t, `${where}.${k} should be a ${t}: ${JSON.stringify(o)}`);
  for (const [k, t] of Object.entries(optional)) {
    if (k in o) assert.equal(typeof o[k], t, `${where}.${k} should be a ${t} when present`);
  }
  const known = new Set([...Object.keys(fields), ...Object.keys(optional)]);
  for (const k of Object.keys(o)) assert.ok(known.has(k), `${where} has an undocumented field '${k}'`);
}

const POSITIVE = ['line', 'column', 'endLine', 'endColumn'] as const;

function checkDiagnostic(d: unknown, where: string): void {
  assert.ok(isObj(d), `${where} is not an object`);
  checkFields(d, where,
    { code: 'string', severity: 'string', stage: 'string', file: 'string', line: 'number', column: 'number',
      endLine: 'number', endColumn: 'number', message: 'string' },
    { hint: 'string', sourceLine: 'string', kernel: 'string', related: 'object' });
  assert.ok(['error', 'warning', 'info'].includes(d.severity as string), `${where}.severity is '${d.severity}'`);
  for (const k of POSITIVE) assert.ok(Number.isInteger(d[k]) && (d[k] as number) >= 1, `${where}.${k} is not a 1-based integer`);
  const start = [d.line as number, d.column as number];
  const end = [d.endLine as number, d.endColumn as number];
  assert.ok(end[0] > start[0] || (end[0] === start[0] && end[1] >= start[1]), `${where} ends before it starts`);
}

/** Asserts that doc has the documented shape, with the documented types, and nothing else. */
export function checkReport(doc: unknown): void {
  assert.ok(isObj(doc), 'the document is not an object');
  checkFields(doc, 'report', { file: 'string', diagnostics: 'object', programs: 'object', maps: 'object' }, { license: 'string' });
  for (const k of ['diagnostics', 'programs', 'maps']) assert.ok(Array.isArray(doc[k]), `report.${k} is not an array`);
  (doc.diagnostics as unknown[]).forEach((d, i) => checkDiagnostic(d, `diagnostics[${i}]`));
  (doc.programs as unknown[]).forEach((p, i) => {
    const where = `programs[${i}]`;
    assert.ok(isObj(p), `${where} is not an object`);
    checkFields(p, where, { name: 'string', section: 'string', type: 'string', verdict: 'string', diagnostics: 'object' });
    assert.ok(p.type === 'xdp' || p.type === 'tc', `${where}.type is '${p.type}'`);
    assert.ok(p.verdict === 'accept' || p.verdict === 'reject', `${where}.verdict is '${p.verdict}'`);
    assert.ok(Array.isArray(p.diagnostics), `${where}.diagnostics is not an array`);
    (p.diagnostics as unknown[]).forEach((d, j) => checkDiagnostic(d, `${where}.diagnostics[${j}]`));
  });
  (doc.maps as unknown[]).forEach((m, i) => {
    assert.ok(isObj(m), `maps[${i}] is not an object`);
    checkFields(m, `maps[${i}]`, { name: 'string', type: 'string', typeId: 'number', keySize: 'number', valueSize: 'number',
      maxEntries: 'number', flags: 'number', style: 'string' });
    assert.ok(m.style === 'btf' || m.style === 'legacy', `maps[${i}].style is '${m.style}'`);
  });
}

/** "CODE message" of each diagnostic, for order-free comparisons. */
export function summary(ds: readonly JsonDiag[]): string[] {
  return ds.map(d => `${d.code} ${d.message}`).sort();
}
