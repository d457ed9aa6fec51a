/* global_config.c: configuration and counters as plain global variables.
 * The volatile const cfg_* values land in .rodata; a loader may overwrite
 * them before loading, and the verifier then treats them as constants.
 * The counters are zero-initialised globals, so they live in .bss and user
 * space can read them through the .bss map. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

volatile const __u32 cfg_blocked_proto = IPPROTO_ICMP;
volatile const __u32 cfg_min_ttl = 2;

__u64 blocked_packets;
__u64 low_ttl_packets;

SEC("xdp")
int xdp_global_config(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *iph = data + sizeof(*eth);

	if ((void *)(iph + 1) > data_end)
		return XDP_PASS; /* too short to be IPv4: not our business */
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	if (iph->protocol == cfg_blocked_proto) {
		__sync_fetch_and_add(&blocked_packets, 1);
		return XDP_DROP;
	}
	if (iph->ttl < cfg_min_ttl) {
		__sync_fetch_and_add(&low_ttl_packets, 1);
		return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
