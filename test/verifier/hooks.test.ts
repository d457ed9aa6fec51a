// The program-type tables against their sources of truth: helper ids and argument counts against the helper
// declarations programs compile with, context field offsets and sizes against clang's layout of the UAPI
// structs, and context access rules on the cases the kernel's xdp/tc access checks spell out.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_HEADERS } from '../../src/engine/headers';
import { ctxAccess, TC_HOOK, XDP_HOOK, type Hook } from '../../src/engine/verifier/hooks/context';
import { HELPERS } from '../../src/engine/verifier/hooks/helpers';
import { multiarchInclude } from '../examples/bpf-toolchain';

interface Declared {
  id: number;
  params: number;
  variadic: boolean;
}

/** `static RET (* const NAME)(PARAMS) = (void *) ID;` by name. */
function declaredHelpers(): Map<string, Declared> {
  const text = BUILTIN_HEADERS['bpf/bpf_helper_defs.h'] ?? '';
  const out = new Map<string, Declared>();
  for (const m of text.matchAll(/^static [^;]*?\(\s*\*\s*(?:const\s+)?(\w+)\)\((.*)\) = \(void \*\) (\d+);$/gm)) {
    const list = m[2].trim();
    const parts = list === 'void' || list === '' ? [] : list.split(',').map(x => x.trim());
    const variadic = parts[parts.length - 1] === '...';
    out.set(m[1], { id: Number(m[3]), params: variadic ? parts.length - 1 : parts.length, variadic });
  }
  return out;
}

describe('verifier helper table', () => {
  const declared = declaredHelpers();

  it('finds the helper declarations', () => {
    assert.ok(declared.size > 100, `${declared.size} declarations`);
  });

  for (const h of HELPERS) {
    it(`${h.name} has the declared id and arguments`, () => {
      const d = declared.get(h.name);
      assert.ok(d, `${h.name} is not declared in bpf_helper_defs.h`);
      assert.equal(h.id, d.id, 'id');
      // A variadic helper (bpf_trace_printk) takes its extra arguments as ARG_ANYTHING.
      if (d.variadic) assert.ok(h.args.length >= d.params && h.args.slice(d.params).every(a => a === 'any'), 'argument count');
      else assert.equal(h.args.length, d.params, 'argument count');
    });
  }

  it('marks the helpers that move packet data (bpf_helper_changes_pkt_data)', () => {
    const moving = HELPERS.filter(h => h.changesPkt).map(h => h.name).sort();
    assert.deepEqual(moving, [
      'bpf_clone_redirect', 'bpf_l3_csum_replace', 'bpf_l4_csum_replace', 'bpf_skb_adjust_room', 'bpf_skb_change_head',
      'bpf_skb_change_proto', 'bpf_skb_change_tail', 'bpf_skb_pull_data', 'bpf_skb_store_bytes', 'bpf_skb_vlan_pop',
      'bpf_skb_vlan_push', 'bpf_xdp_adjust_head', 'bpf_xdp_adjust_meta', 'bpf_xdp_adjust_tail',
    ]);
  });
});

/** Offsets and sizes of every named field, as the host compiler lays the struct out. */
function clangLayout(struct: string, fields: string[]): Map<string, [number, number]> | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'xdplab-ctx-'));
  try {
    const src = join(dir, 'layout.c');
    const exe = join(dir, 'layout');
    const prints = fields.map(f => `printf("${f} %zu %zu\\n", offsetof(struct ${struct}, ${f}), sizeof(((struct ${struct} *)0)->${f}));`).join('\n');
    writeFileSync(src, `#include <stddef.h>\n#include <stdio.h>\n#include <linux/bpf.h>\nint main(void) {\n${prints}\nreturn 0;\n}\n`);
    const cc = spawnSync('clang', [...multiarchInclude(), src, '-o', exe], { encoding: 'utf8' });
    if (cc.status !== 0) return undefined;
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    const out = new Map<string, [number, number]>();
    for (const line of run.stdout.trim().split('\n')) {
      const [name, off, size] = line.split(' ');
      out.set(name, [Number(off), Number(size)]);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkLayout(hook: Hook): void {
  const names = hook.fields.map(f => f.name.replace(/\[\d+\]$/, ''));
  const layout = clangLayout(hook.ctxName, [...new Set(names)]);
  if (!layout) return;
  for (const f of hook.fields) {
    const base = f.name.replace(/\[(\d+)\]$/, '');
    const index = /\[(\d+)\]$/.exec(f.name);
    const [off, size]: [number, number] = layout.get(base)!;
    const elem: number = index ? 4 : size;
    assert.equal(f.off, off + (index ? Number(index[1]) * 4 : 0), `${f.name} offset`);
    assert.equal(f.size, elem, `${f.name} size`);
  }
}

describe('verifier context tables', () => {
  const haveClang = spawnSync('clang', ['--version']).status === 0;

  it('lay out struct xdp_md as clang does', function () {
    if (!haveClang) this.skip();
    checkLayout(XDP_HOOK);
  });

  it('lay out struct __sk_buff as clang does', function () {
    if (!haveClang) this.skip();
    checkLayout(TC_HOOK);
  });

  it('allow only 4-byte reads of xdp_md and no writes', () => {
    assert.ok(ctxAccess(XDP_HOOK, 0, 4, false).ok);
    assert.ok(!ctxAccess(XDP_HOOK, 0, 2, false).ok);
    assert.ok(!ctxAccess(XDP_HOOK, 16, 4, true).ok);
    assert.ok(!ctxAccess(XDP_HOOK, 20, 4, false).ok, 'egress_ifindex is for devmap programs');
    assert.ok(!ctxAccess(XDP_HOOK, 24, 4, false).ok);
  });

  it('allow narrow reads of __sk_buff numbers but full-size data pointers and writes', () => {
    assert.ok(ctxAccess(TC_HOOK, 0, 1, false).ok, 'len, one byte');
    assert.ok(ctxAccess(TC_HOOK, 2, 2, false).ok, 'len, upper half');
    assert.ok(!ctxAccess(TC_HOOK, 76, 2, false).ok, 'data must be read whole');
    assert.ok(ctxAccess(TC_HOOK, 8, 4, true).ok, 'mark is writable');
    assert.ok(!ctxAccess(TC_HOOK, 8, 2, true).ok, 'writes are full size');
    assert.ok(!ctxAccess(TC_HOOK, 0, 4, true).ok, 'len is read-only');
    assert.ok(!ctxAccess(TC_HOOK, 88, 4, false).ok, 'family is a socket field');
    assert.ok(ctxAccess(TC_HOOK, 152, 8, true).ok, 'tstamp is a u64');
    assert.ok(!ctxAccess(TC_HOOK, 181, 1, false).ok, 'padding after tstamp_type');
  });
});
