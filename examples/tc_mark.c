/* tc_mark.c: a TC classifier on struct __sk_buff. It tags each packet with
 * skb->mark (address family and L4 protocol) and skb->priority (the DSCP),
 * and drops IPv4 packets whose TTL has run out. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MARK_IPV4  0x400
#define MARK_IPV6  0x600
#define MARK_OTHER 0xf00

static __always_inline __u32 ipv6_dscp(struct ipv6hdr *ip6h)
{
	/* Traffic class straddles the priority nibble and the flow label. */
	__u8 tclass = (ip6h->priority << 4) | (ip6h->flow_lbl[0] >> 4);

	return tclass >> 2;
}

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	void *data = (void *)(long)skb->data;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct ipv6hdr *ip6h;

	if (skb->len < ETH_HLEN)
		return TC_ACT_SHOT;
	if (data + sizeof(*eth) > data_end)
		return TC_ACT_OK; /* header not in the linear area: leave it */

	switch (skb->protocol) {
	case bpf_htons(ETH_P_IP):
		iph = data + sizeof(*eth);
		if ((void *)(iph + 1) > data_end)
			return TC_ACT_SHOT;
		if (iph->ttl <= 1)
			return TC_ACT_SHOT;
		skb->mark = MARK_IPV4 | iph->protocol;
		skb->priority = iph->tos >> 2;
		break;
	case bpf_htons(ETH_P_IPV6):
		ip6h = data + sizeof(*eth);
		if ((void *)(ip6h + 1) > data_end)
			return TC_ACT_SHOT;
		skb->mark = MARK_IPV6 | ip6h->nexthdr;
		skb->priority = ipv6_dscp(ip6h);
		break;
	default:
		skb->mark = MARK_OTHER;
		break;
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
