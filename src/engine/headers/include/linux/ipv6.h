/* The IPv6 header and the extension headers the UAPI defines. */
#ifndef _IPV6_H
#define _IPV6_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/in6.h>
#include <asm/byteorder.h>

#define IPV6_MIN_MTU	1280

#define IPV6_SRCRT_STRICT	0x01
#define IPV6_SRCRT_TYPE_0	0
#define IPV6_SRCRT_TYPE_2	2
#define IPV6_SRCRT_TYPE_3	3	/* RPL */
#define IPV6_SRCRT_TYPE_4	4	/* segment routing */

struct ipv6_rt_hdr {
	__u8 nexthdr;
	__u8 hdrlen;		/* in 8-byte units, not counting the first 8 */
	__u8 type;
	__u8 segments_left;
};

/* Hop-by-hop and destination options share this two-byte start. */
struct ipv6_opt_hdr {
	__u8 nexthdr;
	__u8 hdrlen;		/* in 8-byte units, not counting the first 8 */
} __attribute__((packed));

#define ipv6_destopt_hdr ipv6_opt_hdr
#define ipv6_hopopt_hdr  ipv6_opt_hdr

#define IPV6_OPT_ROUTERALERT_MLD	0x0000

struct rt0_hdr {
	struct ipv6_rt_hdr rt_hdr;
	__u32 reserved;
	struct in6_addr addr[0];
#define rt0_type rt_hdr.type
};

struct rt2_hdr {
	struct ipv6_rt_hdr rt_hdr;
	__u32 reserved;
	struct in6_addr addr;
#define rt2_type rt_hdr.type
};

struct ipv6_destopt_hao {
	__u8 type;
	__u8 length;
	struct in6_addr addr;
} __attribute__((packed));

struct ipv6hdr {
	/* Little-endian bitfield order: priority is the low nibble of byte 0. */
	__u8 priority:4,
	     version:4;
	__u8 flow_lbl[3];
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	/* saddr and daddr, also reachable together as addrs. */
	union {
		struct {
			struct in6_addr saddr;
			struct in6_addr daddr;
		};
		struct {
			struct in6_addr saddr;
			struct in6_addr daddr;
		} addrs;
	};
};

#endif /* _IPV6_H */
