// A write to read-only global data (.rodata).

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_READONLY_WRITE',
  severity: 'error',
  title: 'write to .rodata',
  doc:
    'const globals live in the .rodata map, which the loader freezes before the program is verified; the ' +
    'kernel rejects any store into it. Configuration set from user space belongs in `const volatile` globals ' +
    'that the program only reads; state that changes belongs in .data/.bss globals or maps.',
  kernel: 'write into map forbidden, value_size=4 off=0 size=4',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 limit = 10;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	*(volatile __u32 *)&limit = ctx->rx_queue_index;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u32 limit = 10;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	limit = ctx->rx_queue_index;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(name: string, size: number): string {
  return `write of ${bytes(size)} to \`${name}\`, which is read-only (.rodata)`;
}

export function kernel(valueSize: number, off: number, size: number): string {
  return `write into map forbidden, value_size=${valueSize} off=${off} size=${size}`;
}
