// The program needs more verification work than the kernel allows, outside any single loop.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_TOO_COMPLEX',
  severity: 'error',
  title: 'program too complex to verify',
  doc:
    'The kernel explores every path through a program and gives up after one million instructions or 8192 ' +
    'branches pending at once. Long chains of independent conditions multiply the paths. Split the program ' +
    'with tail calls, move repeated code into a non-inlined function, or make states converge (fewer ' +
    'distinct values live across branches).',
  example: '/* 30 independent if-statements, each setting a different flag used later */',
  fixed: '/* fold the flags into one bitmask and test it once */',
};

export function message(steps: number): string {
  return `verification needs more than ${steps.toLocaleString('en-US')} steps, the kernel's budget`;
}
