// Which ELF sections are programs, and of which type, following libbpf's section names.

import type { ProgramType } from './ir';

/**
 * 'other': a free-form legacy name ("xdp_stats1", "encap_ipip"), typed by the program's context parameter;
 * 'known-other': a libbpf section of another program type (kprobe, socket, cgroup_skb, …).
 */
export function programTypeOf(section: string): ProgramType | 'other' | 'known-other' | undefined {
  if (section.startsWith('.') || section === 'license' || section === 'version' || section === 'maps') return undefined;
  if (/^xdp(\.frags)?(\/|$)/.test(section) || /^xdp[._](devmap|cpumap)(\.frags)?(\/|$)/.test(section)) return 'xdp';
  if (/^(tc|classifier|tcx|action)(\/|$)/.test(section) || /^tc[_.](ingress|egress)$/.test(section)) return 'tc';
  return NOT_XDP_OR_TC.test(section) ? 'known-other' : 'other';
}

/** libbpf's section prefixes of program types that are neither XDP nor TC (their context may be __sk_buff too). */
const NOT_XDP_OR_TC = new RegExp(
  '^(socket|sk_reuseport|kprobe|uprobe|kretprobe|uretprobe|ksyscall|kretsyscall|usdt|tracepoint|tp|raw_tracepoint|raw_tp|' +
    'tp_btf|fentry|fexit|fmod_ret|freplace|lsm|iter|syscall|cgroup_skb|cgroup|sockops|sk_skb|sk_msg|lirc_mode2|' +
    'flow_dissector|lwt_in|lwt_out|lwt_xmit|lwt_seg6local|perf_event|struct_ops|sk_lookup|netfilter|netkit|seccomp)(\\/|$)',
);
