/* udp_port_filter.c: drop UDP datagrams (over IPv4 or IPv6) whose
 * destination port is a key in a hash map that user space fills in.
 * The map value counts how many datagrams each entry has dropped. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);   /* destination port, host byte order */
	__type(value, __u64); /* datagrams dropped */
} blocked_ports SEC(".maps");

/* Finds the UDP header; returns 0 when found, 1 if not UDP, -1 if cut short. */
static __always_inline int find_udp(void *data, void *data_end,
				    struct udphdr **udp)
{
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct ipv6hdr *ip6h;
	void *l4;

	if (data + sizeof(*eth) > data_end)
		return -1;

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		iph = data + sizeof(*eth);
		if (iph + 1 > (struct iphdr *)data_end)
			return -1;
		if (iph->protocol != IPPROTO_UDP)
			return 1;
		if (iph->ihl < 5)
			return -1;
		l4 = (void *)iph + iph->ihl * 4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		ip6h = data + sizeof(*eth);
		if (ip6h + 1 > (struct ipv6hdr *)data_end)
			return -1;
		if (ip6h->nexthdr != IPPROTO_UDP)
			return 1; /* extension headers: see ipv6_ext_walk.c */
		l4 = ip6h + 1;
	} else {
		return 1;
	}

	if (l4 + sizeof(struct udphdr) > data_end)
		return -1;
	*udp = l4;
	return 0;
}

SEC("xdp")
int xdp_udp_port_filter(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct udphdr *udp;
	__u64 *drops;
	__u16 port;
	int ret;

	ret = find_udp(data, data_end, &udp);
	if (ret < 0)
		return XDP_DROP;
	if (ret > 0)
		return XDP_PASS;

	port = bpf_ntohs(udp->dest);
	drops = bpf_map_lookup_elem(&blocked_ports, &port);
	if (!drops)
		return XDP_PASS;

	__sync_fetch_and_add(drops, 1);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
