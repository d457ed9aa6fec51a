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
  kernel: 'dead code: the kernel does not verify it',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	if (len > 100)
		return XDP_DROP;
	if (len > 200)
		return XDP_ABORTED;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	if (len > 200)
		return XDP_ABORTED;
	if (len > 100)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export const MESSAGE = 'this code is never reached: the conditions before it always decide the other way';
export const KERNEL = 'dead code: the kernel does not verify it';
