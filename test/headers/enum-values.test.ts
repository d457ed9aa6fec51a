// Values of the constants our headers define (macros and enumerators) against
// the system headers, each side evaluated by clang -target bpf.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { BUILTIN_HEADERS } from '../../src/engine/headers';
import { clangValues, undeclaredNames } from './clang-values';
import { clangMissing, HeaderDirs, IncludeSetup, prepareHeaderDirs, skipUnless, systemHeadersMissing } from './header-dirs';

interface Group {
  title: string;
  /** Headers both sides include. */
  headers: string[];
  /** Our header texts the names are collected from (defaults to `headers`). */
  sources?: string[];
  names: RegExp;
  /** Names that must not be compared (not plain integer constants). */
  skip?: string[];
}

const GROUPS: Group[] = [
  {
    title: 'BPF UAPI (XDP_*, BPF_MAP_TYPE_*, BPF_F_*, BPF_FIB_*, ...)',
    headers: ['linux/bpf.h'],
    sources: ['linux/bpf.h', 'xdp-lab/bpf-enums.h'],
    names: /\b(?:XDP_(?:ABORTED|DROP|PASS|TX|REDIRECT|PACKET_HEADROOM)|BPF_(?:MAP_TYPE|PROG_TYPE|F|FIB|MTU_CHK|ADJ_ROOM|HDR_START|CSUM_LEVEL|TCP|RB|RINGBUF|SK|LOCAL_STORAGE|LWT|SKB|FLOW_DISSECTOR|REG|PSEUDO)_\w+|BPF_(?:ANY|NOEXIST|EXIST|OK|DROP|REDIRECT|LWT_REROUTE)|SK_(?:DROP|PASS)|TCX_\w+|MAX_BPF_REG|BPF_(?:JMP32|ALU64|DW|ATOMIC|XADD|MOV|ARSH|END|CALL|EXIT|FETCH|XCHG|CMPXCHG|TAG_SIZE|OBJ_NAME_LEN))\b/g,
  },
  { title: 'tc verdicts and handles', headers: ['linux/pkt_cls.h'], sources: ['linux/pkt_cls.h', 'linux/pkt_sched.h'], names: /\bTC_(?:ACT|H|PRIO)_\w+|\bTC_ACT_\w+/g },
  { title: 'Ethernet', headers: ['linux/if_ether.h'], names: /\bETH_\w+/g },
  { title: 'IP protocols', headers: ['linux/in.h', 'linux/in6.h'], names: /\bIPPROTO_\w+|\bINADDR_\w+|\bIN_LOOPBACKNET\b/g },
  { title: 'IPv4 header constants', headers: ['linux/ip.h'], names: /\bIP(?:TOS|OPT)_\w+|\b(?:IPVERSION|MAXTTL|IPDEFTTL|MAX_IPOPTLEN)\b/g },
  { title: 'IPv6 header constants', headers: ['linux/ipv6.h', 'linux/in6.h'], names: /\bIPV6_\w+/g },
  { title: 'TCP and UDP', headers: ['linux/tcp.h', 'linux/udp.h'], names: /\bTCP_(?:FLAG_\w+|RESERVED_BITS|DATA_OFFSET|MSS_\w+|ENCAP_\w+)|\bUDP_\w+/g },
  { title: 'ICMP and ICMPv6', headers: ['linux/icmp.h', 'linux/icmpv6.h'], names: /\b(?:NR_)?ICMP(?:V6)?_\w+|\bMLD2_\w+/g, skip: ['MLD2_ALL_MCR_INIT'] },
  { title: 'packet types', headers: ['linux/if_packet.h'], names: /\bPACKET_\w+/g },
  { title: 'ARP', headers: ['linux/if_arp.h'], names: /\b(?:ARPHRD|ARPOP|ATF)_\w+/g },
  { title: 'MPLS', headers: ['linux/mpls.h'], names: /\bMPLS_\w+/g },
  { title: 'tunnels', headers: ['linux/if_tunnel.h'], names: /\b(?:GRE|TUNNEL)_\w+|\bSIT_ISATAP\b|\bVTI_ISVTI\b/g },
  { title: 'errno', headers: ['linux/errno.h'], sources: ['asm-generic/errno-base.h', 'asm-generic/errno.h'], names: /\bE[A-Z0-9]{2,}\b/g },
];

/**
 * Names we define that the system headers (an older kernel's UAPI) do not:
 * later kernel additions. Anything else missing there is a mistake.
 */
const NEWER_THAN_SYSTEM = new Set<string>([
  'IPPROTO_AGGFRAG', 'IPPROTO_SMC', 'BPF_TCP_BOUND_INACTIVE', 'BPF_FIB_LOOKUP_MARK',
  'BPF_F_ADJ_ROOM_DECAP_L3_IPV4', 'BPF_F_ADJ_ROOM_DECAP_L3_IPV6', 'BPF_F_NO_TUNNEL_KEY',
  'BPF_F_LINK', 'BPF_F_PATH_FD', 'BPF_F_VTYPE_BTF_OBJ_FD', 'BPF_F_TOKEN_FD', 'BPF_F_SEGV_ON_FAULT',
  'BPF_F_NO_USER_CONV', 'BPF_F_TIMER_ABS', 'BPF_F_TIMER_CPU_PIN', 'BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED',
  'BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED', 'BPF_MAP_TYPE_CGRP_STORAGE', 'BPF_MAP_TYPE_ARENA',
  'BPF_MAP_TYPE_INSN_ARRAY', 'BPF_PROG_TYPE_NETFILTER', 'BPF_SKB_CLOCK_REALTIME', 'BPF_SKB_CLOCK_MONOTONIC',
  'BPF_SKB_CLOCK_TAI', 'TCX_NEXT', 'TCX_PASS', 'TCX_DROP', 'TCX_REDIRECT',
]);

/** Sentinels whose value grew when a newer kernel added a member before them. */
const GREW_SINCE_SYSTEM = new Set<string>(['BPF_TCP_MAX_STATES']);

/** Object-like macros and enumerators matching re in text (comments, function-like macros and __names left out). */
function constantNames(text: string, re: RegExp): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  const found = new Set(Array.from(code.matchAll(re), (m) => m[0]));
  const functionLike = new Set(Array.from(code.matchAll(/#define\s+(\w+)\(/g), (m) => m[1]));
  return Array.from(found).filter((n) => !functionLike.has(n) && !n.startsWith('__') && !n.endsWith('_')).sort();
}

function prelude(headers: string[]): string {
  return ['linux/types.h', ...headers].map((h) => `#include <${h}>`).join('\n');
}

function hex(v: bigint | undefined): string {
  return v === undefined ? 'undefined' : `0x${v.toString(16)}`;
}

/** Compares values on both sides; returns the names the system lacks. */
function compareValues(oursPrelude: string, sysPrelude: string, names: string[], ours: IncludeSetup, sys: IncludeSetup): string[] {
  const lacking = undeclaredNames(sysPrelude, names, sys);
  const shared = names.filter((n) => !lacking.has(n) && !GREW_SINCE_SYSTEM.has(n));
  const mine = clangValues(oursPrelude, names, ours);
  const theirs = clangValues(sysPrelude, shared, sys);
  for (const n of shared) assert.equal(hex(mine.get(n)), hex(theirs.get(n)), `${n}: ours vs system`);
  return Array.from(lacking).sort();
}

describe('built-in headers: constant values', function () {
  let dirs: HeaderDirs | undefined;

  before(function () {
    skipUnless(this, [clangMissing(), systemHeadersMissing()]);
    dirs = prepareHeaderDirs();
  });

  after(() => dirs?.cleanup());

  for (const group of GROUPS) {
    it(`${group.title} equal the system headers'`, function () {
      const text = (group.sources ?? group.headers).map((h) => BUILTIN_HEADERS[h] ?? '').join('\n');
      const names = constantNames(text, group.names).filter((n) => !(group.skip ?? []).includes(n));
      assert.ok(names.length > 0, 'no names collected');
      const p = prelude(group.headers);
      const lacking = compareValues(p, p, names, dirs!.ours, dirs!.system);
      assert.deepEqual(lacking.filter((n) => !NEWER_THAN_SYSTEM.has(n)), [], 'unknown to the system headers');
    });
  }

  it('vmlinux.h enums equal the UAPI values', function () {
    const text = [BUILTIN_HEADERS['xdp-lab/bpf-enums.h'], BUILTIN_HEADERS['vmlinux.h']].join('\n');
    const names = constantNames(text, /\b(?:XDP|BPF|SK|TCX|IPPROTO|TCP_FLAG)_\w+|\bTCP_(?:RESERVED_BITS|DATA_OFFSET)\b/g)
      .filter((n) => n !== 'BPF_NO_PRESERVE_ACCESS_INDEX');
    const sys = prelude(['linux/bpf.h', 'linux/in.h', 'linux/tcp.h']);
    const lacking = compareValues('#include <vmlinux.h>', sys, names, dirs!.ours, dirs!.system);
    assert.deepEqual(lacking.filter((n) => !NEWER_THAN_SYSTEM.has(n)), [], 'unknown to the system headers');
  });

  it('system names in the key groups are all defined by us', function () {
    // Completeness: every XDP action, map and program type, tc verdict, EtherType and IP protocol.
    const checks: Array<[string, RegExp]> = [
      ['linux/bpf.h', /\b(?:XDP_(?:ABORTED|DROP|PASS|TX|REDIRECT)|BPF_MAP_TYPE_\w+|BPF_PROG_TYPE_\w+|BPF_FIB_\w+)\b/g],
      ['linux/pkt_cls.h', /\bTC_ACT_\w+/g],
      ['linux/if_ether.h', /\bETH_P_\w+/g],
      ['linux/in.h', /\bIPPROTO_\w+/g],
      ['linux/in6.h', /\bIPPROTO_\w+/g],
    ];
    for (const [header, re] of checks) {
      const theirs = constantNames(readFileSync(`/usr/include/${header}`, 'utf8'), re);
      const lacking = undeclaredNames(prelude([header]), theirs, dirs!.ours);
      assert.deepEqual(Array.from(lacking), [], `${header}: system names we lack`);
    }
  });

  it('byte-order and flag-building macros compute what the system ones do', function () {
    const exprs = [
      'bpf_htons(0x1234)', 'bpf_ntohs(0xabcd)', 'bpf_htonl(0x12345678)', 'bpf_ntohl(0x89abcdef)',
      'bpf_cpu_to_be64(0x0102030405060708ULL)', 'bpf_be64_to_cpu(0x1122334455667788ULL)',
      '__bpf_constant_htons(0x0800)', '__bpf_constant_ntohs(0x86DD)', '__bpf_constant_htonl(0xc0a80001)',
      '__constant_htons(0x8100)', '__cpu_to_be32(0xa0b0c0d0)', '__be16_to_cpu(0x0008)',
      'BPF_F_ADJ_ROOM_ENCAP_L2(14)', 'BPF_F_ADJ_ROOM_ENCAP_L2(4) | BPF_F_ADJ_ROOM_FIXED_GSO',
      'TC_H_MAKE(0x10000U, 3)', 'TC_H_MAJ(0xffff0001U)', 'TC_H_MIN(0xffff0001U)', 'IPTOS_TOS(0xff)',
      'sizeof(struct xdp_md)', 'sizeof(struct __sk_buff)', 'sizeof(struct bpf_fib_lookup)',
      '__builtin_offsetof(struct bpf_sock_tuple, ipv6.dport)', '__builtin_offsetof(struct iphdr, daddr)',
    ];
    const headers = ['linux/bpf.h', 'linux/pkt_cls.h', 'linux/ip.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h'];
    const p = prelude(headers);
    const lacking = compareValues(p, p, exprs, dirs!.ours, dirs!.system);
    assert.deepEqual(lacking, []);
  });
});

describe('built-in headers: kernel-internal constants', function () {
  let dirs: HeaderDirs | undefined;

  before(function () {
    skipUnless(this, [clangMissing()]);
    dirs = prepareHeaderDirs();
  });

  after(() => dirs?.cleanup());

  it('have the values the protocols define (not in the UAPI, so not compared above)', function () {
    // IANA TCP option kinds, IEEE 802.1Q TCI fields.
    const expected: Record<string, bigint> = {
      TCPOPT_EOL: 0n, TCPOPT_NOP: 1n, TCPOPT_MSS: 2n, TCPOPT_WINDOW: 3n, TCPOPT_SACK_PERM: 4n,
      TCPOPT_SACK: 5n, TCPOPT_TIMESTAMP: 8n, TCPOPT_MD5SIG: 19n, TCPOPT_MPTCP: 30n, TCPOPT_FASTOPEN: 34n,
      TCPOPT_EXP: 254n, TCPOLEN_MSS: 4n, TCPOLEN_WINDOW: 3n, TCPOLEN_TIMESTAMP: 10n,
      VLAN_PRIO_MASK: 0xe000n, VLAN_PRIO_SHIFT: 13n, VLAN_CFI_MASK: 0x1000n, VLAN_VID_MASK: 0xfffn,
      VLAN_N_VID: 4096n, VLAN_HLEN: 4n, VLAN_ETH_HLEN: 18n,
    };
    const p = prelude(['linux/ip.h', 'linux/tcp.h', 'linux/if_vlan.h']);
    const got = clangValues(p, Object.keys(expected), dirs!.ours);
    for (const [name, value] of Object.entries(expected)) assert.equal(hex(got.get(name)), hex(value), name);
  });
});
