// A map lookup (or socket lookup) result used before it was compared with NULL.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_NULL_DEREF',
  severity: 'error',
  title: 'map value or null used before a null check',
  doc:
    'bpf_map_lookup_elem returns NULL when the key is absent (even for array maps with a constant key), so ' +
    'the kernel types its result "map value or null" until a comparison with NULL proves otherwise. Reading, ' +
    'writing or moving the pointer before that check is rejected. A check on any copy of the pointer counts. ' +
    'Socket lookups (bpf_sk_lookup_tcp, bpf_skc_lookup_tcp, …) and bpf_tcp_sock() return "socket or null" ' +
    'and need the same check.',
  kernel: 'R invalid mem access \'map_value_or_null\'',
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
	__u32 key = ctx->rx_queue_index;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	*v += 1;
	return XDP_PASS;
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
	__u32 key = ctx->rx_queue_index;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return XDP_PASS;
	*v += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(name: string | undefined, what: string, from: string): string {
  const who = name ? `\`${name}\`` : 'the pointer';
  const when = from.includes('map_lookup') ? 'when the key is missing' : 'when it finds nothing';
  return `${who} may be NULL here: ${from} returns NULL ${when}, so check it before the ${what}`;
}

export function accessWhat(access: 'read' | 'write', size: number): string {
  return `${access} of ${bytes(size)}`;
}

/** The kernel's words, for its register type ("map_value_or_null", "sock_common_or_null", …). */
export function kernelAccess(type: string): string {
  return `R invalid mem access '${type}'`;
}

export function kernelArith(type: string): string {
  return `R pointer arithmetic on ${type} prohibited, null-check it first`;
}

export function checkText(name: string, ret: string): string {
  return `if (!${name})\n\treturn ${ret};`;
}
