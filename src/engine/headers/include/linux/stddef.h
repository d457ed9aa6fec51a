/* UAPI helpers for declaring grouped members and flexible arrays. */
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H

/* bpf/bpf_helpers.h replaces this with a forcing definition. */
#ifndef __always_inline
#define __always_inline __inline__
#endif

/*
 * Declares MEMBERS twice over the same storage: once loose (so they can be used
 * directly) and once inside a struct named NAME (so they can be copied as a group).
 */
#define __struct_group(TAG, NAME, ATTRS, MEMBERS...) \
	union { \
		struct { MEMBERS } ATTRS; \
		struct TAG { MEMBERS } ATTRS NAME; \
	} ATTRS

/* A flexible array member that may sit alone in a union. */
#define __DECLARE_FLEX_ARRAY(TYPE, NAME) \
	struct { \
		struct { } __empty_ ## NAME; \
		TYPE NAME[]; \
	}

#ifndef __counted_by
#define __counted_by(m)
#endif

#endif /* _LINUX_STDDEF_H */
