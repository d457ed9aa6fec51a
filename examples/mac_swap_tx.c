/* mac_swap_tx.c: bounce each unicast frame back out of the port it came in
 * on by swapping the Ethernet source and destination and returning XDP_TX.
 * Broadcast and multicast frames go to the stack instead of being echoed. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

static __always_inline void swap_macs(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

SEC("xdp")
int xdp_mac_swap(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;

	if (data + sizeof(*eth) > data_end)
		return XDP_DROP;

	/* The group bit is the low bit of the first destination octet. */
	if (eth->h_dest[0] & 1)
		return XDP_PASS;

	swap_macs(eth);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
