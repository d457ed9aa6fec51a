/* icmp_echo_reply.c: answer IPv4 pings from XDP. An echo request becomes an
 * echo reply in place: MACs and IP addresses are swapped, the type goes from
 * 8 to 0, and the ICMP checksum is patched incrementally (RFC 1624) rather
 * than recomputed. Swapping the addresses leaves the IP checksum valid. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Spelled out rather than taken from <linux/icmp.h>, which pulls in glibc's
 * <sys/socket.h> and so needs the 32-bit libc headers under -target bpf. */
struct icmp_echo {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 sequence;
};

#define ICMP_ECHOREPLY 0
#define ICMP_ECHO      8

#define IP_MF     0x2000
#define IP_OFFSET 0x1fff

static __always_inline __u16 csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* HC' = ~(~HC + ~m + m') for one changed 16-bit word m -> m'. */
static __always_inline void csum_replace16(__sum16 *csum, __be16 from, __be16 to)
{
	__u32 sum = (__u16)~*csum;

	sum += (__u16)~from;
	sum += to;
	*csum = ~csum_fold(sum);
}

static __always_inline void swap_eth_and_ip(struct ethhdr *eth, struct iphdr *iph)
{
	__u8 mac[ETH_ALEN];
	__be32 addr;

	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);

	addr = iph->saddr;
	iph->saddr = iph->daddr;
	iph->daddr = addr;
}

SEC("xdp")
int xdp_icmp_echo_reply(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct icmp_echo *icmph;
	__be16 old_word;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return XDP_DROP;
	if (iph->protocol != IPPROTO_ICMP)
		return XDP_PASS;
	/* Fragmented pings need reassembly: leave them to the stack. */
	if (iph->frag_off & bpf_htons(IP_MF | IP_OFFSET))
		return XDP_PASS;
	if (iph->ihl < 5)
		return XDP_DROP;

	icmph = (void *)iph + iph->ihl * 4;
	if ((void *)(icmph + 1) > data_end)
		return XDP_DROP;
	if (icmph->type != ICMP_ECHO || icmph->code != 0)
		return XDP_PASS;

	swap_eth_and_ip(eth, iph);

	/* type and code form the first 16-bit word of the checksummed data */
	old_word = *(__be16 *)icmph;
	icmph->type = ICMP_ECHOREPLY;
	csum_replace16(&icmph->checksum, old_word, *(__be16 *)icmph);

	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
