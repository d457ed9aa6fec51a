/*
 * Kernel-tree spelling used by samples/bpf. Inside the kernel tree this path
 * also brings the kernel's own short types, so they come along here too.
 */
#ifndef __XDP_LAB_UAPI_LINUX_BPF_H
#define __XDP_LAB_UAPI_LINUX_BPF_H

#include <linux/bpf.h>
#include <xdp-lab/kernel-compat.h>

#endif /* __XDP_LAB_UAPI_LINUX_BPF_H */
