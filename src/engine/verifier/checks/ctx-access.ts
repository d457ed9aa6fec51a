// A context field read or written where the program type does not allow it, or at the wrong size.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_CTX_ACCESS',
  severity: 'error',
  title: 'context field not accessible',
  doc:
    'The context (struct xdp_md, struct __sk_buff) is not memory: the kernel rewrites each field access, and ' +
    'only fields the program type exposes may be read, at their own size (data, data_end and data_meta as ' +
    '32-bit loads), and only a few may be written (for TC: mark, priority, tc_index, cb[], tc_classid, ' +
    'queue_mapping, tstamp). XDP programs cannot write the context at all.',
  example: 'ctx->rx_queue_index = 0;',
  fixed: '/* XDP cannot change rx_queue_index; redirect with bpf_redirect_map() instead */',
};

export function message(access: 'read' | 'write', size: number, off: number, why: string): string {
  return `${access} of ${bytes(size)} at ctx offset ${off} is not allowed: ${why}`;
}

export function kernel(off: number, size: number): string {
  return `invalid bpf_context access off=${off} size=${size}`;
}
