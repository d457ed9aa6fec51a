// A helper argument of the wrong kind: a map argument that is not a map, a key or value pointer that does not
// reach key_size / value_size readable bytes, a size that is not bounded.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_HELPER_ARG',
  severity: 'error',
  title: 'helper argument of the wrong kind',
  doc:
    'Each helper argument has a kind the kernel checks: a map argument must be `&map_name` itself, a key or ' +
    'value must point to key_size or value_size bytes of stack, packet or map value memory the program may ' +
    'read, a buffer must be followed by a size that is bounded on this path, and a context argument must be ' +
    'the program\'s ctx.',
  kernel: 'R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return bpf_map_lookup_elem(&counts, 0) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&counts, &key) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(n: number, helper: string, expected: string, got: string): string {
  return `argument ${n} of ${helper} must be ${expected}, not ${got}`;
}

/** The kernel's register type names. */
export function kernelType(kind: string): string {
  switch (kind) {
    case 'scalar': return 'scalar';
    case 'pkt': return 'pkt';
    case 'pkt_end': return 'pkt_end';
    case 'ctx': return 'ctx';
    case 'map_value': return 'map_value';
    case 'map_value_or_null': return 'map_value_or_null';
    case 'stack': return 'fp';
    case 'map_ref': return 'map_ptr';
    case 'global': return 'map_value';
    default: return kind;
  }
}

export function kernel(n: number, got: string, expected: string): string {
  return `R${n} type=${kernelType(got)} expected=${expected}`;
}

export function sizeMessage(n: number, helper: string, why: string): string {
  return `argument ${n} of ${helper} (a size) ${why}`;
}

export function sizeKernel(n: number, negative: boolean): string {
  return negative
    ? `R${n} min value is negative, either use unsigned or 'var &= const'`
    : `R${n} unbounded memory access, use 'var &= const' or 'if (var < const)'`;
}
