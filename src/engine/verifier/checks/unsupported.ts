// Constructs the verifier does not model.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_UNSUPPORTED',
  severity: 'info',
  title: 'construct not modelled by the verifier',
  doc:
    'Inline assembly, calls to functions without a body and helpers outside XDP Lab\'s tables are not ' +
    'analysed: the verifier assumes they change nothing it tracks and return an unknown number. The kernel ' +
    'checks them for real, so a program that passes here may still be rejected at load time.',
  kernel: 'checked by the kernel instruction by instruction',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	asm volatile("r0 = 0" ::: "r0");
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(what: string): string {
  return `${what} is not modelled: the verifier assumes it changes nothing and returns an unknown value`;
}
