// Reads of stack bytes or variables that were never written on this path.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_UNINIT',
  severity: 'warning',
  title: 'read of uninitialised stack or variable',
  doc:
    'Reading stack memory that was never written (a key passed to a map helper, a struct field never set) ' +
    'reads whatever an earlier program left there. The kernel accepts it only from loaders with CAP_PERFMON ' +
    '(root) and rejects it for everyone else; a C variable read before it is set is undefined behaviour, which ' +
    'clang may compile into anything. Initialise the variable (`__u32 key = 0;`, `struct x v = {};`).',
  kernel: 'invalid indirect read from stack R off -4+0 size 4 (rejected without CAP_PERFMON)',
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
	__u32 key;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	return v ? XDP_DROP : XDP_PASS;
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

	return v ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

/** "bpf_map_update_elem reads 16 bytes of `e`, 4 of them never written on this path". */
export function stackMessage(reader: string, size: number, name: string | undefined, first: number, count: number): string {
  const target = name ? `\`${name}\`` : `the stack at fp${first}`;
  const which = count === size ? (size === 1 ? 'never' : 'none of them') : `${count} of them never`;
  return `${reader} reads ${bytes(size)} of ${target}, ${which} written on this path`;
}

export function stackKernel(indirect: boolean, off: number, size: number): string {
  return `invalid ${indirect ? 'indirect ' : ''}read from stack R off ${off}+0 size ${size} (rejected without CAP_PERFMON)`;
}

export function registerMessage(name: string): string {
  return `\`${name}\` is used before it is set on this path`;
}

export const REGISTER_KERNEL = 'R !read_ok (C undefined behaviour: clang may compile it to anything)';
