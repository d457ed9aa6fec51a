// The kernel UAPI records both layout suites compare: test/headers (our headers through clang) and test/types
// (our type engine), each against clang on the system headers.

export const UAPI_PRELUDE = [
  'linux/types.h', 'linux/bpf.h', 'linux/if_ether.h', 'linux/if_packet.h', 'linux/ip.h', 'linux/ipv6.h',
  'linux/in.h', 'linux/in6.h', 'linux/tcp.h', 'linux/udp.h', 'linux/icmp.h', 'linux/icmpv6.h',
  'linux/if_arp.h', 'linux/mpls.h', 'linux/erspan.h', 'linux/if_tunnel.h',
].map((h) => `#include <${h}>`).join('\n');

/** Structs both our linux/*.h and the system UAPI define. */
export const UAPI_STRUCTS = [
  'ethhdr', 'iphdr', 'ipv6hdr', 'in6_addr', 'in_addr', 'tcphdr', 'udphdr', 'icmphdr', 'icmp6hdr',
  'icmpv6_echo', 'icmpv6_nd_advt', 'icmpv6_nd_ra', 'union tcp_word_hdr', 'arphdr', 'ipv6_opt_hdr',
  'ipv6_rt_hdr', 'rt0_hdr', 'rt2_hdr', 'ipv6_destopt_hao', 'ip_auth_hdr', 'ip_esp_hdr', 'ip_comp_hdr',
  'ip_beet_phdr', 'mpls_label', 'erspan_md2', 'erspan_metadata', 'ip_tunnel_parm', 'sockaddr_in',
  'sockaddr_in6', 'sockaddr_ll', 'xdp_md', '__sk_buff', 'bpf_fib_lookup', 'bpf_tunnel_key',
  'bpf_sock_tuple', 'bpf_sock', 'bpf_tcp_sock', 'bpf_xfrm_state', 'bpf_xdp_sock', 'bpf_flow_keys',
  'bpf_devmap_val', 'bpf_cpumap_val', 'bpf_redir_neigh', 'bpf_spin_lock', 'bpf_timer', 'bpf_dynptr',
  'bpf_perf_event_value', 'bpf_lpm_trie_key', 'bpf_lpm_trie_key_hdr', 'bpf_lpm_trie_key_u8', 'bpf_insn',
];

/** Structs our vmlinux.h defines that the UAPI also defines. */
export const VMLINUX_STRUCTS = [
  'ethhdr', 'iphdr', 'ipv6hdr', 'in6_addr', 'in_addr', 'tcphdr', 'udphdr', 'icmphdr', 'icmp6hdr',
  'arphdr', 'ipv6_opt_hdr', 'ipv6_rt_hdr', 'ip_auth_hdr', 'ip_esp_hdr', 'mpls_label', 'erspan_md2',
  'erspan_metadata', 'xdp_md', '__sk_buff', 'bpf_fib_lookup', 'bpf_tunnel_key', 'bpf_sock_tuple',
  'bpf_sock', 'bpf_tcp_sock', 'bpf_xfrm_state', 'bpf_flow_keys', 'bpf_devmap_val', 'bpf_cpumap_val',
  'bpf_redir_neigh', 'bpf_spin_lock', 'bpf_timer', 'bpf_dynptr',
];

/**
 * Members we have and the system headers (an older kernel's UAPI) lack. Each is
 * a newer-kernel addition over storage the old layout already had.
 */
export const NEWER_MEMBERS: Record<string, string[]> = {
  bpf_fib_lookup: ['mark'],	// input for BPF_FIB_LOOKUP_MARK, over smac/dmac (6.10)
  bpf_timer: ['__opaque'],	// named padding replaced two anonymous bitfields
  bpf_dynptr: ['__opaque'],
};
