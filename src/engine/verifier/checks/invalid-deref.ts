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
  kernel: 'R invalid mem access \'pkt_end\'',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	unsigned char *data_end = (void *)(long)ctx->data_end;

	return data_end[0] ? XDP_PASS : XDP_DROP;
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

	if (data + 1 > data_end)
		return XDP_DROP;
	return data[0] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(access: 'read' | 'write', name: string | undefined, what: string): string {
  return `${access} through ${name ? `\`${name}\`` : 'an address'}, which is ${what}, not a pointer to checked memory`;
}

export function kernel(kind: string): string {
  return `R invalid mem access '${kind}'`;
}
