// Inputs shared by several preprocessor tests and the benchmark.

/** #if expressions and the truth value worked out by hand (intmax_t/uintmax_t rules, BPF's signed char). */
export const IF_TABLE: Array<[string, boolean]> = [
  ['1 + 2 * 3 == 7', true],
  ['(1 + 2) * 3 == 9', true],
  ['-1 < 0', true],
  ['-1 < 0u', false], // -1 converts to UINTMAX_MAX
  ['-1 > 0u', true],
  ['0xffffffffffffffff == -1', true], // hex too big for intmax_t is unsigned
  ['18446744073709551615 == -1', true], // so is a too-big decimal (clang warns)
  ['9223372036854775807 + 1 < 0', true], // signed overflow wraps
  ['0x7fffffffffffffff + 1 > 0', false],
  ['(1 ? -1 : 0u) > 0', true], // the ternary's type is unsigned
  ['(0 ? 1u : -1) == 18446744073709551615u', true],
  ["'\\377' < 0", true], // char is signed on BPF
  ["'a' == 97 && '\\n' == 10 && '\\0' == 0", true],
  ["'ab' == 0x6162", true],
  ["'\\x41' == 'A'", true],
  ["u'\\xffff' > 0", true],
  ["L'\\xffffffff' < 0", true], // wchar_t is int
  ['-7 / 2 == -3 && -7 % 2 == -1', true], // truncation toward zero
  ['7u / 2 == 3', true],
  ['1 << 63 < 0', true],
  ['1u << 63 > 0', true],
  ['-1 >> 1 == -1', true], // arithmetic shift
  ['-1u >> 63 == 1', true], // logical shift
  ['~0 == -1 && ~0u == 18446744073709551615u', true],
  ['!0 + !5 == 1', true],
  ['0 && 1/0', false], // not evaluated: no error
  ['1 || 1/0', true],
  ['1 ? 2 : 1/0', true],
  ['(2 || 0) == 1', true],
  ['(3 & 5 | 8 ^ 1) == 9', true],
  ['1 < 2 < 3', true],
  ['2 > 1 == 1', true],
  ['UNDEFINED_THING == 0', true],
  ['UNDEFINED_THING', false],
  ['0x10 == 16 && 010 == 8 && 0b101 == 5', true],
  ['1000000000000ULL * 1000 == 1000000000000000', true],
  ['10 > 9u', true],
  ['-1 < 1 ? 100 : 200', true],
  ['(0, 1)', true],
  ['(1, 0)', false],
  ['-9223372036854775807 - 1 < 0', true],
  ['(1 ? -1 : 0u) >> 63 == 1', true],
  ['__INT_MAX__ == 2147483647 && __SIZEOF_POINTER__ == 8', true],
  ['__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__', true],
  ['__has_builtin(__builtin_memcpy) && !__has_builtin(__builtin_nonsense)', true],
  ['__has_builtin(__builtin_bswap64) && __has_builtin(__builtin_preserve_access_index)', true],
  ['__has_attribute(always_inline) && __has_attribute(__section__)', true],
  ['__has_include(<no/such/header.h>)', false],
];

export const XDP_PROGRAM = `// A small XDP filter in the style of xdp-tutorial.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_PORTS 8
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_PORTS);
	__type(key, __u32);
	__type(value, __u64);
} port_hits SEC(".maps");

static __always_inline int parse_eth(void *data, void *data_end, __u16 *proto)
{
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > data_end)
		return -1;
	*proto = bpf_ntohs(eth->h_proto);
	return sizeof(*eth);
}

SEC("xdp")
int xdp_filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u16 proto;
	int off = parse_eth(data, data_end, &proto);
	if (off < 0)
		return XDP_ABORTED;
	if (proto == ETH_P_IP) {
		struct iphdr *ip = data + off;
		if ((void *)(ip + 1) > data_end)
			return XDP_PASS;
		if (ip->protocol == IPPROTO_UDP) {
			struct udphdr *udp = (void *)ip + ip->ihl * 4;
			if ((void *)(udp + 1) > data_end)
				return XDP_PASS;
#pragma clang loop unroll(full)
			for (__u32 i = 0; i < MAX_PORTS; i++) {
				__u64 *hits = bpf_map_lookup_elem(&port_hits, &i);
				if (likely(hits) && bpf_ntohs(udp->dest) == 9000 + i)
					__sync_fetch_and_add(hits, 1);
			}
		}
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + off;
		if ((void *)(ip6 + 1) > data_end)
			return XDP_DROP;
	}
	bpf_printk("proto %x", proto);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
`;
