/*
 * Minimal stand-in for libbpf's <bpf/bpf_tracing.h>. Networking programs
 * include it without using it; the tracing macros (PT_REGS_*, BPF_KPROBE,
 * BPF_PROG) are not provided.
 */
#ifndef __BPF_TRACING_H__
#define __BPF_TRACING_H__

#include <bpf/bpf_helpers.h>

#endif /* __BPF_TRACING_H__ */
