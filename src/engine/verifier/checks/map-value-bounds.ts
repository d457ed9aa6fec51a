// A read or write through a map value (or global variable) pointer outside the value.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_MAP_VALUE_BOUNDS',
  severity: 'error',
  title: 'map value access outside value_size',
  doc:
    'A pointer returned by a map lookup (or the address of a global variable, which lives in a map) may only ' +
    'reach the bytes of one value. Constant offsets are checked against value_size; a variable index must be ' +
    'bounded on this path, for example with `idx &= N - 1` or `if (idx >= N) return ...;`, so that every offset ' +
    'it can take stays inside.',
  kernel: 'invalid access to map value, value_size=8 off=8 size=8',
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
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return XDP_PASS;
	return v[1] ? XDP_DROP : XDP_PASS;
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
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return XDP_PASS;
	return v[0] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export interface ValueAccess {
  access: 'read' | 'write';
  size: number;
  lo: bigint;
  hi: bigint;
  valueSize: number;
  /** "a value of map `counts`" or "global `cfg`". */
  what: string;
  negative: boolean;
  unbounded: boolean;
}

export function message(a: ValueAccess): string {
  const at = a.lo === a.hi ? `offset ${a.lo}` : `offset [${a.lo}, ${a.hi}]`;
  const head = `${a.access} of ${bytes(a.size)} at ${at} of ${a.what}`;
  if (a.unbounded) return `${head} is not bounded: limit the index before using it`;
  if (a.negative) return `${head} may start before the value: the index can be negative`;
  if (a.lo === a.hi) return `${head} is outside its ${bytes(a.valueSize)}`;
  return `${head} may fall outside its ${bytes(a.valueSize)}: bound the index first`;
}

export function kernel(a: ValueAccess): string {
  if (a.unbounded) return 'R unbounded memory access, make sure to bounds check any such access';
  if (a.negative) return 'R min value is negative, either use unsigned index or do a if (index >=0) check.';
  return `invalid access to map value, value_size=${a.valueSize} off=${a.lo === a.hi || a.lo < 0n ? a.lo : a.hi} size=${a.size}`;
}
