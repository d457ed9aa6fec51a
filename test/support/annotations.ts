// Annotated fixtures: a comment line `//   ^^^^ error[CODE]: text` marks the span on the line above it (the
// carets' columns) and the diagnostic expected there. `// ~~~ warning[CODE]` is accepted too (no text check).

export interface Expected {
  line: number; // 1-based line of the code the carets point at
  column: number; // 1-based
  endColumn: number; // exclusive, 1-based
  severity: string;
  code: string;
  text?: string;
}

const ANNOT = /^(\s*)\/\/(\s*)(\^+)\s+(error|warning|info)\[([A-Z0-9_]+)\](?::\s*(.*))?$/;

export function readAnnotations(source: string): Expected[] {
  const lines = source.split('\n');
  const out: Expected[] = [];
  let target = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = ANNOT.exec(lines[i]);
    if (!m) {
      target = i + 1;
      continue;
    }
    // The carets sit under the code: their column in this comment line is the code's column.
    const caretCol = m[1].length + 2 + m[2].length + 1;
    out.push({
      line: target,
      column: caretCol,
      endColumn: caretCol + m[3].length,
      severity: m[4],
      code: m[5],
      text: m[6]?.trim() || undefined,
    });
  }
  return out;
}

export interface Actual {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** Compares and returns a readable list of differences (empty when they match). */
export function compareAnnotations(expected: Expected[], actual: Actual[]): string[] {
  const problems: string[] = [];
  const left = [...actual];
  for (const e of expected) {
    const i = left.findIndex(a => a.line === e.line && a.column === e.column && a.code === e.code && a.severity === e.severity);
    if (i < 0) {
      problems.push(`missing ${e.severity}[${e.code}] at ${e.line}:${e.column}`);
      continue;
    }
    const a = left.splice(i, 1)[0];
    if (a.endLine === e.line && a.endColumn !== e.endColumn) problems.push(`${e.code} at ${e.line}:${e.column}: span ends at column ${a.endColumn}, expected ${e.endColumn}`);
    if (e.text && a.message !== e.text) problems.push(`${e.code} at ${e.line}:${e.column}: message "${a.message}", expected "${e.text}"`);
  }
  for (const a of left) problems.push(`unexpected ${a.severity}[${a.code}] at ${a.line}:${a.column}: ${a.message}`);
  return problems;
}
