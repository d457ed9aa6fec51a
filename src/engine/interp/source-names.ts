// Turns ranges into "file.c:12:5" for run-time messages, using the texts the front end read (FrontendResult's
// pp.files). Without the text of a file, the offset is named instead.

import type { Range } from '../diagnostics';
import { LineIndex } from '../source';

export interface SourceFile {
  path: string;
  text: string;
}

export class SourceNames {
  private readonly texts = new Map<string, string>();
  private readonly indexes = new Map<string, LineIndex>();

  constructor(files: readonly SourceFile[] = []) {
    for (const f of files) this.texts.set(f.path, f.text);
  }

  /** "file.c:12:5", with the file's base name only. */
  at(r: Range | undefined): string {
    if (!r) return '?';
    const base = r.file.slice(r.file.lastIndexOf('/') + 1);
    const ix = this.index(r.file);
    if (!ix) return `${base}@${r.start}`;
    const { line, column } = ix.lineCol(r.start);
    return `${base}:${line}:${column}`;
  }

  /** "file.c:12", for loops and functions. */
  line(r: Range | undefined): string {
    if (!r) return '?';
    const base = r.file.slice(r.file.lastIndexOf('/') + 1);
    const ix = this.index(r.file);
    return ix ? `${base}:${ix.lineCol(r.start).line}` : `${base}@${r.start}`;
  }

  private index(file: string): LineIndex | undefined {
    let ix = this.indexes.get(file);
    if (ix) return ix;
    const text = this.texts.get(file);
    if (text === undefined) return undefined;
    ix = new LineIndex(text);
    this.indexes.set(file, ix);
    return ix;
  }
}
