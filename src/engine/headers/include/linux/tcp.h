/* The TCP header, its flag word, and TCP option kinds. */
#ifndef _LINUX_TCP_H
#define _LINUX_TCP_H

#include <linux/types.h>
#include <asm/byteorder.h>
#include <linux/socket.h>

struct tcphdr {
	__be16 source;
	__be16 dest;
	__be32 seq;
	__be32 ack_seq;
	/* Little-endian bitfield order within the 16-bit word. */
	__u16 res1:4,
	      doff:4,		/* header length in 32-bit words */
	      fin:1,
	      syn:1,
	      rst:1,
	      psh:1,
	      ack:1,
	      urg:1,
	      ece:1,
	      cwr:1;
	__be16 window;
	__sum16 check;
	__be16 urg_ptr;
};

/* The fixed header as 32-bit words; word 3 holds data offset and flags. */
union tcp_word_hdr {
	struct tcphdr hdr;
	__be32 words[5];
};

#define tcp_flag_word(tp) (((union tcp_word_hdr *)(tp))->words[3])

/* Masks for tcp_flag_word(), already in network byte order. */
enum {
	TCP_FLAG_CWR = __constant_cpu_to_be32(0x00800000),
	TCP_FLAG_ECE = __constant_cpu_to_be32(0x00400000),
	TCP_FLAG_URG = __constant_cpu_to_be32(0x00200000),
	TCP_FLAG_ACK = __constant_cpu_to_be32(0x00100000),
	TCP_FLAG_PSH = __constant_cpu_to_be32(0x00080000),
	TCP_FLAG_RST = __constant_cpu_to_be32(0x00040000),
	TCP_FLAG_SYN = __constant_cpu_to_be32(0x00020000),
	TCP_FLAG_FIN = __constant_cpu_to_be32(0x00010000),
	TCP_RESERVED_BITS = __constant_cpu_to_be32(0x0F000000),
	TCP_DATA_OFFSET = __constant_cpu_to_be32(0xF0000000)
};

#define TCP_MSS_DEFAULT		 536U
#define TCP_MSS_DESIRED		1220U

/*
 * Option kinds and lengths. Not UAPI (the kernel has them in <net/tcp.h>),
 * but option parsers need them; programs that define them too keep working.
 */
#ifndef TCPOPT_NOP
#define TCPOPT_NOP		1	/* padding */
#define TCPOPT_EOL		0	/* end of options */
#define TCPOPT_MSS		2
#define TCPOPT_WINDOW		3	/* window scale */
#define TCPOPT_SACK_PERM	4
#define TCPOPT_SACK		5
#define TCPOPT_TIMESTAMP	8
#define TCPOPT_MD5SIG		19
#define TCPOPT_AO		29
#define TCPOPT_MPTCP		30
#define TCPOPT_FASTOPEN		34
#define TCPOPT_EXP		254	/* experimental */
#endif

#ifndef TCPOLEN_MSS
#define TCPOLEN_MSS		4
#define TCPOLEN_WINDOW		3
#define TCPOLEN_SACK_PERM	2
#define TCPOLEN_TIMESTAMP	10
#define TCPOLEN_MD5SIG		18
#define TCPOLEN_FASTOPEN_BASE	2
#define TCPOLEN_EXP_FASTOPEN_BASE 4
#endif

#endif /* _LINUX_TCP_H */
