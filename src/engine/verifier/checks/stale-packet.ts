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
  kernel: 'R invalid mem access \'scalar\'',
  example: `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_DROP;
	return eth->h_proto == 8 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data_end;
	struct ethhdr *eth;

	if (bpf_xdp_adjust_head(ctx, 4))
		return XDP_DROP;
	data_end = (void *)(long)ctx->data_end;
	eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	return eth->h_proto == 8 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(name: string | undefined, what: string, by: string, line: number): string {
  const who = name ? `\`${name}\`` : 'this pointer';
  return `${who} is a ${what} pointer from before ${by} (line ${line}), which invalidates all packet pointers: reload it from ctx and check it again`;
}

export const KERNEL = "R invalid mem access 'scalar'";
