/* Older programs include "bpf_helpers.h" from libbpf's source directory. */
#ifndef __XDP_LAB_TOP_BPF_HELPERS_H
#define __XDP_LAB_TOP_BPF_HELPERS_H

#include <bpf/bpf_helpers.h>

#endif /* __XDP_LAB_TOP_BPF_HELPERS_H */
