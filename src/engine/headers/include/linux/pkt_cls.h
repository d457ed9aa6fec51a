/* tc classifier/action verdicts (TC_ACT_*) returned by tc BPF programs. */
#ifndef __LINUX_PKT_CLS_H
#define __LINUX_PKT_CLS_H

#include <linux/types.h>
#include <linux/pkt_sched.h>

#define TC_COOKIE_MAX_SIZE 16

#define TC_ACT_UNSPEC		(-1)	/* use the default configured action */
#define TC_ACT_OK		0	/* pass the packet on */
#define TC_ACT_RECLASSIFY	1
#define TC_ACT_SHOT		2	/* drop */
#define TC_ACT_PIPE		3
#define TC_ACT_STOLEN		4	/* consumed, no further processing */
#define TC_ACT_QUEUED		5
#define TC_ACT_REPEAT		6
#define TC_ACT_REDIRECT		7	/* after bpf_redirect() */
#define TC_ACT_TRAP		8	/* hand to the CPU (hardware offload) */
#define TC_ACT_VALUE_MAX	TC_ACT_TRAP

/* Extended verdicts keep an opcode in the top 4 bits. */
#define __TC_ACT_EXT_SHIFT 28
#define __TC_ACT_EXT(local) ((local) << __TC_ACT_EXT_SHIFT)
#define TC_ACT_EXT_VAL_MASK ((1 << __TC_ACT_EXT_SHIFT) - 1)
#define TC_ACT_EXT_OPCODE(combined) ((combined) & (~TC_ACT_EXT_VAL_MASK))
#define TC_ACT_EXT_CMP(combined, opcode) (TC_ACT_EXT_OPCODE(combined) == opcode)

#define TC_ACT_JUMP __TC_ACT_EXT(1)
#define TC_ACT_GOTO_CHAIN __TC_ACT_EXT(2)
#define TC_ACT_EXT_OPCODE_MAX TC_ACT_GOTO_CHAIN

#endif /* __LINUX_PKT_CLS_H */
