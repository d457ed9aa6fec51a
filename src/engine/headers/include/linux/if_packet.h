/* Packet types (__sk_buff->pkt_type, bpf_skb_change_type()) and AF_PACKET addresses. */
#ifndef __LINUX_IF_PACKET_H
#define __LINUX_IF_PACKET_H

#include <asm/byteorder.h>
#include <linux/types.h>

struct sockaddr_pkt {
	unsigned short spkt_family;
	unsigned char spkt_device[14];
	__be16 spkt_protocol;
};

struct sockaddr_ll {
	unsigned short sll_family;
	__be16 sll_protocol;
	int sll_ifindex;
	unsigned short sll_hatype;
	unsigned char sll_pkttype;
	unsigned char sll_halen;
	unsigned char sll_addr[8];
};

#define PACKET_HOST		0	/* addressed to this host */
#define PACKET_BROADCAST	1	/* link-layer broadcast */
#define PACKET_MULTICAST	2	/* link-layer multicast */
#define PACKET_OTHERHOST	3	/* addressed to another host */
#define PACKET_OUTGOING		4	/* sent by this host */
#define PACKET_LOOPBACK		5
#define PACKET_USER		6
#define PACKET_KERNEL		7
#define PACKET_FASTROUTE	6

#endif /* __LINUX_IF_PACKET_H */
