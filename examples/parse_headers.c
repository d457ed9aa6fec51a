/* parse_headers.c: walk Ethernet, up to two VLAN tags (802.1Q / 802.1ad),
 * IPv4 or IPv6, then TCP, UDP, ICMP or ICMPv6 with a moving cursor.
 * Each parse_* helper checks its header against data_end, advances the
 * cursor and hands the header back through an out-parameter.
 * Frames whose headers are cut short are dropped; all others pass.
 * (<linux/icmp.h> is left out: it pulls in glibc's <sys/socket.h>, which
 * needs the 32-bit libc headers under -target bpf.) */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_VLAN_TAGS 2
#define IPV4_FRAG_OFFSET 0x1fff

struct cursor {
	void *pos;
};

struct vlan_tag {
	__be16 tci;
	__be16 inner_proto;
};

static __always_inline int is_vlan_proto(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD);
}

/* Returns the innermost EtherType (network order), or -1 if truncated. */
static __always_inline int parse_ethhdr(struct cursor *c, void *data_end,
					struct ethhdr **ethhdr)
{
	struct ethhdr *eth = c->pos;
	struct vlan_tag *tag;
	__be16 proto;
	int i;

	if ((void *)(eth + 1) > data_end)
		return -1;
	*ethhdr = eth;
	c->pos = eth + 1;
	proto = eth->h_proto;

	for (i = 0; i < MAX_VLAN_TAGS; i++) {
		if (!is_vlan_proto(proto))
			break;
		tag = c->pos;
		if ((void *)(tag + 1) > data_end)
			return -1;
		proto = tag->inner_proto;
		c->pos = tag + 1;
	}
	return proto;
}

/* Returns the L4 protocol, or -1 if the header (with options) is cut short. */
static __always_inline int parse_iphdr(struct cursor *c, void *data_end,
				       struct iphdr **iphdr)
{
	struct iphdr *iph = c->pos;
	int hdrsize;

	if ((void *)(iph + 1) > data_end)
		return -1;
	hdrsize = iph->ihl * 4;
	if (hdrsize < (int)sizeof(*iph))
		return -1;
	if (c->pos + hdrsize > data_end)
		return -1;
	c->pos += hdrsize;
	*iphdr = iph;
	return iph->protocol;
}

/* Returns the TCP header length including options, or -1. */
static __always_inline int parse_tcphdr(struct cursor *c, void *data_end,
					struct tcphdr **tcphdr)
{
	struct tcphdr *th = c->pos;
	int len;

	if ((void *)(th + 1) > data_end)
		return -1;
	len = th->doff * 4;
	if (len < (int)sizeof(*th) || c->pos + len > data_end)
		return -1;
	c->pos += len;
	*tcphdr = th;
	return len;
}

/* For fixed-size headers: 0 if present, else -1. */
static __always_inline int pull_fixed(struct cursor *c, void *data_end,
				      int size, void **hdr)
{
	if (c->pos + size > data_end)
		return -1;
	*hdr = c->pos;
	c->pos += size;
	return 0;
}

SEC("xdp")
int xdp_parse_headers(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct cursor c = { .pos = data };
	struct ethhdr *eth;
	struct iphdr *iph;
	struct ipv6hdr *ip6h;
	struct tcphdr *th;
	void *hdr;
	int proto, l4;

	proto = parse_ethhdr(&c, data_end, &eth);
	if (proto < 0)
		goto drop;

	switch (proto) {
	case bpf_htons(ETH_P_IP):
		l4 = parse_iphdr(&c, data_end, &iph);
		/* Later fragments carry no L4 header to look at. */
		if (l4 >= 0 && (iph->frag_off & bpf_htons(IPV4_FRAG_OFFSET)))
			return XDP_PASS;
		break;
	case bpf_htons(ETH_P_IPV6):
		if (pull_fixed(&c, data_end, sizeof(*ip6h), (void **)&ip6h) < 0)
			goto drop;
		l4 = ip6h->nexthdr;
		break;
	default:
		return XDP_PASS; /* ARP, or more VLAN tags than we walk */
	}
	if (l4 < 0)
		goto drop;

	switch (l4) {
	case IPPROTO_TCP:
		if (parse_tcphdr(&c, data_end, &th) < 0)
			goto drop;
		break;
	case IPPROTO_UDP:
		if (pull_fixed(&c, data_end, sizeof(struct udphdr), &hdr) < 0)
			goto drop;
		break;
	case IPPROTO_ICMP:
		/* fall through: an ICMP header has the same 8-byte shape */
	case IPPROTO_ICMPV6:
		if (pull_fixed(&c, data_end, sizeof(struct icmp6hdr), &hdr) < 0)
			goto drop;
		break;
	default:
		break;
	}
	return XDP_PASS;
drop:
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
