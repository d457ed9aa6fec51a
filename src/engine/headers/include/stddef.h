/* C standard definitions for the BPF target (LP64: long and pointers are 8 bytes). */
#ifndef __STDDEF_H
#define __STDDEF_H

typedef unsigned long size_t;
typedef long ptrdiff_t;
typedef int wchar_t;
typedef struct {
	long long __max_align_ll __attribute__((aligned(8)));
} max_align_t;

#ifndef NULL
#define NULL ((void *)0)
#endif

#ifndef offsetof
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#endif

#endif /* __STDDEF_H */
