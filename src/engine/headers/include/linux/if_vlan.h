/*
 * 802.1Q tag. The UAPI <linux/if_vlan.h> only has ioctl definitions; programs
 * that include it (samples/bpf) rely on the kernel's version, which has these.
 */
#ifndef _LINUX_IF_VLAN_H_
#define _LINUX_IF_VLAN_H_

#include <linux/types.h>
#include <linux/if_ether.h>
#include <xdp-lab/kernel-compat.h>

#define VLAN_HLEN		4	/* tag bytes added after the MAC addresses */
#define VLAN_ETH_HLEN		18
#define VLAN_ETH_ZLEN		64
#define VLAN_ETH_DATA_LEN	1500
#define VLAN_ETH_FRAME_LEN	1518

/*
 * Fields of h_vlan_TCI in host byte order: 3 bits of priority, the drop
 * eligible bit, 12 bits of VLAN id. Spelled as the kernel spells them, so a
 * program that repeats these definitions redefines them identically.
 */
#define VLAN_PRIO_MASK		0xe000
#define VLAN_PRIO_SHIFT		13
#define VLAN_CFI_MASK		0x1000
#define VLAN_VID_MASK		0x0fff
#define VLAN_N_VID		4096

/* The tag that follows the MAC addresses; h_vlan_encapsulated_proto is the next EtherType. */
struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

/* Ethernet header with one VLAN tag. */
struct vlan_ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	__be16 h_vlan_proto;
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

#endif /* _LINUX_IF_VLAN_H_ */
