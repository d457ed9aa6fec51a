// A stack access outside the 512-byte frame.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_STACK_BOUNDS',
  severity: 'error',
  title: 'stack access outside the frame',
  doc:
    'Stack pointers may only reach the 512 bytes below their frame pointer, at offsets known on this path. ' +
    'Indexing a local array with an unchecked value, or walking a pointer past the end of a local, leaves the ' +
    'frame.',
  example: 'char buf[16];\nbuf[i] = 0; /* i unchecked */',
  fixed: 'char buf[16];\nif (i < sizeof(buf))\n\tbuf[i] = 0;',
};

export function message(access: 'read' | 'write', size: number, lo: number, hi: number): string {
  const at = lo === hi ? `fp${lo}` : `fp[${lo}, ${hi}]`;
  return `${access} of ${bytes(size)} at ${at} is outside the 512-byte stack frame`;
}

export function kernel(access: 'read' | 'write', off: number, size: number): string {
  return `invalid ${access} to stack R off=${off} size=${size}`;
}
