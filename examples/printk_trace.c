/* printk_trace.c: debug output with bpf_printk(). Each IPv4 packet's
 * addresses and protocol go to the kernel trace pipe
 * (/sys/kernel/debug/tracing/trace_pipe); other frames get one short line.
 * bpf_printk is for debugging only: it is slow and needs a GPL licence. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int xdp_printk_trace(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *iph;

	if (data + sizeof(*eth) > data_end) {
		bpf_printk("runt frame, %d bytes", (int)(data_end - data));
		return XDP_PASS;
	}
	if (eth->h_proto != bpf_htons(ETH_P_IP)) {
		bpf_printk("ethertype 0x%04x", bpf_ntohs(eth->h_proto));
		return XDP_PASS;
	}

	iph = data + sizeof(*eth);
	if (data + sizeof(*eth) + sizeof(*iph) > data_end) {
		bpf_printk("truncated IPv4 header");
		return XDP_PASS;
	}
	bpf_printk("ipv4 %pI4 -> %pI4", &iph->saddr, &iph->daddr);
	bpf_printk("  proto %u ttl %u len %u", iph->protocol, iph->ttl,
		   bpf_ntohs(iph->tot_len));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
