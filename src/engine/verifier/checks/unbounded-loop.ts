// A loop the verifier cannot prove ends within the kernel's budget.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_UNBOUNDED_LOOP',
  severity: 'error',
  title: 'loop not proven to terminate',
  doc:
    'The kernel verifies loops by walking every iteration, within a budget of one million instructions and ' +
    '8192 pending branches. A loop whose exit test compares with a value that has no bound on this path ' +
    '(a length read from the packet, a value from a map) may run forever as far as the verifier can tell; a ' +
    'loop whose state repeats exactly never ends (the kernel notices at once: a counter that is never ' +
    'incremented, as in the example). Give the loop a constant upper bound as well ' +
    '(`for (i = 0; i < n && i < 64; i++)`), or use bpf_loop().',
  kernel: 'infinite loop detected at insn N',
  example: `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

__u64 mac_bytes;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;
	__u32 i = 0;

	if (data + ETH_ALEN > data_end)
		return XDP_DROP;
	while (i < ETH_ALEN)
		__sync_fetch_and_add(&mac_bytes, data[i]);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

__u64 mac_bytes;

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;
	__u32 i = 0;

	if (data + ETH_ALEN > data_end)
		return XDP_DROP;
	while (i < ETH_ALEN) {
		__sync_fetch_and_add(&mac_bytes, data[i]);
		i++;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function boundMessage(test: string | undefined, bound: string | undefined): string {
  if (test && bound) return `this loop is not proven to end: its exit test \`${test}\` compares with ${bound}`;
  return 'this loop is not proven to end within the kernel\'s budget of 1,000,000 instructions';
}

export const INFINITE_MESSAGE = 'this loop never ends: the state at its start repeats exactly, or no path leaves it';

export function kernel(reason: 'budget' | 'jumps' | 'infinite'): string {
  if (reason === 'infinite') return 'infinite loop detected at insn N';
  if (reason === 'jumps') return 'The sequence of 8193 jumps is too complex.';
  return 'BPF program is too large. Processed 1000001 insn';
}
