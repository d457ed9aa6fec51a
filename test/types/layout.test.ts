// Record layouts computed by OUR type engine (src/engine/types) against clang -target bpf, read back from BTF:
// the kernel's UAPI structs (ours from the built-in headers, clang's from the system headers) and a corpus
// of tricky hand-written records (the same text for both).

import { strict as assert } from 'node:assert';
import { clangLayouts } from '../support/clang-layout';
import { HeaderDirs, layoutOracleMissing, prepareHeaderDirs, skipUnless, systemHeadersMissing } from '../headers/header-dirs';
import { LAYOUT_CORPUS } from './layout-corpus';
import { layoutDiff } from './layout-diff';
import { ourLayouts } from './our-layout';

const UAPI_PRELUDE = [
  'linux/types.h', 'linux/bpf.h', 'linux/if_ether.h', 'linux/if_packet.h', 'linux/ip.h', 'linux/ipv6.h',
  'linux/in.h', 'linux/in6.h', 'linux/tcp.h', 'linux/udp.h', 'linux/icmp.h', 'linux/icmpv6.h',
  'linux/if_arp.h', 'linux/mpls.h', 'linux/erspan.h', 'linux/if_tunnel.h',
].map((h) => `#include <${h}>`).join('\n');

/** Records our linux/*.h and the system UAPI both define (the list test/headers/layout.test.ts checks). */
const UAPI_RECORDS = [
  'ethhdr', 'iphdr', 'ipv6hdr', 'in6_addr', 'in_addr', 'tcphdr', 'udphdr', 'icmphdr', 'icmp6hdr',
  'icmpv6_echo', 'icmpv6_nd_advt', 'icmpv6_nd_ra', 'union tcp_word_hdr', 'arphdr', 'ipv6_opt_hdr',
  'ipv6_rt_hdr', 'rt0_hdr', 'rt2_hdr', 'ipv6_destopt_hao', 'ip_auth_hdr', 'ip_esp_hdr', 'ip_comp_hdr',
  'ip_beet_phdr', 'mpls_label', 'erspan_md2', 'erspan_metadata', 'ip_tunnel_parm', 'sockaddr_in',
  'sockaddr_in6', 'sockaddr_ll', 'xdp_md', '__sk_buff', 'bpf_fib_lookup', 'bpf_tunnel_key',
  'bpf_sock_tuple', 'bpf_sock', 'bpf_tcp_sock', 'bpf_xfrm_state', 'bpf_xdp_sock', 'bpf_flow_keys',
  'bpf_devmap_val', 'bpf_cpumap_val', 'bpf_redir_neigh', 'bpf_spin_lock', 'bpf_timer', 'bpf_dynptr',
  'bpf_perf_event_value', 'bpf_lpm_trie_key', 'bpf_lpm_trie_key_hdr', 'bpf_lpm_trie_key_u8', 'bpf_insn',
];

/** Records our vmlinux.h defines that the UAPI also defines. */
const VMLINUX_RECORDS = [
  'ethhdr', 'iphdr', 'ipv6hdr', 'in6_addr', 'in_addr', 'tcphdr', 'udphdr', 'icmphdr', 'icmp6hdr',
  'arphdr', 'ipv6_opt_hdr', 'ipv6_rt_hdr', 'ip_auth_hdr', 'ip_esp_hdr', 'mpls_label', 'erspan_md2',
  'erspan_metadata', 'xdp_md', '__sk_buff', 'bpf_fib_lookup', 'bpf_tunnel_key', 'bpf_sock_tuple',
  'bpf_sock', 'bpf_tcp_sock', 'bpf_xfrm_state', 'bpf_flow_keys', 'bpf_devmap_val', 'bpf_cpumap_val',
  'bpf_redir_neigh', 'bpf_spin_lock', 'bpf_timer', 'bpf_dynptr',
];

/** Members the built-in headers have over the system's older UAPI (see test/headers/layout.test.ts). */
const NEWER_MEMBERS: Record<string, string[]> = {
  bpf_fib_lookup: ['mark'],
  bpf_timer: ['__opaque'],
  bpf_dynptr: ['__opaque'],
};

describe('type engine layouts: kernel UAPI records vs clang on the system headers', function () {
  let dirs: HeaderDirs | undefined;

  before(function () {
    skipUnless(this, [layoutOracleMissing(), systemHeadersMissing()]);
    dirs = prepareHeaderDirs();
  });

  after(() => dirs?.cleanup());

  const compare = async (oursPrelude: string, records: string[]): Promise<void> => {
    const ours = await ourLayouts(oursPrelude, records);
    assert.deepEqual(ours.errors, [], 'our front end reported errors');
    const theirs = clangLayouts(UAPI_PRELUDE, { ...dirs!.system, structs: records });
    const diffs = records.flatMap((r) => {
      const mine = ours.layouts.get(r);
      return mine ? layoutDiff(r, mine, theirs.get(r)!, NEWER_MEMBERS[r]) : [`${r}: no probe global in our module`];
    });
    assert.deepEqual(diffs, []);
  };

  it('linux/*.h records', () => compare(UAPI_PRELUDE, UAPI_RECORDS));

  it('vmlinux.h records', () => compare('#include <vmlinux.h>', VMLINUX_RECORDS));
});

describe('type engine layouts: tricky records vs clang', function () {
  before(function () {
    skipUnless(this, [layoutOracleMissing()]);
  });

  for (const c of LAYOUT_CORPUS) {
    it(c.title, async () => {
      const theirs = clangLayouts(c.source, { includeDirs: [], nostdinc: true, structs: c.records });
      const ours = await ourLayouts(c.source, c.records);
      assert.deepEqual(ours.errors, [], 'our front end reported errors');
      const diffs = c.records.flatMap((r) => {
        const mine = ours.layouts.get(r);
        return mine ? layoutDiff(r, mine, theirs.get(r)!) : [`${r}: no probe global in our module`];
      });
      if (c.knownGap) {
        assert.notDeepEqual(diffs, [], `known gap now matches clang: remove knownGap (${c.knownGap})`);
        return;
      }
      assert.deepEqual(diffs, []);
    });
  }

  it('the comparison notices a wrong layout', async () => {
    // Same member names, different offsets: the diff must not be empty.
    const theirs = clangLayouts('struct q { char a; int b; };', { includeDirs: [], nostdinc: true, structs: ['q'] });
    const ours = await ourLayouts('struct q { char a; int b; } __attribute__((packed));', ['q']);
    assert.notDeepEqual(layoutDiff('q', ours.layouts.get('q')!, theirs.get('q')!), []);
  });
});
