// Run-time violations. A fault is thrown inside the executor (memory checks, helpers, the step budget) and caught
// by runPacket, which turns it into the packet's error; it never leaves the interpreter.

import type { Range } from '../diagnostics';

export type FaultKind = 'memory' | 'budget' | 'helper' | 'call' | 'unreachable' | 'stopped' | 'internal';

export class RuntimeFault extends Error {
  /** Where it happened; filled in by the executor from the running instruction when the thrower cannot. */
  range?: Range;
  /** For a budget fault: the loop the program was spinning in. */
  loop?: Range;

  constructor(readonly kind: FaultKind, message: string) {
    super(message);
  }
}

export function fault(kind: FaultKind, message: string): never {
  throw new RuntimeFault(kind, message);
}

/** Thrown by bpf_tail_call to leave the running function; caught by the executor, never an error. */
export class TailCallSignal {
  constructor(readonly program: number) {}
}
