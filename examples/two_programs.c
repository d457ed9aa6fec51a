/* two_programs.c: one object file, two programs sharing one map. The XDP
 * program counts received frames by address family; the TC program does
 * the same for the egress side. Both use one classifier helper. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum family_slot {
	SLOT_IPV4,
	SLOT_IPV6,
	SLOT_OTHER,
	SLOT_MAX,
};

enum direction {
	DIR_INGRESS,
	DIR_EGRESS,
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * SLOT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} family_count SEC(".maps");

static __always_inline __u32 family_slot(void *data, void *data_end)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return SLOT_OTHER;
	switch (bpf_ntohs(eth->h_proto)) {
	case ETH_P_IP:
		return SLOT_IPV4;
	case ETH_P_IPV6:
		return SLOT_IPV6;
	default:
		return SLOT_OTHER;
	}
}

static __always_inline void bump(enum direction dir, __u32 slot)
{
	__u32 key = dir * SLOT_MAX + slot;
	__u64 *val = bpf_map_lookup_elem(&family_count, &key);

	if (val)
		*val += 1;
}

SEC("xdp")
int xdp_count_family(struct xdp_md *ctx)
{
	bump(DIR_INGRESS, family_slot((void *)(long)ctx->data,
				      (void *)(long)ctx->data_end));
	return XDP_PASS;
}

SEC("tc")
int tc_count_family(struct __sk_buff *skb)
{
	bump(DIR_EGRESS, family_slot((void *)(long)skb->data,
				     (void *)(long)skb->data_end));
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
