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
  kernel: 'clang: Looks like the BPF stack limit of 512 bytes is exceeded',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	char buf[600];

	__builtin_memset(buf, 0, sizeof(buf));
	return bpf_csum_diff(0, 0, (void *)buf, sizeof(buf), 0) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct scratch {
	char buf[600];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct scratch *s = bpf_map_lookup_elem(&scratch, &zero);

	if (!s)
		return XDP_PASS;
	__builtin_memset(s->buf, 0, sizeof(s->buf));
	return bpf_csum_diff(0, 0, (void *)s->buf, sizeof(s->buf), 0) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
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
