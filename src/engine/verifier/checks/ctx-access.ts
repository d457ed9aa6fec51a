// A context field read or written where the program type does not allow it, or at the wrong size; the same for
// the socket structures lookups return (struct bpf_sock, struct bpf_tcp_sock), which the kernel checks alike.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_CTX_ACCESS',
  severity: 'error',
  title: 'context field not accessible',
  doc:
    'The context (struct xdp_md, struct __sk_buff) is not memory: the kernel rewrites each field access, and ' +
    'only fields the program type exposes may be read, at their own size (data, data_end and data_meta as ' +
    '32-bit loads), and only a few may be written (for TC: mark, priority, tc_index, cb[], tc_classid, ' +
    'queue_mapping, tstamp). XDP programs cannot write the context at all. Sockets from bpf_sk_lookup_tcp() ' +
    'and friends follow the same rules: struct bpf_sock fields are read-only, most at 4 bytes.',
  kernel: 'invalid bpf_context access off=16 size=4',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	ctx->rx_queue_index = 0;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return ctx->rx_queue_index == 0 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(access: 'read' | 'write', size: number, off: number, why: string): string {
  return `${access} of ${bytes(size)} at ctx offset ${off} is not allowed: ${why}`;
}

export function sockMessage(access: 'read' | 'write', size: number, off: number, why: string): string {
  return `${access} of ${bytes(size)} at socket offset ${off} is not allowed: ${why}`;
}

export function kernel(off: number, size: number): string {
  return `invalid bpf_context access off=${off} size=${size}`;
}
