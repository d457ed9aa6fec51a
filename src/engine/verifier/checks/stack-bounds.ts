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
  kernel: 'invalid unbounded variable-offset write to stack R',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	char buf[16] = {};
	__u32 i = ctx->rx_queue_index;

	buf[i] = 1;
	return buf[0] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	char buf[16] = {};
	__u32 i = ctx->rx_queue_index;

	if (i < sizeof(buf))
		buf[i] = 1;
	return buf[0] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(access: 'read' | 'write', size: number, lo: number, hi: number): string {
  const at = lo === hi ? `fp${lo}` : `fp[${lo}, ${hi}]`;
  return `${access} of ${bytes(size)} at ${at} is outside the 512-byte stack frame`;
}

/** A variable index with no usable bound: the access could land anywhere. */
export function unboundedMessage(access: 'read' | 'write', size: number, name: string | undefined): string {
  const what = name ? `\`${name}\`` : 'the pointer';
  return `${access} of ${bytes(size)} through ${what} at a variable stack offset with no bound: check the index against the array's size first`;
}

export function unboundedKernel(access: 'read' | 'write'): string {
  return `invalid unbounded variable-offset ${access} to stack R`;
}

export function kernel(access: 'read' | 'write', off: number, size: number): string {
  return `invalid ${access} to stack R off=${off} size=${size}`;
}
