/*
 * The kernel's scalar typedefs without any macro, shared by <linux/types.h>,
 * <vmlinux.h> and the helper declarations so each can stand alone. Repeating
 * an identical typedef is valid C11, so any include order works.
 */
#ifndef __XDP_LAB_SCALAR_TYPES_H
#define __XDP_LAB_SCALAR_TYPES_H

#include <asm-generic/int-ll64.h>

typedef __u16 __le16;
typedef __u16 __be16;
typedef __u32 __le32;
typedef __u32 __be32;
typedef __u64 __le64;
typedef __u64 __be64;
typedef __u16 __sum16;
typedef __u32 __wsum;
typedef unsigned int __poll_t;

#endif /* __XDP_LAB_SCALAR_TYPES_H */
