// The output text and its map back to the sources, built together. The map is a list of runs sorted by output
// offset: a copy run maps offset-for-offset into one file; a fixed run (a macro expansion, a blanked directive)
// maps every offset in it to one source range. Lookups are binary searches.

import type { Range } from '../diagnostics';
import type { SourceMap } from './types';

/** An OutputBuilder's content, to continue writing after it in a later run (see checkpoint.ts). */
export interface OutputState {
  text: string;
  runOut: number[];
  runFile: number[];
  runA: number[];
  runB: number[];
  runCopy: boolean[];
  lastChar: number;
}

export class OutputBuilder {
  private readonly parts: string[] = [];
  private len = 0;
  // The copy being accumulated: consecutive copies from one file become one slice.
  private pFile = -1;
  private pText = '';
  private pS = 0;
  private pE = 0;
  private readonly runOut: number[] = [];
  private readonly runFile: number[] = [];
  private readonly runA: number[] = [];
  private readonly runB: number[] = [];
  private readonly runCopy: boolean[] = [];
  /** Code of the last character written (a newline at the start). */
  lastChar = 10;

  get length(): number {
    return this.len;
  }

  /** Appends cleaned[s, e) of file `file`, mapped offset-for-offset. */
  copy(file: number, cleaned: string, s: number, e: number): void {
    if (e <= s) return;
    this.lastChar = cleaned.charCodeAt(e - 1);
    if (this.pFile === file && this.pE === s && this.pText === cleaned) {
      this.pE = e;
      this.len += e - s;
      return;
    }
    this.flush();
    this.addRun(true, file, s, s);
    this.pFile = file;
    this.pText = cleaned;
    this.pS = s;
    this.pE = e;
    this.len += e - s;
  }

  /** Appends text that maps as a whole to [a, b) of file `file`. */
  fixed(text: string, file: number, a: number, b: number): void {
    if (text.length === 0) return;
    this.flush();
    this.parts.push(text);
    this.addRun(false, file, a, b);
    this.len += text.length;
    this.lastChar = text.charCodeAt(text.length - 1);
  }

  /** A copy of what was written so far; writing may go on. */
  save(): OutputState {
    this.flush();
    const text = this.parts.join('');
    this.parts.length = 0;
    this.parts.push(text);
    return {
      text, runOut: this.runOut.slice(), runFile: this.runFile.slice(), runA: this.runA.slice(),
      runB: this.runB.slice(), runCopy: this.runCopy.slice(), lastChar: this.lastChar,
    };
  }

  /** Starts from a saved state (on a fresh builder). */
  load(s: OutputState): void {
    this.parts.push(s.text);
    this.len = s.text.length;
    // Loops, not push(...x): a large unit has more runs than a call may take arguments.
    for (let i = 0; i < s.runOut.length; i++) {
      this.runOut.push(s.runOut[i]);
      this.runFile.push(s.runFile[i]);
      this.runA.push(s.runA[i]);
      this.runB.push(s.runB[i]);
      this.runCopy.push(s.runCopy[i]);
    }
    this.lastChar = s.lastChar;
  }

  private flush(): void {
    if (this.pFile < 0) return;
    this.parts.push(this.pText.slice(this.pS, this.pE));
    this.pFile = -1;
  }

  private addRun(copy: boolean, file: number, a: number, b: number): void {
    const n = this.runOut.length - 1;
    if (n >= 0 && this.runFile[n] === file && this.runCopy[n] === copy) {
      if (copy && this.runA[n] + (this.len - this.runOut[n]) === a) return;
      if (!copy && this.runA[n] === a && this.runB[n] === b) return;
    }
    if (n >= 0 && this.runOut[n] === this.len) {
      this.runFile[n] = file;
      this.runA[n] = a;
      this.runB[n] = b;
      this.runCopy[n] = copy;
      return;
    }
    this.runOut.push(this.len);
    this.runFile.push(file);
    this.runA.push(a);
    this.runB.push(b);
    this.runCopy.push(copy);
  }

  finish(files: readonly string[], mainFile: string): { text: string; map: RunSourceMap } {
    this.flush();
    const text = this.parts.join('');
    const map = new RunSourceMap(
      this.runOut, this.runFile, this.runA, this.runB, this.runCopy, files, mainFile, text.length,
    );
    return { text, map };
  }
}

export class RunSourceMap implements SourceMap {
  constructor(
    private readonly out: readonly number[],
    private readonly file: readonly number[],
    private readonly a: readonly number[],
    private readonly b: readonly number[],
    private readonly copy: readonly boolean[],
    private readonly files: readonly string[],
    readonly mainFile: string,
    private readonly length: number,
  ) {}

  /** Number of runs (for tests and benchmarks). */
  get runCount(): number {
    return this.out.length;
  }

  private runAt(offset: number): number {
    const out = this.out;
    let lo = 0;
    let hi = out.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (out[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Source offset of an output offset inside run r (its start for a fixed run). */
  private startIn(r: number, offset: number): number {
    return this.copy[r] ? this.a[r] + (offset - this.out[r]) : this.a[r];
  }

  /** Source offset just after output offset-1 inside run r (its end for a fixed run). */
  private endIn(r: number, offset: number): number {
    return this.copy[r] ? this.a[r] + (offset - this.out[r]) : this.b[r];
  }

  private runEnd(r: number): number {
    const next = r + 1 < this.out.length ? this.out[r + 1] : this.length;
    return this.endIn(r, next);
  }

  toSource(start: number, end: number): Range {
    if (this.out.length === 0) return { file: this.mainFile, start: 0, end: 0 };
    const s = Math.max(0, Math.min(start, this.length));
    const e = Math.max(s, Math.min(end, this.length));
    const rs = this.runAt(s);
    const file = this.files[this.file[rs]];
    const from = this.startIn(rs, s);
    if (e === s) return { file, start: from, end: this.copy[rs] ? from : this.b[rs] };
    const re = this.runAt(e - 1);
    if (re === rs) return { file, start: from, end: this.endIn(rs, e) };
    const to = this.endIn(re, e);
    if (this.file[re] === this.file[rs] && to >= from) return { file, start: from, end: to };
    return { file, start: from, end: Math.max(from, this.runEnd(rs)) };
  }
}
