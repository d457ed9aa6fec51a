// How the real-program corpus (kept OUTSIDE the repo, see scripts/check-real.mjs) is compiled for the kernel
// side, shared by check-real-verify.mjs (verdicts) and check-real-run.ts (BPF_PROG_TEST_RUN): each file with
// `clang -O2 -g -target bpf`, its defines and include dirs from the manifest, plus the corpus's vmlinux/ dir when
// present; files that do not compile as they are get the first set of forced-include shims that works.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 300_000 });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

// Shims for files written against kernel-tree or pre-1.0 libbpf headers; each is tried only when needed.
const SHIMS = {
  'legacy_map_def.h':
    '/* struct bpf_map_def, removed from libbpf >= 1.0 headers */\n' +
    'struct bpf_map_def { unsigned int type, key_size, value_size, max_entries, map_flags; };\n',
  'kernel_compat.h':
    '/* kernel-internal names in-tree samples take for granted */\n#include <linux/types.h>\n' +
    'typedef __u16 u16;\ntypedef __u32 u32;\ntypedef __u64 u64;\n' +
    '#define htons(x) __builtin_bswap16(x)\n#define memcpy(d, s, n) __builtin_memcpy((d), (s), (n))\n',
  'vlan_hdr.h': '/* from the kernel\'s include/linux/if_vlan.h */\nstruct vlan_hdr { __be16 h_vlan_TCI; __be16 h_vlan_encapsulated_proto; };\n',
  'uapi/linux/bpf.h': '/* the kernel tree\'s include path */\n#include <linux/bpf.h>\n',
  // glibc's <gnu/stubs.h> wants this when __x86_64__ is not defined (-target bpf).
  'gnu/stubs-32.h': '',
};
const SHIM_SETS = [
  [], ['legacy_map_def.h'], ['kernel_compat.h'], ['legacy_map_def.h', 'kernel_compat.h'], ['kernel_compat.h', 'vlan_hdr.h'],
  ['legacy_map_def.h', 'kernel_compat.h', 'vlan_hdr.h'],
];

export function writeShims(dir) {
  for (const [name, text] of Object.entries(SHIMS)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function firstError(text) {
  const lines = text.split('\n').map(l => l.trim()).filter(Boolean);
  return lines.find(l => /error:/.test(l)) ?? lines[0] ?? '';
}

/** Compiles with the first shim set that works; returns the object (and the shims used) or why none did. */
export function compile(entry, work, shimDir, realDir) {
  const object = join(work, `${entry.id}.o`);
  const base = ['-O2', '-g', '-target', 'bpf'];
  for (const d of entry.defines ?? []) base.push(d.value === undefined ? `-D${d.name}` : `-D${d.name}=${d.value}`);
  for (const d of entry.includeDirs ?? []) base.push('-I', d);
  const vmlinux = join(realDir, 'vmlinux');
  if (existsSync(join(vmlinux, 'vmlinux.h'))) base.push('-idirafter', vmlinux);
  base.push('-idirafter', '/usr/include/x86_64-linux-gnu', '-idirafter', shimDir);
  let first = '';
  for (const set of SHIM_SETS) {
    const args = [...base, ...set.flatMap(s => ['-include', join(shimDir, s)]), '-c', entry.file, '-o', object];
    const r = run('clang', args);
    if (r.ok) return { object, shims: set, firstError: first };
    first ||= firstError(r.stderr);
  }
  return { error: first };
}
