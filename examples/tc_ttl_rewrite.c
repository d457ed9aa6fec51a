/* tc_ttl_rewrite.c: raise a low IPv4 TTL or IPv6 hop limit to a floor
 * value from TC, using the skb helpers instead of direct packet writes:
 * bpf_skb_store_bytes() writes the new byte and bpf_l3_csum_replace()
 * patches the IPv4 header checksum. Only untagged frames are handled. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TTL_FLOOR 64

#define IP_TTL_OFF       (ETH_HLEN + __builtin_offsetof(struct iphdr, ttl))
#define IP_CSUM_OFF      (ETH_HLEN + __builtin_offsetof(struct iphdr, check))
#define IP6_HOPLIMIT_OFF (ETH_HLEN + __builtin_offsetof(struct ipv6hdr, hop_limit))

static __always_inline int raise_ipv4_ttl(struct __sk_buff *skb, struct iphdr *iph)
{
	__u8 new_ttl = TTL_FLOOR;
	/* TTL shares a checksummed 16-bit word with the protocol byte. */
	__u16 old_word = (iph->ttl << 8) | iph->protocol;
	__u16 new_word = (new_ttl << 8) | iph->protocol;

	if (iph->ttl >= TTL_FLOOR)
		return TC_ACT_OK;

	/* Header sum is unchanged overall, so skb->csum needs no update. */
	if (bpf_skb_store_bytes(skb, IP_TTL_OFF, &new_ttl, sizeof(new_ttl), 0))
		return TC_ACT_SHOT;
	if (bpf_l3_csum_replace(skb, IP_CSUM_OFF, bpf_htons(old_word),
				bpf_htons(new_word), sizeof(__u16)))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

static __always_inline int raise_ipv6_hop_limit(struct __sk_buff *skb,
						 struct ipv6hdr *ip6h)
{
	__u8 new_limit = TTL_FLOOR;

	if (ip6h->hop_limit >= TTL_FLOOR)
		return TC_ACT_OK;
	if (bpf_skb_store_bytes(skb, IP6_HOPLIMIT_OFF, &new_limit, sizeof(new_limit),
				BPF_F_RECOMPUTE_CSUM))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

SEC("tc")
int tc_ttl_rewrite(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	void *data = (void *)(long)skb->data;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct ipv6hdr *ip6h;

	if (data + sizeof(*eth) > data_end)
		return TC_ACT_OK;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > data_end)
			return TC_ACT_OK;
		return raise_ipv4_ttl(skb, iph);
	}
	if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		ip6h = (void *)(eth + 1);
		if ((void *)(ip6h + 1) > data_end)
			return TC_ACT_OK;
		return raise_ipv6_hop_limit(skb, ip6h);
	}
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
