// Turns front-end results into what the CLI prints: gcc-style lines for people, one JSON document for tools.
// Offsets become line/column here and only here (through LineIndex).

import type { Diagnostic } from '../engine/diagnostics';
import type { FrontendResult } from '../engine/frontend';
import type { IrFunction, MapInfo, ProgramInfo } from '../engine/ir/ir';
import { LineIndex } from '../engine/source';

export interface JsonDiagnostic {
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
  /** Verifier findings: what the Linux verifier would print, and the causal path. */
  kernel?: string;
  related?: Array<{ file: string; line: number; column: number; message: string }>;
}

export interface ProgramReport {
  name: string;
  section: string;
  type: string;
  verdict: 'accept' | 'reject';
  diagnostics: JsonDiagnostic[];
}

export interface VerifyReport {
  file: string;
  diagnostics: JsonDiagnostic[];
  programs: ProgramReport[];
  maps: Array<{ name: string; type: string; typeId: number; keySize: number; valueSize: number; maxEntries: number; flags: number; style: string }>;
  license?: string;
}

export class Locator {
  private readonly texts = new Map<string, string>();
  private readonly indexes = new Map<string, LineIndex>();

  constructor(fr: { pp: { files: ReadonlyArray<{ path: string; text: string }> } }) {
    for (const f of fr.pp.files) this.texts.set(f.path, f.text);
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  /** Another text diagnostics may point into (a --maps JSON file). */
  addText(file: string, text: string): void {
    this.texts.set(file, text);
    this.indexes.delete(file);
  }

  private index(file: string): LineIndex | undefined {
    let ix = this.indexes.get(file);
    if (!ix) {
      const text = this.texts.get(file);
      if (text === undefined) return undefined;
      ix = new LineIndex(text);
      this.indexes.set(file, ix);
    }
    return ix;
  }

  toJson(d: Diagnostic & { kernel?: string }): JsonDiagnostic {
    const ix = this.index(d.range.file);
    const s = ix ? ix.lineCol(d.range.start) : { line: 1, column: 1 };
    const e = ix ? ix.lineCol(d.range.end) : s;
    const j: JsonDiagnostic = {
      code: d.code, severity: d.severity, stage: d.stage, file: d.range.file,
      line: s.line, column: s.column, endLine: e.line, endColumn: e.column, message: d.message,
    };
    if (d.hint) j.hint = d.hint;
    if (d.kernel) j.kernel = d.kernel;
    if (d.related && d.related.length > 0) {
      j.related = d.related.map(r => {
        const rix = this.index(r.range.file);
        const lc = rix ? rix.lineCol(r.range.start) : { line: 1, column: 1 };
        return { file: r.range.file, line: lc.line, column: lc.column, message: r.message };
      });
    }
    const text = this.texts.get(d.range.file);
    if (ix && text !== undefined) {
      const start = ix.lineStart(s.line);
      const nl = text.indexOf('\n', start);
      j.sourceLine = text.slice(start, nl < 0 ? text.length : nl);
    }
    return j;
  }
}

/** Functions reachable from a program through calls (its own code as the kernel would load it). */
function reachable(fns: readonly IrFunction[], root: string): IrFunction[] {
  const byName = new Map(fns.map(f => [f.name, f]));
  const seen = new Set<string>();
  const out: IrFunction[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const f = byName.get(n);
    if (!f) continue;
    out.push(f);
    for (const b of f.blocks) for (const i of b.insts) if (i.op === 'callfn') stack.push(i.fn);
  }
  return out;
}

/** The verifier's result per program, when it ran (it runs only on a file the front end accepted). */
export type Verdicts = ReadonlyArray<{ name: string; verdict: 'accept' | 'reject'; diagnostics: ReadonlyArray<Diagnostic & { kernel?: string }> }>;

export function buildReport(file: string, fr: FrontendResult, verdicts?: Verdicts): VerifyReport {
  const loc = new Locator(fr);
  const owned = new Set<Diagnostic>();
  const programs: ProgramReport[] = fr.module.programs.map((p: ProgramInfo) => {
    const fns = reachable(fr.module.functions, p.name);
    const mine = fr.diagnostics.filter(d => fns.some(f => f.range.file === d.range.file && d.range.start >= f.range.start && d.range.end <= f.range.end));
    for (const d of mine) owned.add(d);
    return { name: p.name, section: p.section, type: p.type, verdict: 'accept' as const, diagnostics: mine.map(d => loc.toJson(d)) };
  });
  const fileLevel = fr.diagnostics.filter(d => !owned.has(d));
  // Until the verifier runs, a program is rejected when the file would not compile.
  const anyError = fr.diagnostics.some(d => d.severity === 'error');
  for (const p of programs) if (anyError) p.verdict = 'reject';
  for (const v of verdicts ?? []) {
    const p = programs.find(x => x.name === v.name);
    if (!p) continue;
    p.verdict = v.verdict;
    p.diagnostics.push(...v.diagnostics.map(d => loc.toJson(d)));
  }
  const report: VerifyReport = {
    file,
    diagnostics: fileLevel.map(d => loc.toJson(d)),
    programs,
    maps: fr.module.maps.map((m: MapInfo) => ({
      name: m.name, type: m.typeName, typeId: m.type, keySize: m.keySize, valueSize: m.valueSize,
      maxEntries: m.maxEntries, flags: m.flags, style: m.style,
    })),
  };
  if (fr.module.license !== undefined) report.license = fr.module.license;
  return report;
}

export function formatText(r: VerifyReport): string {
  const out = formatDiagnostics([...r.diagnostics, ...r.programs.flatMap(p => p.diagnostics)]);
  out.push(`programs (${r.programs.length}):`);
  for (const p of r.programs) out.push(`  ${p.name}  section "${p.section}"  ${p.type}  ${p.verdict}`);
  out.push(`maps (${r.maps.length}):`);
  for (const m of r.maps) out.push(`  ${m.name}  ${m.type}  key ${m.keySize}  value ${m.valueSize}  max_entries ${m.maxEntries}${m.flags ? '  flags 0x' + m.flags.toString(16) : ''}`);
  if (r.license !== undefined) out.push(`license: ${r.license}`);
  return out.join('\n') + '\n';
}

/** gcc-style lines (location, severity, message, code), the source line with a caret, then notes. */
export function formatDiagnostics(list: readonly JsonDiagnostic[]): string[] {
  const out: string[] = [];
  const all = [...list];
  all.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  for (const d of all) {
    out.push(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
    if (d.sourceLine !== undefined) {
      out.push(' ' + d.sourceLine);
      const width = d.endLine === d.line ? Math.max(1, d.endColumn - d.column) : 1;
      // Keep the line's tabs in the padding so the caret lands under the token however tabs are shown.
      const pad = d.sourceLine.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
      out.push(' ' + pad + '^' + '~'.repeat(width - 1));
    }
    if (d.kernel) out.push(`  kernel: ${d.kernel}`);
    for (const r of d.related ?? []) out.push(`  ${r.file}:${r.line}:${r.column}: note: ${r.message}`);
    if (d.hint) out.push(`  hint: ${d.hint}`);
  }
  return out;
}
