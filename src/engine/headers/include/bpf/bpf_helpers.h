/*
 * Program-side conveniences in the style of libbpf's <bpf/bpf_helpers.h>:
 * section and map-definition macros, attributes, printk, and the helper
 * declarations. Unlike libbpf's, it stands alone: the helper declarations
 * bring the __u32 family along (identical typedefs, so any include order works).
 */
#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__

#include <bpf/bpf_helper_defs.h>

/* BTF-defined maps: each field is a pointer type whose shape encodes a value. */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
#define __ulong(name, val) enum { ___bpf_concat(__unique_value, __COUNTER__) = val } name

/* Places a program, map or variable in an ELF section; loaders read the name. */
#define SEC(name) __attribute__((section(name), used))

/* Force inlining: BPF-to-BPF calls are possible, but inlined code verifies alone. */
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))

#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#define __hidden __attribute__((visibility("hidden")))

/* Global-function argument annotations for the verifier. */
#define __arg_ctx __attribute__((btf_decl_tag("arg:ctx")))
#define __arg_nonnull __attribute__((btf_decl_tag("arg:nonnull")))
#define __arg_nullable __attribute__((btf_decl_tag("arg:nullable")))
#define __arg_trusted __attribute__((btf_decl_tag("arg:trusted")))
#define __arg_arena __attribute__((btf_decl_tag("arg:arena")))

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#ifndef KERNEL_VERSION
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

#ifndef offsetof
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#endif

#ifndef container_of
#define container_of(ptr, type, member)				\
	({							\
		void *__mptr = (void *)(ptr);			\
		((type *)(__mptr - offsetof(type, member)));	\
	})
#endif

/* Compiler barriers: stop clang from moving memory accesses, or from reasoning about var. */
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

#ifndef __bpf_unreachable
#define __bpf_unreachable() __builtin_trap()
#endif

/*
 * Tail call with a compile-time slot number, which lets the verifier know the
 * target. After inlining, slot is a constant operand of the helper call.
 */
static __always_inline void
bpf_tail_call_static(void *ctx, const void *map, const __u32 slot)
{
	if (!__builtin_constant_p(slot))
		__bpf_unreachable();
	bpf_tail_call(ctx, (void *)map, slot);
}

/* Pinning modes for the `pinning` field of a BTF map definition. */
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME,	/* pin under /sys/fs/bpf/<map name> */
};

/* Values of `extern enum libbpf_tristate CONFIG_X __kconfig;` */
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/* Externs resolved by the loader: kernel config values and kernel symbols. */
#define __kconfig __attribute__((section(".kconfig")))
#define __ksym __attribute__((section(".ksyms")))
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#define __kptr __attribute__((btf_type_tag("kptr")))
#define __percpu_kptr __attribute__((btf_type_tag("percpu_kptr")))

/* True when the weak kernel symbol sym was found at load time. */
#define bpf_ksym_exists(sym) ({						\
	_Static_assert(!__builtin_constant_p(!!sym),			\
		       #sym " should be marked as __weak");		\
	!!sym;								\
})

/*
 * Legacy map definition (SEC("maps")), as libbpf before 1.0 declared it.
 * New code uses BTF-defined maps in SEC(".maps").
 */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

/* Argument counting for the printf-style macros below. */
#ifndef ___bpf_concat
#define ___bpf_concat(a, b) a ## b
#endif
#ifndef ___bpf_apply
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#endif
#ifndef ___bpf_nth
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#endif
#ifndef ___bpf_narg
#define ___bpf_narg(...) \
	___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#endif

/* Each argument cast to u64, as a comma-separated initializer list. */
#define ___bpf_u64s0()
#define ___bpf_u64s1(x) (unsigned long long)(x)
#define ___bpf_u64s2(x, ...) (unsigned long long)(x), ___bpf_u64s1(__VA_ARGS__)
#define ___bpf_u64s3(x, ...) (unsigned long long)(x), ___bpf_u64s2(__VA_ARGS__)
#define ___bpf_u64s4(x, ...) (unsigned long long)(x), ___bpf_u64s3(__VA_ARGS__)
#define ___bpf_u64s5(x, ...) (unsigned long long)(x), ___bpf_u64s4(__VA_ARGS__)
#define ___bpf_u64s6(x, ...) (unsigned long long)(x), ___bpf_u64s5(__VA_ARGS__)
#define ___bpf_u64s7(x, ...) (unsigned long long)(x), ___bpf_u64s6(__VA_ARGS__)
#define ___bpf_u64s8(x, ...) (unsigned long long)(x), ___bpf_u64s7(__VA_ARGS__)
#define ___bpf_u64s9(x, ...) (unsigned long long)(x), ___bpf_u64s8(__VA_ARGS__)
#define ___bpf_u64s10(x, ...) (unsigned long long)(x), ___bpf_u64s9(__VA_ARGS__)
#define ___bpf_u64s11(x, ...) (unsigned long long)(x), ___bpf_u64s10(__VA_ARGS__)
#define ___bpf_u64s12(x, ...) (unsigned long long)(x), ___bpf_u64s11(__VA_ARGS__)
#define ___bpf_u64s(...) \
	___bpf_apply(___bpf_u64s, ___bpf_narg(__VA_ARGS__))(__VA_ARGS__)

/* The array-based printers take their arguments as an array of u64. */
#define BPF_SEQ_PRINTF(seq, fmt, ...)					\
({									\
	static const char ___fmt[] = fmt;				\
	unsigned long long ___param[] = { ___bpf_u64s(__VA_ARGS__) };	\
	bpf_seq_printf(seq, ___fmt, sizeof(___fmt),			\
		       ___param, sizeof(___param));			\
})

#define BPF_SNPRINTF(out, out_size, fmt, ...)				\
({									\
	static const char ___fmt[] = fmt;				\
	unsigned long long ___param[] = { ___bpf_u64s(__VA_ARGS__) };	\
	bpf_snprintf(out, out_size, ___fmt,				\
		     ___param, sizeof(___param));			\
})

#ifdef BPF_NO_GLOBAL_DATA
#define BPF_PRINTK_FMT_MOD
#else
#define BPF_PRINTK_FMT_MOD static const
#endif

/* Up to three arguments: bpf_trace_printk() takes them directly. */
#define __bpf_printk(fmt, ...)					\
({								\
	BPF_PRINTK_FMT_MOD char ____fmt[] = fmt;		\
	bpf_trace_printk(____fmt, sizeof(____fmt),		\
			 ##__VA_ARGS__);			\
})

/* More than three: bpf_trace_vprintk() takes them as an array. */
#define __bpf_vprintk(fmt, ...)						\
({									\
	static const char ___fmt[] = fmt;				\
	unsigned long long ___param[] = { ___bpf_u64s(__VA_ARGS__) };	\
	bpf_trace_vprintk(___fmt, sizeof(___fmt),			\
			  ___param, sizeof(___param));			\
})

#define ___bpf_pick_printk(...) \
	___bpf_nth(_, ##__VA_ARGS__, __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,	\
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,		\
		   __bpf_vprintk, __bpf_vprintk, __bpf_printk, __bpf_printk,		\
		   __bpf_printk, __bpf_printk)

/* printf to /sys/kernel/tracing/trace_pipe. */
#define bpf_printk(fmt, ...) ___bpf_pick_printk(__VA_ARGS__)(fmt, ##__VA_ARGS__)

#endif /* __BPF_HELPERS__ */
