/* Older programs include "bpf_endian.h" from libbpf's source directory. */
#ifndef __XDP_LAB_TOP_BPF_ENDIAN_H
#define __XDP_LAB_TOP_BPF_ENDIAN_H

#include <bpf/bpf_endian.h>

#endif /* __XDP_LAB_TOP_BPF_ENDIAN_H */
