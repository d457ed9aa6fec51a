// One shape for every finding of every stage. Ranges are UTF-16 offsets into the original file; line/column
// appear only at the edges (see source.ts).

export type Stage = 'preprocess' | 'parse' | 'type' | 'ir' | 'verify' | 'interp' | 'pcap' | 'cli';
export type Severity = 'error' | 'warning' | 'info';

/** A half-open span [start, end) of UTF-16 offsets in one source file (path as given to the engine). */
export interface Range {
  file: string;
  start: number;
  end: number;
}

export interface Related {
  range: Range;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  stage: Stage;
  range: Range;
  message: string;
  hint?: string;
  related?: Related[];
}

/** What every stage returns: its value plus what it found. Stages never throw for bad input. */
export interface StageResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some(d => d.severity === 'error');
}

export function diag(
  stage: Stage,
  severity: Severity,
  code: string,
  range: Range,
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = { code, severity, stage, range, message };
  if (hint !== undefined) d.hint = hint;
  return d;
}
