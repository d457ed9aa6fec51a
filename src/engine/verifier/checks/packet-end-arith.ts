// Arithmetic on data_end: the kernel tracks packet_end only as the end marker, never as a base for offsets.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_PACKET_END_ARITH',
  severity: 'error',
  title: 'arithmetic on packet_end',
  doc:
    'data_end marks the end of the packet and may only be compared with packet pointers. Moving it ' +
    '(`data_end - 14`) is rejected by the kernel even though it reads naturally: compare `data + 14` with ' +
    'data_end instead.',
  kernel: 'R pointer arithmetic on pkt_end prohibited',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;

	if (data > data_end - 14)
		return XDP_DROP;
	return data[12] == 8 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;

	if (data + 14 > data_end)
		return XDP_DROP;
	return data[12] == 8 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(op: string): string {
  return `${op} on data_end is not allowed: compare data + n with data_end instead of moving data_end`;
}

export const KERNEL = 'R pointer arithmetic on pkt_end prohibited';
