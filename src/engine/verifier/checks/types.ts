// The verifier's diagnostics: the engine's Diagnostic plus what the kernel would print, the causal path
// (where a pointer came from, the check that last proved its range) and, where the repair is mechanical, an edit.

import type { Diagnostic, Range, Related, Severity } from '../../diagnostics';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface VerifierDiagnostic extends Diagnostic {
  stage: 'verify';
  /** The Linux verifier's words for the same problem. */
  kernel: string;
  related: Related[];
  fix?: TextEdit;
}

/** What a diagnostic code means, for documentation: one paragraph, a minimal failing example and its fix. */
export interface CheckInfo {
  code: string;
  severity: Severity;
  title: string;
  doc: string;
  example: string;
  fixed: string;
}

export interface Extras {
  related?: Related[];
  hint?: string;
  fix?: TextEdit;
}

export function makeDiagnostic(info: CheckInfo, range: Range, message: string, kernel: string, extras: Extras = {}): VerifierDiagnostic {
  const d: VerifierDiagnostic = { code: info.code, severity: info.severity, stage: 'verify', range, message, kernel, related: extras.related ?? [] };
  if (extras.hint !== undefined) d.hint = extras.hint;
  if (extras.fix !== undefined) d.fix = extras.fix;
  return d;
}

/** "1 byte", "20 bytes". */
export function bytes(n: number | bigint): string {
  return `${n} byte${n === 1 || n === 1n ? '' : 's'}`;
}
