// Arithmetic the kernel refuses on pointers.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_POINTER_ARITH',
  severity: 'error',
  title: 'forbidden pointer arithmetic',
  doc:
    'Pointers may only move by adding or subtracting a number whose bounds are known: the kernel rejects ' +
    'bitwise operations and multiplication on pointers, 32-bit arithmetic on them, and adding a value that ' +
    'has no lower bound (a signed value never checked), since the result could point anywhere.',
  kernel: 'value -2147483648 makes pkt pointer be out of bounds',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *data_end = (void *)(long)ctx->data_end;
	unsigned char *p = data + (int)ctx->rx_queue_index;

	if (p + 1 > data_end)
		return XDP_DROP;
	return p[0] ? XDP_PASS : XDP_DROP;
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
	unsigned char *p = data + (ctx->rx_queue_index & 0xff);

	if (p + 1 > data_end)
		return XDP_DROP;
	return p[0] ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function opMessage(op: string, what: string): string {
  return `${op} on a ${what} pointer is not allowed`;
}

export function opKernel(op: string): string {
  if (op === '&' || op === '|' || op === '^') return `R bitwise operator ${op}= on pointer prohibited`;
  return `R pointer arithmetic with ${op}= operator prohibited`;
}

export function unboundedMessage(what: string): string {
  return `adding a value with no lower bound to a ${what} pointer is not allowed: check it (or make it unsigned) first`;
}

export function unboundedKernel(what: string): string {
  return `math between ${what} pointer and register with unbounded min value is not allowed`;
}

export function outOfRangeMessage(what: string, value: string): string {
  return `moving a ${what} pointer by ${value} takes it out of any object`;
}

export function outOfRangeKernel(what: string, value: string): string {
  return `value ${value} makes ${what} pointer be out of bounds`;
}
