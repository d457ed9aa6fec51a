/*
 * The structs of the BPF UAPI that networking programs touch, without any macro,
 * shared by <linux/bpf.h> and <vmlinux.h>. Layouts match the kernel byte for byte
 * (checked against the system headers by test/headers/layout.test.ts).
 *
 * Pointer members of context structs sit in an 8-byte union so their offset and
 * size do not depend on the pointer width (the kernel's __bpf_md_ptr).
 */
#ifndef __XDP_LAB_BPF_STRUCTS_H
#define __XDP_LAB_BPF_STRUCTS_H

#include <xdp-lab/scalar-types.h>

struct bpf_flow_keys;
struct bpf_sock;

/* Context of tc (cls/act), socket filter, cgroup skb and lwt programs. */
struct __sk_buff {
	__u32 len;
	__u32 pkt_type;
	__u32 mark;
	__u32 queue_mapping;
	__u32 protocol;			/* network byte order */
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
	__u32 tc_index;
	__u32 cb[5];
	__u32 hash;
	__u32 tc_classid;
	__u32 data;
	__u32 data_end;
	__u32 napi_id;

	/* family .. local_port: only sk_skb programs may read these. */
	__u32 family;
	__u32 remote_ip4;		/* network byte order */
	__u32 local_ip4;		/* network byte order */
	__u32 remote_ip6[4];		/* network byte order */
	__u32 local_ip6[4];		/* network byte order */
	__u32 remote_port;		/* network byte order */
	__u32 local_port;		/* host byte order */

	__u32 data_meta;
	union {
		struct bpf_flow_keys *flow_keys;
		__u64 :64;
	} __attribute__((aligned(8)));
	__u64 tstamp;
	__u32 wire_len;
	__u32 gso_segs;
	union {
		struct bpf_sock *sk;
		__u64 :64;
	} __attribute__((aligned(8)));
	__u32 gso_size;
	__u8 tstamp_type;
	__u32 :24;			/* padding */
	__u64 hwtstamp;
};

/* bpf_skb_get_tunnel_key() / bpf_skb_set_tunnel_key() */
struct bpf_tunnel_key {
	__u32 tunnel_id;
	union {
		__u32 remote_ipv4;
		__u32 remote_ipv6[4];
	};
	__u8 tunnel_tos;
	__u8 tunnel_ttl;
	union {
		__u16 tunnel_ext;	/* old name */
		__be16 tunnel_flags;
	};
	__u32 tunnel_label;
	union {
		__u32 local_ipv4;
		__u32 local_ipv6[4];
	};
};

/* bpf_skb_get_xfrm_state() */
struct bpf_xfrm_state {
	__u32 reqid;
	__u32 spi;			/* network byte order */
	__u16 family;
	__u16 ext;			/* padding */
	union {
		__u32 remote_ipv4;	/* network byte order */
		__u32 remote_ipv6[4];	/* network byte order */
	};
};

/* Read-only view of a socket (skb->sk, bpf_sk_lookup_tcp() and friends). */
struct bpf_sock {
	__u32 bound_dev_if;
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 mark;
	__u32 priority;
	__u32 src_ip4;
	__u32 src_ip6[4];
	__u32 src_port;			/* host byte order */
	__be16 dst_port;		/* network byte order */
	__u16 :16;			/* padding */
	__u32 dst_ip4;
	__u32 dst_ip6[4];
	__u32 state;
	__s32 rx_queue_mapping;
};

/* bpf_tcp_sock() */
struct bpf_tcp_sock {
	__u32 snd_cwnd;
	__u32 srtt_us;			/* smoothed RTT << 3, microseconds */
	__u32 rtt_min;
	__u32 snd_ssthresh;
	__u32 rcv_nxt;
	__u32 snd_nxt;
	__u32 snd_una;
	__u32 mss_cache;
	__u32 ecn_flags;
	__u32 rate_delivered;
	__u32 rate_interval_us;
	__u32 packets_out;
	__u32 retrans_out;
	__u32 total_retrans;
	__u32 segs_in;
	__u32 data_segs_in;
	__u32 segs_out;
	__u32 data_segs_out;
	__u32 lost_out;
	__u32 sacked_out;
	__u64 bytes_received;
	__u64 bytes_acked;
	__u32 dsack_dups;
	__u32 delivered;
	__u32 delivered_ce;
	__u32 icsk_retransmits;
};

/* Lookup key of bpf_sk_lookup_tcp(), bpf_sk_lookup_udp(), bpf_skc_lookup_tcp(). */
struct bpf_sock_tuple {
	union {
		struct {
			__be32 saddr;
			__be32 daddr;
			__be16 sport;
			__be16 dport;
		} ipv4;
		struct {
			__be32 saddr[4];
			__be32 daddr[4];
			__be16 sport;
			__be16 dport;
		} ipv6;
	};
};

struct bpf_xdp_sock {
	__u32 queue_id;
};

/* Context of XDP programs: data, data_end and data_meta are packet pointers. */
struct xdp_md {
	__u32 data;
	__u32 data_end;
	__u32 data_meta;
	__u32 ingress_ifindex;
	__u32 rx_queue_index;
	__u32 egress_ifindex;
};

/* Value of a BPF_MAP_TYPE_DEVMAP(_HASH) entry. */
struct bpf_devmap_val {
	__u32 ifindex;
	union {
		int fd;			/* written by user space */
		__u32 id;		/* read back */
	} bpf_prog;
};

/* Value of a BPF_MAP_TYPE_CPUMAP entry. */
struct bpf_cpumap_val {
	__u32 qsize;
	union {
		int fd;
		__u32 id;
	} bpf_prog;
};

/* In/out parameters of bpf_fib_lookup(). */
struct bpf_fib_lookup {
	__u8 family;			/* AF_INET or AF_INET6 */
	__u8 l4_protocol;
	__be16 sport;
	__be16 dport;
	union {
		__u16 tot_len;		/* in: L3 length, for the MTU check */
		__u16 mtu_result;	/* out: MTU when FRAG_NEEDED */
	} __attribute__((packed, aligned(2)));
	__u32 ifindex;			/* in: ingress, out: egress device */
	union {
		__u8 tos;		/* AF_INET */
		__be32 flowinfo;	/* AF_INET6 */
		__u32 rt_metric;	/* out */
	};
	union {
		__be32 ipv4_src;
		__u32 ipv6_src[4];
	};
	union {
		__be32 ipv4_dst;
		__u32 ipv6_dst[4];
	};
	union {
		struct {
			__be16 h_vlan_proto;
			__be16 h_vlan_TCI;
		};
		__u32 tbid;		/* in, with BPF_FIB_LOOKUP_TBID */
	};
	union {
		struct {
			__u32 mark;	/* in, with BPF_FIB_LOOKUP_MARK */
		};
		struct {
			__u8 smac[6];	/* out */
			__u8 dmac[6];	/* out */
		};
	};
};

/* Next hop for bpf_redirect_neigh(). */
struct bpf_redir_neigh {
	__u32 nh_family;
	union {
		__be32 ipv4_nh;
		__u32 ipv6_nh[4];
	};
};

/* Context fields of flow dissector programs. */
struct bpf_flow_keys {
	__u16 nhoff;
	__u16 thoff;
	__u16 addr_proto;
	__u8 is_frag;
	__u8 is_first_frag;
	__u8 is_encap;
	__u8 ip_proto;
	__be16 n_proto;
	__be16 sport;
	__be16 dport;
	union {
		struct {
			__be32 ipv4_src;
			__be32 ipv4_dst;
		};
		struct {
			__u32 ipv6_src[4];
			__u32 ipv6_dst[4];
		};
	};
	__u32 flags;
	__be32 flow_label;
};

/* LPM trie keys: prefix length in bits, then the address bytes. */
struct bpf_lpm_trie_key {
	__u32 prefixlen;
	__u8 data[0];
};

struct bpf_lpm_trie_key_hdr {
	__u32 prefixlen;
};

struct bpf_lpm_trie_key_u8 {
	union {
		struct bpf_lpm_trie_key_hdr hdr;
		__u32 prefixlen;
	};
	__u8 data[];
};

struct bpf_perf_event_value {
	__u64 counter;
	__u64 enabled;
	__u64 running;
};

/* Opaque kernel objects that may be embedded in map values. */
struct bpf_spin_lock {
	__u32 val;
};

struct bpf_timer {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_wq {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_dynptr {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_list_head {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_list_node {
	__u64 __opaque[3];
} __attribute__((aligned(8)));

struct bpf_rb_root {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

struct bpf_rb_node {
	__u64 __opaque[4];
} __attribute__((aligned(8)));

struct bpf_refcount {
	__u32 __opaque[1];
} __attribute__((aligned(4)));

struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

#endif /* __XDP_LAB_BPF_STRUCTS_H */
