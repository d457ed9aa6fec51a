/* UAPI scalar types: fixed-width integers plus the byte-order-tagged aliases. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <asm/types.h>
#include <linux/posix_types.h>

/* Sparse's "bitwise" marker; a no-op for the compiler. */
#define __bitwise
#define __bitwise__ __bitwise

/* Byte-order-tagged aliases: same storage, different meaning. */
#include <xdp-lab/scalar-types.h>

/* 64-bit fields that must stay 8-byte aligned even inside packed-ish layouts. */
#define __aligned_u64 __u64 __attribute__((aligned(8)))
#define __aligned_s64 __s64 __attribute__((aligned(8)))
#define __aligned_be64 __be64 __attribute__((aligned(8)))
#define __aligned_le64 __le64 __attribute__((aligned(8)))

#endif /* _LINUX_TYPES_H */
