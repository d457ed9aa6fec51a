// Annotated verifier fixtures: every test/fixtures/verifier/annotated/*.c goes through the front end and the
// verifier and must produce exactly the diagnostics its `//   ^^^ error[CODE]: text` comments describe.
// Two more comment forms, right after a diagnostic's caret line, check its causal path and its fix:
//   // related N: text      — the diagnostic has a related location on line N with this message
//   // fix N: "json text"   — the diagnostic's fix inserts this text at the start of line N
//   // fix N:C: "json text" — the same at line N, column C (an edit inside a line)
// Together the fixtures must cover every diagnostic code the verifier has.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LineIndex } from '../../src/engine/source';
import { CHECKS, verifyModule, type VerifierDiagnostic } from '../../src/engine/verifier';
import { compareAnnotations, type Actual, type Expected } from '../support/annotations';
import { compileFile } from '../support/frontend';

const dir = path.join(__dirname, '..', 'fixtures', 'verifier', 'annotated');
const fixtures = fs.readdirSync(dir).filter(f => f.endsWith('.c')).sort();

interface Extra {
  /** 1-based line of the code the diagnostic is on, and its code. */
  line: number;
  code: string;
  related: Array<{ line: number; text: string }>;
  fix?: { line: number; column: number; text: string };
}

const ANNOT = /^(\s*)\/\/(\s*)(\^+)\s+(error|warning|info)\[([A-Z0-9_]+)\](?::\s*(.*))?$/;
const RELATED = /^\s*\/\/ related (\d+): (.*)$/;
const FIX = /^\s*\/\/ fix (\d+)(?::(\d+))?: (".*")$/;

/**
 * The shared annotation format (test/support/annotations.ts), with related/fix lines transparent: several
 * annotations, each followed by its own related/fix lines, can describe the same code line.
 */
function readExpected(source: string): Expected[] {
  const lines = source.split('\n');
  const out: Expected[] = [];
  let target = 0;
  for (let i = 0; i < lines.length; i++) {
    if (RELATED.test(lines[i]) || FIX.test(lines[i])) continue;
    const m = ANNOT.exec(lines[i]);
    if (!m) {
      target = i + 1;
      continue;
    }
    const column = m[1].length + 2 + m[2].length + 1;
    out.push({ line: target, column, endColumn: column + m[3].length, severity: m[4], code: m[5], text: m[6]?.trim() || undefined });
  }
  return out;
}

/** The related/fix comments, attached to the annotation just above them. */
function readExtras(source: string): Extra[] {
  const lines = source.split('\n');
  const out: Extra[] = [];
  let target = 0;
  let current: Extra | undefined;
  for (let i = 0; i < lines.length; i++) {
    const a = ANNOT.exec(lines[i]);
    const r = RELATED.exec(lines[i]);
    const f = FIX.exec(lines[i]);
    if (a) {
      current = { line: target, code: a[5], related: [] };
      out.push(current);
    } else if (r && current) {
      current.related.push({ line: Number(r[1]), text: r[2] });
    } else if (f && current) {
      current.fix = { line: Number(f[1]), column: f[2] ? Number(f[2]) : 1, text: JSON.parse(f[3]) as string };
    } else if (!r && !f) {
      current = undefined;
      target = i + 1;
    }
  }
  return out;
}

/** As the front-end fixtures write spans: an empty span is one caret, a multi-line span runs to the line's end. */
function asWritten(d: VerifierDiagnostic, ix: LineIndex, lines: readonly string[]): Actual {
  const s = ix.lineCol(d.range.start);
  const e = ix.lineCol(d.range.end);
  const base = { line: s.line, column: s.column, endLine: s.line, severity: d.severity, code: d.code, message: d.message };
  if (e.line > s.line) return { ...base, endColumn: (lines[s.line - 1] ?? '').length + 1 };
  return { ...base, endColumn: e.column === s.column ? s.column + 1 : e.column };
}

function checkExtras(extras: Extra[], diags: VerifierDiagnostic[], ix: LineIndex): string[] {
  const problems: string[] = [];
  for (const x of extras) {
    const d = diags.find(d => d.code === x.code && ix.lineCol(d.range.start).line === x.line && x.related.every(r => d.related.some(rel => rel.message === r.text)));
    if (!d) continue; // reported as missing by compareAnnotations
    for (const r of x.related) {
      const ok = d.related.some(rel => ix.lineCol(rel.range.start).line === r.line && rel.message === r.text);
      if (!ok) problems.push(`${x.code} at line ${x.line}: no related "${r.text}" on line ${r.line} (has: ${d.related.map(rel => `${ix.lineCol(rel.range.start).line}: ${rel.message}`).join('; ')})`);
    }
    if (x.fix) {
      const fix = d.fix;
      if (!fix) problems.push(`${x.code} at line ${x.line}: expected a fix, got none`);
      else {
        const at = ix.lineCol(fix.range.start);
        if (at.line !== x.fix.line || at.column !== x.fix.column || fix.newText !== x.fix.text) {
          problems.push(`${x.code} at line ${x.line}: fix ${JSON.stringify(fix.newText)} at ${at.line}:${at.column}, expected ${JSON.stringify(x.fix.text)} at ${x.fix.line}:${x.fix.column}`);
        }
      }
    }
  }
  return problems;
}

describe('annotated verifier fixtures', () => {
  const seen = new Set<string>();

  it('has fixtures to check', () => {
    assert.ok(fixtures.length > 0);
  });

  for (const name of fixtures) {
    it(name, async () => {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      const expected = readExpected(text);
      assert.ok(expected.length > 0, `${name} has no annotations`);
      const fr = await compileFile(file);
      assert.deepEqual(fr.diagnostics.map(d => `${d.code}: ${d.message}`), [], 'the front end reports something');
      const diags = verifyModule(fr.module, { source: p => (p === file ? text : undefined) }).programs.flatMap(p => p.diagnostics);
      const ix = new LineIndex(text);
      const lines = text.split('\n');
      const problems = compareAnnotations(expected, diags.map(d => asWritten(d, ix, lines)));
      problems.push(...checkExtras(readExtras(text), diags, ix));
      for (const d of diags) seen.add(d.code);
      if (problems.length > 0) assert.fail(`${name}:\n  ${problems.join('\n  ')}`);
    });
  }

  it('document every code once: a paragraph, an example and its fix', () => {
    const codes = CHECKS.map(c => c.code);
    assert.equal(new Set(codes).size, codes.length, 'duplicate codes');
    for (const c of CHECKS) {
      assert.match(c.code, /^VERIFY_[A-Z_]+$/);
      assert.ok(c.doc.length > 80 && c.example.length > 0 && c.fixed.length > 0 && c.title.length > 0, `${c.code} is not documented`);
    }
  });

  it('cover every diagnostic code', () => {
    const missing = CHECKS.map(c => c.code).filter(c => !seen.has(c));
    assert.deepEqual(missing, [], 'codes without an annotated fixture');
  });
});
