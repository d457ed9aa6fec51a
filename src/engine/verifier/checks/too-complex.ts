// The program needs more verification work than the kernel allows, outside any single loop, or nests calls
// deeper than the kernel's eight frames (which unbounded recursion always does).

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_TOO_COMPLEX',
  severity: 'error',
  title: 'program too complex to verify',
  doc:
    'The kernel explores every path through a program and gives up after one million instructions or 8192 ' +
    'branches pending at once. Long chains of independent conditions multiply the paths. Split the program ' +
    'with tail calls, move repeated code into a non-inlined function, or make states converge (fewer ' +
    'distinct values live across branches). Calls to functions that are not inlined nest at most eight ' +
    'frames deep, counting the program: recursion that clang cannot turn into a loop soon goes deeper.',
  kernel: 'the call stack of 9 frames is too deep',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return fib(ctx->rx_queue_index & 15) & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int fib(int n)
{
	int a = 0, b = 1, i;

	for (i = 0; i < n && i < 16; i++) {
		int t = a + b;

		a = b;
		b = t;
	}
	return a;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return fib(ctx->rx_queue_index & 15) & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function depthMessage(fn: string, max: number): string {
  return `this call to \`${fn}\` nests more than ${max} call frames, the kernel's limit (recursion clang cannot turn into a loop reaches it)`;
}

export function depthKernel(frames: number): string {
  return `the call stack of ${frames} frames is too deep`;
}

export function message(steps: number): string {
  return `verification needs more than ${steps.toLocaleString('en-US')} steps, the kernel's budget`;
}
