// A packet pointer used after a helper that may move the packet data.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_STALE_PACKET_POINTER',
  severity: 'error',
  title: 'packet pointer used after it was invalidated',
  doc:
    'Helpers that may move or resize packet data (bpf_xdp_adjust_head/tail/meta, bpf_skb_adjust_room, ' +
    'bpf_skb_change_*, bpf_skb_pull_data, bpf_skb_store_bytes, bpf_l3/l4_csum_replace, …) invalidate every ' +
    'packet pointer the program holds, including data_end and pointers saved on the stack. Reload data and ' +
    'data_end from ctx after the call and check the bounds again.',
  example: 'bpf_xdp_adjust_head(ctx, 4);\nreturn eth->h_proto;',
  fixed: 'bpf_xdp_adjust_head(ctx, 4);\ndata = (void *)(long)ctx->data;\ndata_end = (void *)(long)ctx->data_end;\neth = data;\nif ((void *)(eth + 1) > data_end) return XDP_DROP;\nreturn eth->h_proto;',
};

export function message(name: string | undefined, what: string, by: string, line: number): string {
  const who = name ? `\`${name}\`` : 'this pointer';
  return `${who} is a ${what} pointer from before ${by} (line ${line}), which invalidates all packet pointers: reload it from ctx and check it again`;
}

export const KERNEL = "R invalid mem access 'scalar'";
