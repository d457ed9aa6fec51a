/* ERSPAN tunnel metadata, as read and written by bpf_skb_{get,set}_tunnel_opt(). */
#ifndef _ERSPAN_H
#define _ERSPAN_H

#include <linux/types.h>
#include <asm/byteorder.h>

/* Type III (version 2) fields; little-endian bitfield order. */
struct erspan_md2 {
	__be32 timestamp;
	__be16 sgt;		/* security group tag */
	__u8 hwid_upper:2,
	     ft:5,
	     p:1;
	__u8 o:1,
	     gra:2,
	     dir:1,
	     hwid:4;
};

struct erspan_metadata {
	int version;
	union {
		__be32 index;		/* version 1 (type II) */
		struct erspan_md2 md2;	/* version 2 (type III) */
	} u;
};

#endif /* _ERSPAN_H */
