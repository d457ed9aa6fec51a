/* BPF programs here are little-endian (bpfel). */
#ifndef _ASM_BYTEORDER_H
#define _ASM_BYTEORDER_H

#include <linux/byteorder/little_endian.h>

#endif /* _ASM_BYTEORDER_H */
