/* Architecture integer types: BPF uses the generic long-long layout. */
#ifndef _ASM_TYPES_H
#define _ASM_TYPES_H

#include <asm-generic/int-ll64.h>

#endif /* _ASM_TYPES_H */
