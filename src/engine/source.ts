// The one place where offsets become lines and columns (1-based), for the CLI, JSON output and the editor.

export interface LineCol {
  line: number;
  column: number;
}

/** Offsets of the start of every line of a text; built once per file, then each lookup is a binary search. */
export class LineIndex {
  private readonly starts: number[];

  constructor(text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of a UTF-16 offset. */
  lineCol(offset: number): LineCol {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - s[lo] + 1 };
  }

  /** Offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    const start = this.starts[Math.min(Math.max(line - 1, 0), this.starts.length - 1)];
    return start + column - 1;
  }

  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line - 1, 0), this.starts.length - 1)];
  }
}
