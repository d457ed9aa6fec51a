/* IPv4 protocol numbers, addresses and well-known address ranges. */
#ifndef _LINUX_IN_H
#define _LINUX_IN_H

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/socket.h>

/* IP protocol numbers; each is an enumerator and a macro of the same name. */
enum {
	IPPROTO_IP = 0,
#define IPPROTO_IP		IPPROTO_IP
	IPPROTO_ICMP = 1,
#define IPPROTO_ICMP		IPPROTO_ICMP
	IPPROTO_IGMP = 2,
#define IPPROTO_IGMP		IPPROTO_IGMP
	IPPROTO_IPIP = 4,		/* IPv4 in IPv4 */
#define IPPROTO_IPIP		IPPROTO_IPIP
	IPPROTO_TCP = 6,
#define IPPROTO_TCP		IPPROTO_TCP
	IPPROTO_EGP = 8,
#define IPPROTO_EGP		IPPROTO_EGP
	IPPROTO_PUP = 12,
#define IPPROTO_PUP		IPPROTO_PUP
	IPPROTO_UDP = 17,
#define IPPROTO_UDP		IPPROTO_UDP
	IPPROTO_IDP = 22,
#define IPPROTO_IDP		IPPROTO_IDP
	IPPROTO_TP = 29,
#define IPPROTO_TP		IPPROTO_TP
	IPPROTO_DCCP = 33,
#define IPPROTO_DCCP		IPPROTO_DCCP
	IPPROTO_IPV6 = 41,		/* IPv6 in IPv4 */
#define IPPROTO_IPV6		IPPROTO_IPV6
	IPPROTO_RSVP = 46,
#define IPPROTO_RSVP		IPPROTO_RSVP
	IPPROTO_GRE = 47,
#define IPPROTO_GRE		IPPROTO_GRE
	IPPROTO_ESP = 50,
#define IPPROTO_ESP		IPPROTO_ESP
	IPPROTO_AH = 51,
#define IPPROTO_AH		IPPROTO_AH
	IPPROTO_MTP = 92,
#define IPPROTO_MTP		IPPROTO_MTP
	IPPROTO_BEETPH = 94,
#define IPPROTO_BEETPH		IPPROTO_BEETPH
	IPPROTO_ENCAP = 98,
#define IPPROTO_ENCAP		IPPROTO_ENCAP
	IPPROTO_PIM = 103,
#define IPPROTO_PIM		IPPROTO_PIM
	IPPROTO_COMP = 108,
#define IPPROTO_COMP		IPPROTO_COMP
	IPPROTO_L2TP = 115,
#define IPPROTO_L2TP		IPPROTO_L2TP
	IPPROTO_SCTP = 132,
#define IPPROTO_SCTP		IPPROTO_SCTP
	IPPROTO_UDPLITE = 136,
#define IPPROTO_UDPLITE		IPPROTO_UDPLITE
	IPPROTO_MPLS = 137,
#define IPPROTO_MPLS		IPPROTO_MPLS
	IPPROTO_ETHERNET = 143,
#define IPPROTO_ETHERNET	IPPROTO_ETHERNET
	IPPROTO_AGGFRAG = 144,
#define IPPROTO_AGGFRAG		IPPROTO_AGGFRAG
	IPPROTO_RAW = 255,
#define IPPROTO_RAW		IPPROTO_RAW
	IPPROTO_SMC = 256,
#define IPPROTO_SMC		IPPROTO_SMC
	IPPROTO_MPTCP = 262,
#define IPPROTO_MPTCP		IPPROTO_MPTCP
	IPPROTO_MAX
};

struct in_addr {
	__be32 s_addr;
};

#define __SOCK_SIZE__ 16

struct sockaddr_in {
	__kernel_sa_family_t sin_family;
	__be16 sin_port;
	struct in_addr sin_addr;
	unsigned char __pad[__SOCK_SIZE__ - sizeof(short int) -
			    sizeof(unsigned short int) - sizeof(struct in_addr)];
};
#define sin_zero __pad

/* Address classes and special addresses, in host byte order. */
#define IN_CLASSA(a)		((((long int) (a)) & 0x80000000) == 0)
#define IN_CLASSA_NET		0xff000000
#define IN_CLASSA_NSHIFT	24
#define IN_CLASSA_HOST		(0xffffffff & ~IN_CLASSA_NET)
#define IN_CLASSA_MAX		128

#define IN_CLASSB(a)		((((long int) (a)) & 0xc0000000) == 0x80000000)
#define IN_CLASSB_NET		0xffff0000
#define IN_CLASSB_NSHIFT	16
#define IN_CLASSB_HOST		(0xffffffff & ~IN_CLASSB_NET)
#define IN_CLASSB_MAX		65536

#define IN_CLASSC(a)		((((long int) (a)) & 0xe0000000) == 0xc0000000)
#define IN_CLASSC_NET		0xffffff00
#define IN_CLASSC_NSHIFT	8
#define IN_CLASSC_HOST		(0xffffffff & ~IN_CLASSC_NET)

#define IN_CLASSD(a)		((((long int) (a)) & 0xf0000000) == 0xe0000000)
#define IN_MULTICAST(a)		IN_CLASSD(a)
#define IN_MULTICAST_NET	0xe0000000

#define IN_BADCLASS(a)		(((long int) (a) ) == (long int)0xffffffff)
#define IN_EXPERIMENTAL(a)	IN_BADCLASS((a))

#define IN_CLASSE(a)		((((long int) (a)) & 0xf0000000) == 0xf0000000)
#define IN_CLASSE_NET		0xffffffff
#define IN_CLASSE_NSHIFT	0

#define INADDR_ANY		((unsigned long int) 0x00000000)
#define INADDR_BROADCAST	((unsigned long int) 0xffffffff)
#define INADDR_NONE		((unsigned long int) 0xffffffff)
#define INADDR_DUMMY		((unsigned long int) 0xc0000008)

#define IN_LOOPBACKNET		127
#define INADDR_LOOPBACK		0x7f000001	/* 127.0.0.1 */
#define IN_LOOPBACK(a)		((((long int) (a)) & 0xff000000) == 0x7f000000)

#define INADDR_UNSPEC_GROUP		0xe0000000U	/* 224.0.0.0 */
#define INADDR_ALLHOSTS_GROUP		0xe0000001U	/* 224.0.0.1 */
#define INADDR_ALLRTRS_GROUP		0xe0000002U	/* 224.0.0.2 */
#define INADDR_ALLSNOOPERS_GROUP	0xe000006aU	/* 224.0.0.106 */
#define INADDR_MAX_LOCAL_GROUP		0xe00000ffU	/* 224.0.0.255 */

#endif /* _LINUX_IN_H */
