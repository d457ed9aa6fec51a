/* vlan_strip.c: pop the outermost 802.1Q or 802.1ad tag in XDP.
 * The two MAC addresses move 4 bytes towards the payload, then
 * bpf_xdp_adjust_head() drops the first 4 bytes. The tag's inner EtherType
 * already sits where the new Ethernet header expects its type field.
 * Every pointer is reloaded and re-checked after the head moves. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define VLAN_HDR_LEN 4
#define MAC_PAIR_LEN (2 * ETH_ALEN)

struct vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

SEC("xdp")
int xdp_vlan_strip(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct vlan_hdr *vlan;
	__u8 macs[MAC_PAIR_LEN];

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;

	switch (eth->h_proto) {
	case bpf_htons(ETH_P_8021Q):
	case bpf_htons(ETH_P_8021AD):
		break;
	default:
		return XDP_PASS; /* untagged: nothing to do */
	}

	vlan = (void *)(eth + 1);
	if ((void *)(vlan + 1) > data_end)
		return XDP_DROP;

	__builtin_memcpy(macs, eth, MAC_PAIR_LEN);

	if (bpf_xdp_adjust_head(ctx, VLAN_HDR_LEN))
		return XDP_ABORTED;

	/* Old pointers are invalid now: start again from ctx. */
	data_end = (void *)(long)ctx->data_end;
	data = (void *)(long)ctx->data;
	eth = data;
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;

	__builtin_memcpy(eth, macs, MAC_PAIR_LEN);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
