/*
 * The BPF UAPI as seen by BPF programs: map and program types, helper flags,
 * context structs (struct xdp_md, struct __sk_buff) and helper parameter
 * structs. The syscall side (union bpf_attr, info structs) is left out.
 */
#ifndef _UAPI__LINUX_BPF_H__
#define _UAPI__LINUX_BPF_H__

#include <linux/types.h>
#include <linux/bpf_common.h>

/* eBPF-only instruction classes, sizes and operations */
#define BPF_JMP32	0x06
#define BPF_ALU64	0x07
#define BPF_DW		0x18
#define BPF_MEMSX	0x80
#define BPF_ATOMIC	0xc0
#define BPF_XADD	0xc0
#define BPF_MOV		0xb0
#define BPF_ARSH	0xc0
#define BPF_END		0xd0
#define BPF_TO_LE	0x00
#define BPF_TO_BE	0x08
#define BPF_FROM_LE	BPF_TO_LE
#define BPF_FROM_BE	BPF_TO_BE
#define BPF_JNE		0x50
#define BPF_JLT		0xa0
#define BPF_JLE		0xb0
#define BPF_JSGT	0x60
#define BPF_JSGE	0x70
#define BPF_JSLT	0xc0
#define BPF_JSLE	0xd0
#define BPF_JCOND	0xe0
#define BPF_CALL	0x80
#define BPF_EXIT	0x90
#define BPF_FETCH	0x01
#define BPF_XCHG	(0xe0 | BPF_FETCH)
#define BPF_CMPXCHG	(0xf0 | BPF_FETCH)

/* Registers R0..R10 */
enum {
	BPF_REG_0 = 0,
	BPF_REG_1,
	BPF_REG_2,
	BPF_REG_3,
	BPF_REG_4,
	BPF_REG_5,
	BPF_REG_6,
	BPF_REG_7,
	BPF_REG_8,
	BPF_REG_9,
	BPF_REG_10,
	__MAX_BPF_REG,
};

#define MAX_BPF_REG	__MAX_BPF_REG

struct bpf_insn {
	__u8 code;
	__u8 dst_reg:4;
	__u8 src_reg:4;
	__s16 off;
	__s32 imm;
};

#include <xdp-lab/bpf-enums.h>
#include <xdp-lab/bpf-func-id.h>
#include <xdp-lab/bpf-structs.h>

#define BPF_OBJ_NAME_LEN 16U
#define BPF_TAG_SIZE 8

/* Pseudo src_reg values of ld_imm64 and call instructions */
#define BPF_PSEUDO_MAP_FD	1
#define BPF_PSEUDO_MAP_IDX	5
#define BPF_PSEUDO_MAP_VALUE	2
#define BPF_PSEUDO_MAP_IDX_VALUE	6
#define BPF_PSEUDO_BTF_ID	3
#define BPF_PSEUDO_FUNC		4
#define BPF_PSEUDO_CALL		1
#define BPF_PSEUDO_KFUNC_CALL	2

/* Builds the inner L2 length field of bpf_skb_adjust_room() flags. */
#define BPF_F_ADJ_ROOM_ENCAP_L2(len)	(((__u64)len & \
					  BPF_ADJ_ROOM_ENCAP_L2_MASK) \
					 << BPF_ADJ_ROOM_ENCAP_L2_SHIFT)

#define BPF_F_REDIRECT_FLAGS (BPF_F_INGRESS | BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS)

/* A context pointer field that is 8 bytes wide whatever the pointer size. */
#define __bpf_md_ptr(type, name)	\
union {					\
	type name;			\
	__u64 :64;			\
} __attribute__((aligned(8)))

/* Headroom an XDP frame has in front of ctx->data. */
#define XDP_PACKET_HEADROOM 256

#endif /* _UAPI__LINUX_BPF_H__ */
