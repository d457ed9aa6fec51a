/* BPF uses the generic error numbers. */
#ifndef _ASM_ERRNO_H
#define _ASM_ERRNO_H

#include <asm-generic/errno.h>

#endif /* _ASM_ERRNO_H */
