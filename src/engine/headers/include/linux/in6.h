/* IPv6 addresses and the extension-header protocol numbers. */
#ifndef _LINUX_IN6_H
#define _LINUX_IN6_H

#include <linux/types.h>

struct in6_addr {
	union {
		__u8 u6_addr8[16];
		__be16 u6_addr16[8];
		__be32 u6_addr32[4];
	} in6_u;
#define s6_addr		in6_u.u6_addr8
#define s6_addr16	in6_u.u6_addr16
#define s6_addr32	in6_u.u6_addr32
};

struct sockaddr_in6 {
	unsigned short int sin6_family;
	__be16 sin6_port;
	__be32 sin6_flowinfo;
	struct in6_addr sin6_addr;
	__u32 sin6_scope_id;
};

struct ipv6_mreq {
	struct in6_addr ipv6mr_multiaddr;
	int ipv6mr_ifindex;
};

#define ipv6mr_acaddr ipv6mr_multiaddr

/* Flow label and traffic class within the first 32-bit word of the header. */
#define IPV6_FLOWINFO_FLOWLABEL		0x000fffff
#define IPV6_FLOWINFO_PRIORITY		0x0ff00000

/* Next-header values of IPv6 extension headers. */
#define IPPROTO_HOPOPTS		0	/* hop-by-hop options */
#define IPPROTO_ROUTING		43	/* routing header */
#define IPPROTO_FRAGMENT	44	/* fragment header */
#define IPPROTO_ICMPV6		58
#define IPPROTO_NONE		59	/* no next header */
#define IPPROTO_DSTOPTS		60	/* destination options */
#define IPPROTO_MH		135	/* mobility header */

/* Option types inside hop-by-hop and destination option headers. */
#define IPV6_TLV_PAD1		0
#define IPV6_TLV_PADN		1
#define IPV6_TLV_ROUTERALERT	5
#define IPV6_TLV_CALIPSO	7
#define IPV6_TLV_IOAM		49
#define IPV6_TLV_JUMBO		194
#define IPV6_TLV_HAO		201

#endif /* _LINUX_IN6_H */
