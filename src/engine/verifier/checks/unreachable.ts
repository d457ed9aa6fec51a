// Code no path reaches.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_UNREACHABLE',
  severity: 'warning',
  title: 'unreachable code',
  doc:
    'The verifier found no path that reaches this code: the conditions before it always decide the other way ' +
    '(for example a check repeated after a stronger one). The kernel skips such code; it is often a sign that a ' +
    'condition is not what was meant.',
  example: 'if (len > 100) return XDP_DROP;\nif (len > 200) return XDP_ABORTED; /* never */',
  fixed: 'if (len > 200) return XDP_ABORTED;\nif (len > 100) return XDP_DROP;',
};

export const MESSAGE = 'this code is never reached: the conditions before it always decide the other way';
export const KERNEL = 'dead code: the kernel does not verify it';
