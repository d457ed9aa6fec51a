// Runs the real front end on in-memory sources (or fixture files) for tests.
import * as path from 'path';
import * as fs from 'fs';
import { runFrontend, FrontendResult } from '../../src/engine/frontend';
import { loadCParser, CParser } from '../../src/engine/parse/treesitter';
import type { IncludeHost } from '../../src/engine/preprocess/types';
import { nodeIncludeHost } from '../../src/host/node-include-host';
import { LineIndex } from '../../src/engine/source';
import type { Actual } from './annotations';

let parser: Promise<CParser> | undefined;
export function testParser(): Promise<CParser> {
  parser ??= loadCParser();
  return parser;
}

export function memoryHost(files: Record<string, string>): IncludeHost {
  return {
    readFile: p => files[p],
    dirname: p => path.posix.dirname(p),
    join: (d, n) => path.posix.join(d, n),
  };
}

export async function compileText(text: string, file = '/src/t.c', extra: Record<string, string> = {}): Promise<FrontendResult> {
  const p = await testParser();
  return runFrontend(p, { file, text, host: memoryHost({ [file]: text, ...extra }) });
}

export async function compileFile(file: string, includeDirs: string[] = []): Promise<FrontendResult> {
  const p = await testParser();
  return runFrontend(p, { file, text: fs.readFileSync(file, 'utf8'), host: nodeIncludeHost(), includeDirs });
}

/** Diagnostics of the main file as line/column records, for annotation checks. */
export function actualDiagnostics(fr: FrontendResult, file: string): Actual[] {
  const text = fr.pp.files.find(f => f.path === file)?.text ?? '';
  const ix = new LineIndex(text);
  return fr.diagnostics
    .filter(d => d.range.file === file)
    .map(d => {
      const s = ix.lineCol(d.range.start);
      const e = ix.lineCol(d.range.end);
      return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column, severity: d.severity, code: d.code, message: d.message };
    });
}

export function errorsOf(fr: FrontendResult): string[] {
  return fr.diagnostics.filter(d => d.severity === 'error').map(d => `${d.range.file}:${d.range.start}: ${d.code}: ${d.message}`);
}
