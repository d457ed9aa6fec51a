/* ipv6_ext_walk.c: follow the IPv6 extension header chain (hop-by-hop,
 * routing, fragment, destination options, AH) for at most 6 headers to find
 * the upper-layer protocol, and count packets per protocol. Chains that are
 * longer than that, or cut short, are dropped. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_EXT_HDRS 6
#define NO_L4 -2 /* a later fragment: the L4 header is elsewhere */

struct cursor {
	void *pos;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} l4_seen SEC(".maps");

static __always_inline int is_ext_hdr(__u8 nexthdr)
{
	switch (nexthdr) {
	case IPPROTO_HOPOPTS:
	case IPPROTO_ROUTING:
	case IPPROTO_FRAGMENT:
	case IPPROTO_DSTOPTS:
	case IPPROTO_AH:
		return 1;
	}
	return 0;
}

/* Header lengths are encoded three different ways. */
static __always_inline int ext_hdr_len(__u8 type, struct ipv6_opt_hdr *hdr)
{
	if (type == IPPROTO_FRAGMENT)
		return 8;
	if (type == IPPROTO_AH)
		return (hdr->hdrlen + 2) << 2;
	return (hdr->hdrlen + 1) << 3;
}

/* Returns the upper-layer protocol, NO_L4, or -1 to drop. */
static __always_inline int skip_ext_hdrs(struct cursor *c, void *data_end,
					 __u8 nexthdr)
{
	struct ipv6_opt_hdr *hdr;
	__be16 *frag_field;
	int i;

#pragma unroll
	for (i = 0; i < MAX_EXT_HDRS; i++) {
		if (!is_ext_hdr(nexthdr))
			return nexthdr;
		hdr = c->pos;
		if ((void *)hdr + 8 > data_end) /* every ext header is >= 8 bytes */
			return -1;
		if (nexthdr == IPPROTO_FRAGMENT) {
			frag_field = (void *)hdr + 2;
			if (*frag_field & bpf_htons(0xfff8))
				return NO_L4;
		}
		c->pos += ext_hdr_len(nexthdr, hdr);
		nexthdr = hdr->nexthdr;
	}
	return is_ext_hdr(nexthdr) ? -1 : nexthdr;
}

SEC("xdp")
int xdp_ipv6_ext_walk(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6h;
	struct cursor c;
	__u32 key;
	__u64 *count;
	int l4;

	if (data + sizeof(*eth) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;

	ip6h = (void *)(eth + 1);
	if ((void *)(ip6h + 1) > data_end)
		return XDP_DROP;
	c.pos = ip6h + 1;

	l4 = skip_ext_hdrs(&c, data_end, ip6h->nexthdr);
	if (l4 == NO_L4)
		return XDP_PASS;
	if (l4 < 0)
		return XDP_DROP;

	/* The upper-layer header must be present too. */
	if (l4 == IPPROTO_TCP && c.pos + sizeof(struct tcphdr) > data_end)
		return XDP_DROP;
	if (l4 == IPPROTO_UDP && c.pos + sizeof(struct udphdr) > data_end)
		return XDP_DROP;

	key = l4;
	count = bpf_map_lookup_elem(&l4_seen, &key);
	if (count)
		*count += 1; /* per-CPU slot: no atomics needed */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
