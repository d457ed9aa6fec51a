/* BPF is a 64-bit target: long and pointers are 8 bytes. */
#ifndef _ASM_BITSPERLONG_H
#define _ASM_BITSPERLONG_H

#define __BITS_PER_LONG 64

#endif /* _ASM_BITSPERLONG_H */
