#!/usr/bin/env node
// The real-program table for the verifier: for each program of the real-program corpus (kept OUTSIDE the repo,
// see scripts/check-real.mjs), what the running kernel says and what `xdp-lab verify` says. Not part of `npm test`
// (the corpus is not committed). Needs clang, libbpf-dev, libelf-dev, a C compiler and root; says why otherwise.
//
//   node scripts/check-real-verify.mjs          manifest at /work/scratch/real/manifest.json
//   XDPLAB_REAL_DIR=/dir node ...               manifest at /dir/manifest.json
//   XDPLAB_CLI=/path/to/cli.js node ...         CLI other than dist/cli.js
//
// Kernel side: each file is compiled with `clang -O2 -g -target bpf` (its defines and include dirs from the
// manifest, plus the corpus's vmlinux/ dir when present). Files that do not compile as they are (kernel-tree
// samples and tutorials written for old headers) are compiled again with the first set of forced-include shims
// that works (struct bpf_map_def, u32-style typedefs, struct vlan_hdr), and the notes say so; a
// <uapi/linux/bpf.h> alias and an empty <gnu/stubs-32.h> are always on the include path, after the real ones.
// Each program is then loaded ALONE, as the type our front end gives it, by a small loader built here
// (LOADER_SOURCE): libbpf for ordinary objects; by hand for objects with legacy SEC("maps") maps, which
// libbpf >= 1.0 refuses. Nothing is pinned. The kernel's verdict, and on rejection its message and the last
// source line its log names, go in the table.
//
// Exit 1 when any program's verdict differs from the kernel's (we must accept whatever the kernel accepts, and
// should reject what it rejects).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, writeShims } from './real-build.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function manifestPath() {
  const env = process.env.XDPLAB_REAL_DIR;
  if (!env) return '/work/scratch/real/manifest.json';
  return env.endsWith('.json') ? env : join(env, 'manifest.json');
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 300_000 });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Why the kernel side cannot run here, or undefined. */
function kernelUnavailable() {
  if (!run('clang', ['--version']).ok) return 'clang not found';
  if (!run('cc', ['--version']).ok) return 'no C compiler (cc) to build the loader';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root';
  return undefined;
}

const LOADER_SOURCE = String.raw`/* Loads ONE program of a BPF object into the kernel, as the given type, and reports the verifier's verdict.
 * Usage: xl_load OBJ PROGRAM xdp|tc
 * Prints "RESULT accept" or "RESULT reject <errno text>" on stdout; libbpf messages and the verifier log (on
 * failure) go to stderr. Objects libbpf >= 1.0 refuses (legacy struct bpf_map_def maps in section "maps") are
 * loaded by hand: maps from the ELF (BTF-defined ones read from BTF), map and global-data relocations
 * patched, program loaded without BTF. Nothing is pinned; the program and maps go away on exit. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_SIZE (64u << 20)

static int print_all(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static int result(int err)
{
	if (err == 0)
		printf("RESULT accept\n");
	else
		printf("RESULT reject %s\n", strerror(err < 0 ? -err : err));
	return 0;
}

static int prog_type(const char *t)
{
	return strcmp(t, "tc") == 0 ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_XDP;
}

/* ---- the ordinary way: libbpf, only the wanted program autoloaded, no pinning ---- */

static int libbpf_load(struct bpf_object *obj, const char *want, int type)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	int found = 0, err;

	bpf_object__for_each_program(prog, obj) {
		int me = strcmp(bpf_program__name(prog), want) == 0;
		bpf_program__set_autoload(prog, me);
		if (me) {
			bpf_program__set_type(prog, type);
			found = 1;
		}
	}
	if (!found) {
		printf("RESULT error no program named %s\n", want);
		return 1;
	}
	bpf_object__for_each_map(map, obj)
		bpf_map__set_pin_path(map, NULL);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return result(err);
}

/* ---- by hand, for legacy maps: the kernel oracle's loader (test/interp/kernel-loader-raw.c) ---- */
#include "KERNEL_LOADER_RAW"

static int hand_load(const char *path, const char *want, const char *type)
{
	static char types[512];
	struct raw_obj o;
	snprintf(types, sizeof(types), "%s:%s", want, type);
	setenv("XDPLAB_PROG_TYPES", types, 1);
	return result(raw_load(path, want, &o));
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;

	if (argc != 4) {
		fprintf(stderr, "usage: %s OBJ PROGRAM xdp|tc\n", argv[0]);
		return 2;
	}
	libbpf_set_print(print_all);
	/* XL_LOAD_RAW=1 takes the by-hand path for every object (to check it against libbpf's). */
	if (getenv("XL_LOAD_RAW"))
		return hand_load(argv[1], argv[2], argv[3]);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!libbpf_get_error(obj))
		return libbpf_load(obj, argv[2], prog_type(argv[3]));
	fprintf(stderr, "xl_load: libbpf cannot open the object; loading it by hand\n");
	return hand_load(argv[1], argv[2], argv[3]);
}
`;

function buildLoader(dir) {
  const src = join(dir, 'xl_load.c');
  const bin = join(dir, 'xl_load');
  writeFileSync(src, LOADER_SOURCE.replace('KERNEL_LOADER_RAW', join(repoRoot, 'test', 'interp', 'kernel-loader-raw.c')));
  const r = run('cc', ['-O1', '-o', bin, src, '-lbpf', '-lelf']);
  return r.ok ? { bin } : { error: `cannot build the loader: ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
}

/** The kernel's message (the line before "processed …") and the last source line its log names. */
function readLog(log) {
  let line;
  let message = '';
  const lines = log.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^; .* @ (.+):(\d+)\s*$/.exec(lines[i]);
    if (m && m[2] !== '0') line = `${basename(m[1])}:${m[2]}`;
    if (lines[i].startsWith('processed ')) {
      message = lines.slice(0, i).reverse().find(l => l.trim() && !/^\d+: /.test(l) && !l.startsWith(';')) ?? '';
      break;
    }
  }
  return { line, message: message.trim() };
}

function kernelVerdict(loader, object, prog) {
  const r = run(loader, [object, prog.name, prog.type]);
  const result = /^RESULT (\w+)\s*(.*)$/m.exec(r.stdout);
  if (!result) return { verdict: 'error', text: `loader failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
  const how = /loading it by hand/.test(r.stderr) ? ' (legacy maps: loaded without libbpf)' : '';
  if (result[1] === 'accept') return { verdict: 'accept', text: `accept${how}` };
  if (result[1] === 'error') return { verdict: 'error', text: `not loaded: ${result[2]}` };
  const { line, message } = readLog(r.stderr);
  return { verdict: 'reject', text: `reject: ${message || result[2]}${line ? ` (${line})` : ''}${how}` };
}

/** Our verdict per program, from `xdp-lab verify --json`. */
function ours(cli, entry) {
  const args = ['verify', entry.file];
  for (const d of entry.includeDirs ?? []) args.push('-I', d);
  for (const d of entry.defines ?? []) args.push('-D', d.value === undefined ? d.name : `${d.name}=${d.value}`);
  args.push('--json');
  const r = run(process.execPath, [cli, ...args]);
  try {
    return { report: JSON.parse(r.stdout) };
  } catch {
    return { error: `no JSON from the CLI (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
  }
}

function ourText(p) {
  if (p.verdict === 'accept') return 'accept';
  const e = (p.diagnostics ?? []).find(d => d.severity === 'error');
  return e ? `reject: ${e.code} ${basename(e.file)}:${e.line}: ${e.message}` : 'reject';
}

const cell = s => String(s).replaceAll('|', '\\|');

function main() {
  const path = manifestPath();
  if (!existsSync(path)) {
    console.log(`check-real-verify: no manifest at ${path}; nothing to check (set XDPLAB_REAL_DIR to point at one).`);
    return 0;
  }
  const cli = process.env.XDPLAB_CLI ?? join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.error(`check-real-verify: CLI not found at ${cli}; run \`npm run build\` first.`);
    return 1;
  }
  const entries = JSON.parse(readFileSync(path, 'utf8'));
  const unavailable = kernelUnavailable();
  const work = mkdtempSync(join(tmpdir(), 'xdplab-real-verify-'));
  const shimDir = join(work, 'shim');
  writeShims(shimDir);
  const loader = unavailable ? { error: unavailable } : buildLoader(work);
  const rows = [];
  const notes = [];
  let differ = 0;
  try {
    for (const entry of entries) {
      const us = ours(cli, entry);
      const progs = us.report?.programs ?? entry.programs.map(p => ({ ...p, type: 'xdp', verdict: 'reject', diagnostics: [] }));
      const built = loader.error ? { error: loader.error } : compile(entry, work, shimDir, dirname(path));
      if (built.shims?.length) notes.push(`${entry.id}: without forced includes, clang says "${built.firstError}"; compiled with shims ${built.shims.join(', ')}`);
      for (const p of progs) {
        const k = built.error
          ? { verdict: 'error', text: loader.error ? `unavailable (${loader.error})` : `not compiled: ${built.error}` }
          : kernelVerdict(loader.bin, built.object, p);
        const same = k.verdict === p.verdict;
        if (k.verdict !== 'error' && !same) differ++;
        rows.push([`${entry.id}:${p.name}`, p.type, k.text, us.error ? `error: ${us.error}` : ourText(p), k.verdict === 'error' ? '-' : same ? 'yes' : 'NO']);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log('| program | type | kernel | ours | same |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.map(cell).join(' | ')} |`);
  if (notes.length) console.log(`\n${notes.join('\n')}`);
  const compared = rows.filter(r => r[4] !== '-').length;
  console.log(`\n${compared - differ}/${compared} programs with a kernel verdict agree; ${rows.length - compared} without one`);
  return differ > 0 ? 1 : 0;
}

process.exitCode = main();
