// Live front-end diagnostics for C files that look like BPF programs, updated as the user types.

import * as path from 'path';
import * as vscode from 'vscode';
import type { Diagnostic as EngineDiagnostic } from '../engine/diagnostics';
import { runFrontend, FrontendResult } from '../engine/frontend';
import type { CParser } from '../engine/parse/treesitter';
import { LineIndex } from '../engine/source';
import { nodeIncludeHost } from '../host/node-include-host';

const DEBOUNCE_MS = 250;

export function isBpfSource(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'c' && /\bSEC\s*\(|<linux\/bpf\.h>|vmlinux\.h/.test(doc.getText());
}

export class LiveDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('xdp-lab');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly parser: CParser) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(d => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument(e => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument(d => this.collection.delete(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isBpfSource(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.check(doc), DEBOUNCE_MS));
  }

  /** Runs the front end on the document's current text and publishes what it found; returns the result. */
  check(doc: vscode.TextDocument): FrontendResult {
    const includeDirs = vscode.workspace.getConfiguration('xdpLab').get<string[]>('includePaths', []);
    const fr = runFrontend(this.parser, {
      file: doc.uri.fsPath,
      text: doc.getText(),
      host: nodeIncludeHost(),
      includeDirs: includeDirs.map(d => path.resolve(path.dirname(doc.uri.fsPath), d)),
    });
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const texts = new Map(fr.pp.files.map(f => [f.path, f.text]));
    for (const d of fr.diagnostics) {
      if (d.range.file.startsWith('<builtin>')) continue;
      const list = byFile.get(d.range.file) ?? [];
      list.push(toVscode(d, d.range.file === doc.uri.fsPath ? doc : undefined, texts.get(d.range.file) ?? ''));
      byFile.set(d.range.file, list);
    }
    this.collection.set(doc.uri, byFile.get(doc.uri.fsPath) ?? []);
    return fr;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}

function toVscode(d: EngineDiagnostic, doc: vscode.TextDocument | undefined, text: string): vscode.Diagnostic {
  let range: vscode.Range;
  if (doc) range = new vscode.Range(doc.positionAt(d.range.start), doc.positionAt(d.range.end));
  else {
    const ix = new LineIndex(text);
    const s = ix.lineCol(d.range.start);
    const e = ix.lineCol(d.range.end);
    range = new vscode.Range(s.line - 1, s.column - 1, e.line - 1, e.column - 1);
  }
  const sev = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const out = new vscode.Diagnostic(range, d.hint ? `${d.message}\n${d.hint}` : d.message, sev);
  out.code = d.code;
  out.source = 'xdp-lab';
  return out;
}
