// The built-in headers compile with clang -target bpf -nostdinc: each alone,
// in the combinations real programs use, and under fixture programs shaped
// like real ones (which must also compile against the system headers).

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinHeaderNames } from '../../src/engine/headers';
import { compileBpfObject, withTempDir } from '../support/clang-layout';
import { clangMissing, HeaderDirs, IncludeSetup, prepareHeaderDirs, skipUnless, systemHeadersMissing } from './header-dirs';

const FIXTURES = join(__dirname, 'fixtures');
const STRICT = ['-Wall', '-Werror'];

function compiles(source: string, setup: IncludeSetup, extraArgs: string[] = []): void {
  withTempDir('xdp-lab-compile-', (dir) => {
    compileBpfObject(dir, source, { ...setup, extraArgs: [...STRICT, ...extraArgs] });
  });
}

function includes(headers: string[]): string {
  return headers.map((h) => `#include <${h}>`).join('\n') + '\n';
}

const UAPI_SET = [
  'linux/types.h', 'linux/bpf.h', 'linux/if_ether.h', 'linux/if_packet.h', 'linux/if_vlan.h', 'linux/ip.h',
  'linux/ipv6.h', 'linux/in.h', 'linux/in6.h', 'linux/tcp.h', 'linux/udp.h', 'linux/icmp.h', 'linux/icmpv6.h',
  'linux/pkt_cls.h', 'linux/pkt_sched.h', 'linux/stddef.h', 'linux/if_tunnel.h', 'linux/mpls.h',
  'linux/erspan.h', 'linux/if_arp.h', 'linux/errno.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h',
  'bpf/bpf_tracing.h', 'stddef.h', 'stdint.h', 'stdbool.h', 'string.h', 'limits.h', 'stdarg.h',
];

const PROGRAM = `
SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return XDP_DROP;
	return eth->h_proto == bpf_htons(0x0800) ? XDP_PASS : XDP_TX;
}
char _license[] SEC("license") = "GPL";
`;

const COMBINATIONS: Array<[string, string]> = [
  ['UAPI headers, then libbpf headers and libc headers', includes(UAPI_SET) + PROGRAM],
  ['the same in reverse order', includes([...UAPI_SET].reverse()) + PROGRAM],
  ['vmlinux.h with bpf_helpers.h, bpf_endian.h, bpf_tracing.h',
    includes(['vmlinux.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h', 'bpf/bpf_tracing.h']) + PROGRAM],
  ['bpf_helpers.h before vmlinux.h', includes(['bpf/bpf_helpers.h', 'bpf/bpf_endian.h', 'vmlinux.h']) + PROGRAM],
  ['stdbool.h, stddef.h and stdint.h before vmlinux.h',
    includes(['stdbool.h', 'stddef.h', 'stdint.h', 'vmlinux.h', 'bpf/bpf_helpers.h', 'bpf/bpf_endian.h']) + PROGRAM],
  ['kernel-tree style: uapi/linux/bpf.h, linux/if_vlan.h, quoted bpf_helpers.h',
    includes(['uapi/linux/bpf.h', 'linux/if_ether.h', 'linux/if_vlan.h', 'linux/ip.h']) +
    '#include "bpf_helpers.h"\n#include "bpf_endian.h"\n' + PROGRAM],
];

function fixtureTargets(text: string): string[] {
  const m = /^\/\/ compile-against:(.*)$/m.exec(text);
  return m ? m[1].trim().split(/\s+/) : [];
}

describe('built-in headers: compiling', function () {
  let dirs: HeaderDirs | undefined;

  before(function () {
    skipUnless(this, [clangMissing()]);
    dirs = prepareHeaderDirs();
  });

  after(() => dirs?.cleanup());

  it('each header compiles alone without warnings', function () {
    const failures: string[] = [];
    for (const name of builtinHeaderNames()) {
      try {
        compiles(`#include <${name}>\n`, dirs!.ours);
      } catch (err) {
        failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  for (const [title, source] of COMBINATIONS) {
    it(`compiles ${title}`, function () {
      compiles(source, dirs!.ours);
    });
  }

  it('vmlinux.h defines types and enums but none of the UAPI macros', function () {
    const probe = includes(['vmlinux.h']) + [
      '#if defined(TC_ACT_OK) || defined(ETH_P_IP) || defined(ETH_HLEN) || defined(IPPROTO_TCP) || defined(XDP_PASS)',
      '#error "vmlinux.h must not define UAPI macros"',
      '#endif',
      '_Static_assert(XDP_PASS == 2 && IPPROTO_TCP == 6, "enums are there");',
    ].join('\n') + '\n';
    compiles(probe, dirs!.ours);
  });

  it('bpf_printk uses bpf_trace_printk up to three arguments and bpf_trace_vprintk beyond', function () {
    const source = includes(['linux/bpf.h', 'bpf/bpf_helpers.h']) + [
      'SEC("xdp") int few(struct xdp_md *ctx) { bpf_printk("a %d %d %d", 1, 2, ctx->data); return XDP_PASS; }',
      'SEC("xdp") int none(struct xdp_md *ctx) { bpf_printk("hello"); return XDP_PASS; }',
      'SEC("xdp") int many(struct xdp_md *ctx) { bpf_printk("%p %d %d %d", ctx, 1, 2, 3); return XDP_PASS; }',
    ].join('\n') + '\n';
    compiles(source, dirs!.ours);
    const expanded = withTempDir('xdp-lab-printk-', (dir) => {
      const src = join(dir, 'p.c');
      writeFileSync(src, source);
      const args = ['-E', '-P', '-target', 'bpf', '-nostdinc', ...dirs!.ours.includeDirs.flatMap((d) => ['-I', d]), src];
      return execFileSync('clang', args, { encoding: 'utf8' });
    });
    const body = (fn: string) => expanded.slice(expanded.indexOf(`int ${fn}(`)).split('\n')[0];
    assert.match(body('few'), /bpf_trace_printk\(/);
    assert.match(body('none'), /bpf_trace_printk\(/);
    assert.match(body('many'), /bpf_trace_vprintk\(/);
    assert.doesNotMatch(body('many'), /bpf_trace_printk\(/);
  });

  it('a header error is reported, not hidden', function () {
    assert.throws(() => compiles('#include <linux/bpf.h>\nint x = XDP_NO_SUCH_ACTION;\n', dirs!.ours), /XDP_NO_SUCH_ACTION/);
  });

  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.c')).sort()) {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const targets = fixtureTargets(text);

    it(`fixture ${file} compiles against our headers`, function () {
      assert.ok(targets.includes('ours'), 'fixture must name its targets');
      compiles(text, dirs!.ours);
    });

    if (targets.includes('system')) {
      it(`fixture ${file} compiles against the system headers (so it is real C)`, function () {
        skipUnless(this, [systemHeadersMissing()]);
        compiles(text, dirs!.system);
      });
    }
  }
});
