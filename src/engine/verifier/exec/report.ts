// Reporting a finding at the instruction being executed, with the call chain appended to its causal path.

import { CheckInfo, Extras, makeDiagnostic } from '../checks/types';
import { callChain, type Exec } from './env';

/** Reports and returns undefined, so checks can `return fail(...)`. */
export function fail(x: Exec, info: CheckInfo, message: string, kernel: string, extras: Extras = {}): undefined {
  x.env.report(makeDiagnostic(info, x.loc, message, kernel, { ...extras, related: [...(extras.related ?? []), ...callChain(x.st)] }));
  return undefined;
}
