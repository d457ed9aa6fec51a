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

/**
 * What a diagnostic code means, for documentation (docs/diagnostics.md is generated from these): one paragraph,
 * what the kernel prints for the example's mistake, a minimal complete program that makes the mistake, and the
 * same program fixed. Tests compile both: the example must produce the code (with exactly this kernel wording)
 * and the fix must be accepted without it; where the kernel is at hand, it must agree.
 */
export interface CheckInfo {
  code: string;
  severity: Severity;
  title: string;
  doc: string;
  kernel: string;
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
