// A loop the verifier cannot prove ends within the kernel's budget.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_UNBOUNDED_LOOP',
  severity: 'error',
  title: 'loop not proven to terminate',
  doc:
    'The kernel verifies loops by walking every iteration, within a budget of one million instructions and ' +
    '8192 pending branches. A loop whose exit test compares with a value that has no bound on this path ' +
    '(a length read from the packet, a value from a map) may run forever as far as the verifier can tell; a ' +
    'loop whose state repeats exactly never ends. Give the loop a constant upper bound as well ' +
    '(`for (i = 0; i < n && i < 64; i++)`), or use bpf_loop().',
  example: 'for (i = 0; i < n; i++) sum += i; /* n read from a map */',
  fixed: 'for (i = 0; i < n && i < 64; i++) sum += i;',
};

export function boundMessage(test: string | undefined, bound: string | undefined): string {
  if (test && bound) return `this loop is not proven to end: its exit test \`${test}\` compares with ${bound}`;
  return 'this loop is not proven to end within the kernel\'s budget of 1,000,000 instructions';
}

export const INFINITE_MESSAGE = 'this loop never ends: the state at its start repeats exactly, or no path leaves it';

export function kernel(reason: 'budget' | 'jumps' | 'infinite'): string {
  if (reason === 'infinite') return 'infinite loop detected at insn N';
  if (reason === 'jumps') return 'The sequence of 8193 jumps is too complex.';
  return 'BPF program is too large. Processed 1000001 insn';
}
