/* map_counter.c: per-action packet and byte counters in a BTF-defined
 * array map. Frames too short for an Ethernet header are dropped, the rest
 * pass; either way the verdict is counted under its action number. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct datarec {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XDP_REDIRECT + 1);
	__type(key, __u32);
	__type(value, struct datarec);
} xdp_stats SEC(".maps");

static __always_inline __u32 record_action(struct xdp_md *ctx, __u32 action)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct datarec *rec;

	rec = bpf_map_lookup_elem(&xdp_stats, &action);
	if (!rec)
		return XDP_ABORTED;

	/* An ARRAY slot is shared by all CPUs, hence the atomic adds. */
	__sync_fetch_and_add(&rec->packets, 1);
	__sync_fetch_and_add(&rec->bytes, (__u64)(data_end - data));
	return action;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 action = XDP_PASS;

	if (data + sizeof(struct ethhdr) > data_end)
		action = XDP_DROP;

	return record_action(ctx, action);
}

char LICENSE[] SEC("license") = "GPL";
