// Annotated diagnostic fixtures: every test/fixtures/diagnostics/*.c goes through the real front end and must
// produce exactly the diagnostics its `//   ^^^ error[CODE]: text` comments describe, no more and no fewer.
//
// Two caret conventions on top of compareAnnotations, so that every span can be written down:
//  - an insertion point (an empty span, like a missing ';') is written as one caret at that column;
//  - a span that runs past the end of its first line is written as carets to the end of that line.
// Carets cannot reach columns 1 and 2 (the `//` is there), so fixtures indent code that is reported there.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compareAnnotations, readAnnotations, type Actual } from '../support/annotations';
import { actualDiagnostics, compileFile } from '../support/frontend';

const dir = path.join(__dirname, '..', 'fixtures', 'diagnostics');

/** The actual diagnostic as an annotation would write it (see the conventions above). */
function asWritten(a: Actual, lines: readonly string[]): Actual {
  if (a.endLine === a.line && a.endColumn === a.column) return { ...a, endColumn: a.column + 1 };
  if (a.endLine > a.line) return { ...a, endLine: a.line, endColumn: (lines[a.line - 1] ?? '').length + 1 };
  return a;
}

/** Says where a span that was folded onto its first line really ends, so a too-long span reads as one. */
function explain(problem: string, actual: readonly Actual[]): string {
  const m = /^(\w+) at (\d+):(\d+): span ends/.exec(problem);
  if (!m) return problem;
  const a = actual.find(x => x.code === m[1] && x.line === Number(m[2]) && x.column === Number(m[3]) && x.endLine > x.line);
  return a ? `${problem} (the span runs on to ${a.endLine}:${a.endColumn})` : problem;
}

describe('annotated diagnostic fixtures', () => {
  const fixtures = fs.readdirSync(dir).filter(f => f.endsWith('.c')).sort();

  it('has fixtures to check', () => {
    assert.ok(fixtures.length > 0, `no .c files in ${dir}`);
  });

  for (const name of fixtures) {
    it(name, async () => {
      const file = path.join(dir, name);
      const text = fs.readFileSync(file, 'utf8');
      const expected = readAnnotations(text);
      assert.ok(expected.length > 0, `${name} has no annotations: a fixture must say what it expects`);
      const fr = await compileFile(file);
      const lines = text.split('\n');
      const actual = actualDiagnostics(fr, file);
      const problems = compareAnnotations(expected, actual.map(a => asWritten(a, lines))).map(p => explain(p, actual));
      // Diagnostics inside headers cannot be annotated here; none of these fixtures should cause any.
      for (const d of fr.diagnostics.filter(x => x.range.file !== file)) {
        problems.push(`unexpected ${d.severity}[${d.code}] in ${d.range.file}: ${d.message}`);
      }
      if (problems.length > 0) assert.fail(`${name}:\n  ${problems.join('\n  ')}`);
    });
  }
});
