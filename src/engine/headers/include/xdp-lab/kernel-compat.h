/*
 * Names that kernel-tree BPF programs (samples/bpf) get from the kernel's own
 * headers rather than the UAPI: the short integer types, htons() and friends,
 * and the mem* functions. Pulled in by <uapi/linux/bpf.h> and <linux/if_vlan.h>.
 */
#ifndef __XDP_LAB_KERNEL_COMPAT_H
#define __XDP_LAB_KERNEL_COMPAT_H

#include <linux/types.h>
#include <asm/byteorder.h>
#include <string.h>

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

#ifndef htons
#define htons(x) __cpu_to_be16(x)
#define ntohs(x) __be16_to_cpu(x)
#define htonl(x) __cpu_to_be32(x)
#define ntohl(x) __be32_to_cpu(x)
#endif

#define cpu_to_be16 __cpu_to_be16
#define be16_to_cpu __be16_to_cpu
#define cpu_to_be32 __cpu_to_be32
#define be32_to_cpu __be32_to_cpu
#define cpu_to_be64 __cpu_to_be64
#define be64_to_cpu __be64_to_cpu

#endif /* __XDP_LAB_KERNEL_COMPAT_H */
