// Struct layouts of the built-in headers against the system's UAPI headers:
// both sides compiled by clang -target bpf, layouts read back from BTF.

import { strict as assert } from 'node:assert';
import { clangLayouts, StructLayout } from '../support/clang-layout';
import { HeaderDirs, IncludeSetup, layoutOracleMissing, prepareHeaderDirs, skipUnless, systemHeadersMissing } from './header-dirs';
import { NEWER_MEMBERS, UAPI_PRELUDE, UAPI_STRUCTS, VMLINUX_STRUCTS } from '../support/uapi-records';

function describeMember(l: StructLayout, name: string): string {
  const m = l.members.find((x) => x.name === name);
  return m ? `@${m.bitOffset}${m.bitSize ? `:${m.bitSize}` : ''} (${m.byteSize} bytes)` : 'absent';
}

/** Asserts that ours matches theirs: same size and alignment, same members, allowed extras only. */
function assertSameLayout(struct: string, ours: StructLayout, theirs: StructLayout): void {
  assert.equal(ours.size, theirs.size, `${struct}: size`);
  assert.equal(ours.align, theirs.align, `${struct}: alignment`);
  for (const m of theirs.members) {
    const mine = ours.members.find((x) => x.name === m.name);
    assert.ok(mine, `${struct}.${m.name} is missing`);
    assert.deepEqual(
      { bitOffset: mine.bitOffset, bitSize: mine.bitSize, byteSize: mine.byteSize },
      { bitOffset: m.bitOffset, bitSize: m.bitSize, byteSize: m.byteSize },
      `${struct}.${m.name}: ours ${describeMember(ours, m.name)}, system ${describeMember(theirs, m.name)}`,
    );
  }
  const extras = ours.members.map((m) => m.name).filter((n) => !theirs.members.some((m) => m.name === n));
  assert.deepEqual(extras, NEWER_MEMBERS[struct] ?? [], `${struct}: members the system lacks`);
}

function compareAll(prelude: string, structs: string[], ours: IncludeSetup, system: IncludeSetup, oursPrelude = prelude): void {
  const mine = clangLayouts(oursPrelude, { ...ours, structs });
  const theirs = clangLayouts(prelude, { ...system, structs });
  for (const s of structs) assertSameLayout(s, mine.get(s)!, theirs.get(s)!);
}

describe('built-in headers: struct layouts', function () {
  let dirs: HeaderDirs | undefined;

  before(function () {
    skipUnless(this, [layoutOracleMissing(), systemHeadersMissing()]);
    dirs = prepareHeaderDirs();
  });

  after(() => dirs?.cleanup());

  it('linux/*.h structs match the system UAPI byte for byte', function () {
    compareAll(UAPI_PRELUDE, UAPI_STRUCTS, dirs!.ours, dirs!.system);
  });

  it('vmlinux.h structs match the system UAPI byte for byte', function () {
    compareAll(UAPI_PRELUDE, VMLINUX_STRUCTS, dirs!.ours, dirs!.system, '#include <vmlinux.h>');
  });

  it('the layout check notices a wrong layout', function () {
    // A deliberately wrong iphdr (no bitfields) must not pass as the system one.
    const wrong = 'typedef unsigned char __u8; struct iphdr { __u8 ihl; __u8 version; __u8 tos; };';
    const mine = clangLayouts(wrong, { ...dirs!.ours, structs: ['iphdr'] }).get('iphdr')!;
    const theirs = clangLayouts(UAPI_PRELUDE, { ...dirs!.system, structs: ['iphdr'] }).get('iphdr')!;
    assert.throws(() => assertSameLayout('iphdr', mine, theirs));
  });
});

describe('built-in headers: kernel-internal structs', function () {
  let dirs: HeaderDirs | undefined;

  before(function () {
    skipUnless(this, [layoutOracleMissing()]);
    dirs = prepareHeaderDirs();
  });

  after(() => dirs?.cleanup());

  const offsets = (l: StructLayout) => Object.fromEntries(l.members.map((m) => [m.name, m.bitOffset]));

  it('struct vlan_hdr and vlan_ethhdr follow the 802.1Q tag layout', function () {
    const structs = ['vlan_hdr', 'vlan_ethhdr'];
    for (const prelude of ['#include <linux/if_vlan.h>', '#include <vmlinux.h>']) {
      const l = clangLayouts(prelude, { ...dirs!.ours, structs });
      assert.equal(l.get('vlan_hdr')!.size, 4, prelude);
      assert.deepEqual(offsets(l.get('vlan_hdr')!), { h_vlan_TCI: 0, h_vlan_encapsulated_proto: 16 }, prelude);
      assert.equal(l.get('vlan_ethhdr')!.size, 18, prelude);
      assert.deepEqual(offsets(l.get('vlan_ethhdr')!), {
        h_dest: 0, h_source: 48, h_vlan_proto: 96, h_vlan_TCI: 112, h_vlan_encapsulated_proto: 128,
      }, prelude);
    }
  });

  it('vmlinux.h kernel headers (frag_hdr, gre_base_hdr, vxlanhdr) have their wire layouts', function () {
    const l = clangLayouts('#include <vmlinux.h>', { ...dirs!.ours, structs: ['frag_hdr', 'gre_base_hdr', 'vxlanhdr'] });
    assert.equal(l.get('frag_hdr')!.size, 8);
    assert.deepEqual(offsets(l.get('frag_hdr')!), { nexthdr: 0, reserved: 8, frag_off: 16, identification: 32 });
    assert.equal(l.get('gre_base_hdr')!.size, 4);
    assert.deepEqual(offsets(l.get('gre_base_hdr')!), { flags: 0, protocol: 16 });
    assert.equal(l.get('vxlanhdr')!.size, 8);
    assert.deepEqual(offsets(l.get('vxlanhdr')!), { vx_flags: 0, vx_vni: 32 });
  });

  it('legacy struct bpf_map_def has libbpf 0.x\'s five unsigned ints', function () {
    const l = clangLayouts('#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>', {
      ...dirs!.ours, structs: ['bpf_map_def'],
    }).get('bpf_map_def')!;
    assert.equal(l.size, 20);
    assert.deepEqual(offsets(l), { type: 0, key_size: 32, value_size: 64, max_entries: 96, map_flags: 128 });
  });
});
