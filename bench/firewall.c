// Benchmark translation unit: a realistic ~500-line XDP/TC firewall of our own. It is what `npm run bench`
// times the front end (and later the verifier) on; it also compiles with clang and loads into the kernel.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_VLAN_DEPTH 2
#define MAX_EXT_HDRS 6
#define RATE_WINDOW_NS 1000000000ULL
#define DEFAULT_RATE 1000
#define ICMP_HDR_LEN 8
#define ICMPV6_HDR_LEN 8

#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif

enum verdict_reason {
	REASON_NONE = 0,
	REASON_BLOCKLIST,
	REASON_RATE,
	REASON_PORT,
	REASON_MALFORMED,
	REASON_FRAGMENT,
	REASON_MAX,
};

struct vlan_tag {
	__be16 tci;
	__be16 proto;
};

struct cursor {
	void *pos;
	void *end;
};

struct flow_key {
	__u8 family;
	__u8 proto;
	__be16 sport;
	__be16 dport;
	__u16 pad;
	union {
		__be32 v4[2];
		struct in6_addr v6[2];
	};
};

struct flow_state {
	__u64 first_seen;
	__u64 last_seen;
	__u64 packets;
	__u64 bytes;
	__u32 flags;
	__u32 reason;
};

struct rate_state {
	__u64 window_start;
	__u32 count;
	__u32 limit;
};

struct lpm_v4_key {
	__u32 prefixlen;
	__be32 addr;
};

struct stats_rec {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} blocklist_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct flow_key);
	__type(value, struct flow_state);
	__uint(max_entries, 65536);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __be32);
	__type(value, struct rate_state);
	__uint(max_entries, 16384);
} rates SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u8);
	__uint(max_entries, 65536);
} blocked_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct stats_rec);
	__uint(max_entries, REASON_MAX);
} reasons SEC(".maps");

volatile const __u32 cfg_rate_limit = DEFAULT_RATE;
volatile const __u8 cfg_drop_fragments = 1;
__u64 total_seen;

static __always_inline int parse_eth(struct cursor *c, __u16 *proto)
{
	struct ethhdr *eth = c->pos;
	int depth;

	if ((void *)(eth + 1) > c->end)
		return -1;
	c->pos = eth + 1;
	*proto = eth->h_proto;

#pragma unroll
	for (depth = 0; depth < MAX_VLAN_DEPTH; depth++) {
		struct vlan_tag *tag = c->pos;

		if (*proto != bpf_htons(ETH_P_8021Q) && *proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(tag + 1) > c->end)
			return -1;
		*proto = tag->proto;
		c->pos = tag + 1;
	}
	return 0;
}

static __always_inline int parse_ipv4(struct cursor *c, struct flow_key *key, __u16 *frag)
{
	struct iphdr *iph = c->pos;
	int hdrsize;

	if ((void *)(iph + 1) > c->end)
		return -1;
	hdrsize = iph->ihl * 4;
	if (hdrsize < (int)sizeof(*iph))
		return -1;
	if (c->pos + hdrsize > c->end)
		return -1;
	c->pos += hdrsize;
	key->family = 4;
	key->proto = iph->protocol;
	key->v4[0] = iph->saddr;
	key->v4[1] = iph->daddr;
	*frag = bpf_ntohs(iph->frag_off) & 0x3fff;
	return iph->protocol;
}

static __always_inline int skip_ext_hdr(struct cursor *c, __u8 *nexthdr)
{
	struct ipv6_opt_hdr *opt = c->pos;

	if ((void *)(opt + 1) > c->end)
		return -1;
	*nexthdr = opt->nexthdr;
	c->pos += (opt->hdrlen + 1) * 8;
	return 0;
}

static __always_inline int parse_ipv6(struct cursor *c, struct flow_key *key, __u16 *frag)
{
	struct ipv6hdr *ip6 = c->pos;
	__u8 nexthdr;
	int i;

	if ((void *)(ip6 + 1) > c->end)
		return -1;
	c->pos = ip6 + 1;
	nexthdr = ip6->nexthdr;
	key->family = 6;
	__builtin_memcpy(&key->v6[0], &ip6->saddr, sizeof(struct in6_addr));
	__builtin_memcpy(&key->v6[1], &ip6->daddr, sizeof(struct in6_addr));

	for (i = 0; i < MAX_EXT_HDRS; i++) {
		switch (nexthdr) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			if (skip_ext_hdr(c, &nexthdr) < 0)
				return -1;
			break;
		case IPPROTO_FRAGMENT:
			*frag = 1;
			if (skip_ext_hdr(c, &nexthdr) < 0)
				return -1;
			break;
		default:
			goto done;
		}
	}
done:
	key->proto = nexthdr;
	return nexthdr;
}

static __always_inline int parse_l4(struct cursor *c, struct flow_key *key)
{
	switch (key->proto) {
	case IPPROTO_TCP: {
		struct tcphdr *th = c->pos;
		if ((void *)(th + 1) > c->end)
			return -1;
		if (th->doff < 5)
			return -1;
		key->sport = th->source;
		key->dport = th->dest;
		return th->syn && !th->ack;
	}
	case IPPROTO_UDP: {
		struct udphdr *uh = c->pos;
		if ((void *)(uh + 1) > c->end)
			return -1;
		key->sport = uh->source;
		key->dport = uh->dest;
		return 0;
	}
	case IPPROTO_ICMP:
		if (c->pos + ICMP_HDR_LEN > c->end)
			return -1;
		return 0;
	case IPPROTO_ICMPV6:
		if (c->pos + ICMPV6_HDR_LEN > c->end)
			return -1;
		return 0;
	default:
		return 0;
	}
}

static __always_inline void count_reason(__u32 reason, __u64 bytes)
{
	struct stats_rec *rec = bpf_map_lookup_elem(&reasons, &reason);

	if (!rec)
		return;
	rec->packets++;
	rec->bytes += bytes;
}

static __always_inline int blocked_v4(__be32 addr)
{
	struct lpm_v4_key k = { .prefixlen = 32, .addr = addr };
	__u32 *hit = bpf_map_lookup_elem(&blocklist_v4, &k);

	return hit && *hit;
}

static __always_inline int port_blocked(__be16 port)
{
	__u32 idx = bpf_ntohs(port);
	__u8 *flag = bpf_map_lookup_elem(&blocked_ports, &idx);

	return flag && *flag;
}

static __always_inline int rate_exceeded(__be32 src, __u64 now)
{
	struct rate_state *rs = bpf_map_lookup_elem(&rates, &src);

	if (!rs) {
		struct rate_state fresh = {
			.window_start = now,
			.count = 1,
			.limit = cfg_rate_limit,
		};
		bpf_map_update_elem(&rates, &src, &fresh, BPF_NOEXIST);
		return 0;
	}
	if (now - rs->window_start > RATE_WINDOW_NS) {
		rs->window_start = now;
		rs->count = 0;
	}
	rs->count++;
	return rs->count > rs->limit;
}

static __always_inline void track_flow(struct flow_key *key, __u64 now, __u64 bytes, __u32 reason)
{
	struct flow_state *st = bpf_map_lookup_elem(&flows, key);

	if (st) {
		st->last_seen = now;
		__sync_fetch_and_add(&st->packets, 1);
		__sync_fetch_and_add(&st->bytes, bytes);
		st->reason = reason;
		return;
	}
	struct flow_state init = {
		.first_seen = now,
		.last_seen = now,
		.packets = 1,
		.bytes = bytes,
		.reason = reason,
	};
	bpf_map_update_elem(&flows, key, &init, BPF_ANY);
}

static __always_inline __u32 decide(struct flow_key *key, int syn, __u16 frag, __u64 now)
{
	if (frag && cfg_drop_fragments)
		return REASON_FRAGMENT;
	if (key->family == 4) {
		if (blocked_v4(key->v4[0]))
			return REASON_BLOCKLIST;
		if (syn && rate_exceeded(key->v4[0], now))
			return REASON_RATE;
	}
	if ((key->proto == IPPROTO_TCP || key->proto == IPPROTO_UDP) && port_blocked(key->dport))
		return REASON_PORT;
	return REASON_NONE;
}

SEC("xdp")
int xdp_firewall(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct cursor c = { .pos = data, .end = data_end };
	struct flow_key key = {};
	__u64 bytes = data_end - data;
	__u64 now = bpf_ktime_get_ns();
	__u16 proto = 0, frag = 0;
	__u32 reason;
	int l3, syn;

	__sync_fetch_and_add(&total_seen, 1);
	if (parse_eth(&c, &proto) < 0) {
		count_reason(REASON_MALFORMED, bytes);
		return XDP_DROP;
	}
	if (proto == bpf_htons(ETH_P_IP))
		l3 = parse_ipv4(&c, &key, &frag);
	else if (proto == bpf_htons(ETH_P_IPV6))
		l3 = parse_ipv6(&c, &key, &frag);
	else
		return XDP_PASS;
	if (l3 < 0) {
		count_reason(REASON_MALFORMED, bytes);
		return XDP_DROP;
	}
	syn = frag ? 0 : parse_l4(&c, &key);
	if (syn < 0) {
		count_reason(REASON_MALFORMED, bytes);
		return XDP_DROP;
	}
	reason = decide(&key, syn, frag, now);
	track_flow(&key, now, bytes, reason);
	count_reason(reason, bytes);
	return reason == REASON_NONE ? XDP_PASS : XDP_DROP;
}

static __always_inline int ttl_clamp(struct __sk_buff *skb, struct iphdr *iph, __u8 min_ttl)
{
	__u16 old, new;

	if (iph->ttl >= min_ttl)
		return 0;
	old = *(__u16 *)&iph->ttl;
	iph->ttl = min_ttl;
	new = *(__u16 *)&iph->ttl;
	return bpf_l3_csum_replace(skb, ETH_HLEN + offsetof(struct iphdr, check), old, new, sizeof(__u16));
}

SEC("tc")
int tc_egress_guard(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct flow_key key = {};
	__u32 reason = REASON_NONE;

	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return TC_ACT_SHOT;
	key.family = 4;
	key.proto = iph->protocol;
	key.v4[0] = iph->saddr;
	key.v4[1] = iph->daddr;
	if (blocked_v4(iph->daddr))
		reason = REASON_BLOCKLIST;
	skb->mark = reason;
	skb->priority = iph->tos >> 2;
	if (reason != REASON_NONE) {
		count_reason(reason, skb->len);
		return TC_ACT_SHOT;
	}
	if (ttl_clamp(skb, iph, 2) < 0)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

SEC("xdp")
int xdp_stats_only(struct xdp_md *ctx)
{
	__u32 key = REASON_NONE;
	struct stats_rec *rec = bpf_map_lookup_elem(&reasons, &key);

	if (rec) {
		rec->packets++;
		rec->bytes += ctx->data_end - ctx->data;
	}
	return XDP_PASS;
}

struct lpm_v6_key {
	__u32 prefixlen;
	struct in6_addr addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_v6_key);
	__type(value, __u32);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} blocklist_v6 SEC(".maps");

static __always_inline int blocked_v6(const struct in6_addr *addr)
{
	struct lpm_v6_key k = { .prefixlen = 128 };
	__u32 *hit;

	__builtin_memcpy(&k.addr, addr, sizeof(k.addr));
	hit = bpf_map_lookup_elem(&blocklist_v6, &k);
	return hit && *hit;
}

static __always_inline __u16 csum_fold(__u32 csum)
{
	csum = (csum & 0xffff) + (csum >> 16);
	csum = (csum & 0xffff) + (csum >> 16);
	return (__u16)~csum;
}

static __always_inline void swap_mac(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

SEC("xdp")
int xdp_v6_guard(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6;
	__u32 sum = 0;
	int i;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	ip6 = (void *)(eth + 1);
	if ((void *)(ip6 + 1) > data_end)
		return XDP_DROP;
	if (blocked_v6(&ip6->saddr))
		return XDP_DROP;
	for (i = 0; i < 4; i++)
		sum += ip6->saddr.in6_u.u6_addr32[i] & 0xffff;
	if (csum_fold(sum) == 0 && ip6->hop_limit <= 1) {
		swap_mac(eth);
		return XDP_TX;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
