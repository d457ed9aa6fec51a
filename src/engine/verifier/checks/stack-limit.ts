// More than 512 bytes of stack in one frame or summed over a chain of calls.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_STACK_LIMIT',
  severity: 'error',
  title: 'stack over 512 bytes',
  doc:
    'A BPF program has 512 bytes of stack. clang refuses a single function whose frame is larger, and the ' +
    'kernel adds up the frames of every call chain (functions clang did not inline) and rejects a chain above ' +
    '512. Large buffers belong in a per-CPU array map.',
  example: 'char buf[600];',
  fixed: '__u32 zero = 0;\nchar *buf = bpf_map_lookup_elem(&scratch, &zero); /* PERCPU_ARRAY with a 600-byte value */',
};

export function frameMessage(fn: string, size: number): string {
  return `\`${fn}\` needs ${size} bytes of stack, over the 512-byte limit`;
}

export const FRAME_KERNEL = 'clang: Looks like the BPF stack limit of 512 bytes is exceeded';

export function chainMessage(chain: string[], total: number): string {
  return `the call chain ${chain.join(' → ')} needs ${total} bytes of stack, over the 512-byte limit`;
}

export function chainKernel(calls: number, total: number): string {
  return `combined stack size of ${calls} calls is ${total}. Too large`;
}
