// A load or store through something that is not a pointer to memory the kernel can check.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_INVALID_DEREF',
  severity: 'error',
  title: 'dereference of a non-pointer',
  doc:
    'Loads and stores must go through a pointer the kernel tracks: the context, the packet (between data and ' +
    'data_end), the stack, a map value or a global. A number cast to a pointer, data_end itself or a map ' +
    '(rather than a value looked up in it) cannot be dereferenced.',
  example: 'struct ethhdr *eth = (void *)(long)ctx->rx_queue_index;\nreturn eth->h_proto;',
  fixed: 'struct ethhdr *eth = (void *)(long)ctx->data;\nif ((void *)(eth + 1) > data_end) return XDP_DROP;\nreturn eth->h_proto;',
};

export function message(access: 'read' | 'write', name: string | undefined, what: string): string {
  return `${access} through ${name ? `\`${name}\`` : 'an address'}, which is ${what}, not a pointer to checked memory`;
}

export function kernel(kind: string): string {
  return `R invalid mem access '${kind}'`;
}
