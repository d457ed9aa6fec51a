// `xdp-lab verify` preprocessor options, spelled as in a Makefile's CFLAGS: -I (joined and separate), -D NAME,
// -D NAME=VALUE, -DNAME=VALUE, -U (applied in command-line order with -D, as clang does) and --include. Each
// is checked by a change the user can see: an #error that appears or not, or a map size in the report.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { cliMissing, positionOf, Scratch, type Report } from './cli-run';

const CONFIGURED = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifdef STRICT
#error built with STRICT
#endif

#if VERBOSE == 1
#warning verbose build
#endif

#ifndef QUEUE_SIZE
#define QUEUE_SIZE 16
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, QUEUE_SIZE);
} queue SEC(".maps");

SEC("xdp")
int xdp_queue(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&queue, &key);
	if (n)
		*n += 1;
	return XDP_PASS;
}
`;

// Needs a header that only -I finds, once quoted and once angled.
const NEEDS_INCLUDE_DIR = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "ring_config.h"
#include <site_limits.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, RING_SIZE + SITE_EXTRA);
} ring SEC(".maps");

SEC("xdp")
int xdp_ring(struct xdp_md *ctx)
{
	return XDP_PASS;
}
`;

function maxEntries(report: Report, map: string): number | undefined {
  return report.maps.find(m => m.name === map)?.maxEntries;
}

function codes(report: Report): string[] {
  return [...report.diagnostics, ...report.programs.flatMap(p => p.diagnostics)].map(d => `${d.severity}[${d.code}] ${d.message}`);
}

describe('xdp-lab verify options (CLI)', function () {
  let s: Scratch;

  before(function () {
    const why = cliMissing();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    s = new Scratch();
    s.write('configured.c', CONFIGURED);
    s.write('needs_dir.c', NEEDS_INCLUDE_DIR);
    s.write('include/ring_config.h', '#pragma once\n#define RING_SIZE 256\n');
    s.write('include/site_limits.h', '#pragma once\n#define SITE_EXTRA 8\n');
    s.write('force.h', '#define QUEUE_SIZE 32\n');
  });

  after(() => s?.remove());

  it('uses the defaults when no option is given', () => {
    const { code, report } = s.json('verify', 'configured.c');
    assert.equal(code, 0, codes(report).join('\n'));
    assert.deepEqual(codes(report), []);
    assert.equal(maxEntries(report, 'queue'), 16);
  });

  describe('-I', () => {
    it('without it, the quoted header is an error and the angled one a warning', () => {
      const { code, report } = s.json('verify', 'needs_dir.c');
      assert.equal(code, 1);
      const found = codes(report);
      assert.ok(found.includes("error[PP_INCLUDE_NOT_FOUND] 'ring_config.h' file not found"), found.join('\n'));
      assert.ok(found.some(c => c.startsWith('warning[PP_UNKNOWN_HEADER]') && c.includes('site_limits.h')), found.join('\n'));
    });

    it('finds both headers with -Idir (joined)', () => {
      const { code, report } = s.json('verify', 'needs_dir.c', '-Iinclude');
      assert.equal(code, 0, codes(report).join('\n'));
      assert.equal(maxEntries(report, 'ring'), 264);
    });

    it('finds both headers with -I dir (separate), also as an absolute path', () => {
      const rel = s.json('verify', 'needs_dir.c', '-I', 'include');
      assert.equal(rel.code, 0, codes(rel.report).join('\n'));
      assert.equal(maxEntries(rel.report, 'ring'), 264);
      const abs = s.json('verify', 'needs_dir.c', '-I', `${s.dir}/include`);
      assert.equal(abs.code, 0, codes(abs.report).join('\n'));
      assert.equal(maxEntries(abs.report, 'ring'), 264);
    });
  });

  describe('-D and -U', () => {
    it('-D NAME turns on an #ifdef, and the #error it guards is reported where it is', () => {
      const r = s.run('verify', 'configured.c', '-D', 'STRICT');
      assert.equal(r.code, 1, r.stdout);
      const at = positionOf(CONFIGURED, '#error');
      assert.match(r.stdout, new RegExp(`^configured\\.c:${at.line}:${at.column}: error: built with STRICT \\[PP_ERROR_DIRECTIVE\\]$`, 'm'));
    });

    it('-DNAME (joined) does the same', () => {
      assert.equal(s.run('verify', 'configured.c', '-DSTRICT').code, 1);
    });

    it('-D NAME defines NAME as 1', () => {
      const { code, report } = s.json('verify', 'configured.c', '-D', 'VERBOSE');
      assert.equal(code, 0);
      assert.deepEqual(codes(report), ['warning[PP_WARNING_DIRECTIVE] verbose build']);
    });

    it('-D NAME=VALUE and -DNAME=VALUE set the value a map size is built from', () => {
      assert.equal(maxEntries(s.json('verify', 'configured.c', '-D', 'QUEUE_SIZE=64').report, 'queue'), 64);
      assert.equal(maxEntries(s.json('verify', 'configured.c', '-DQUEUE_SIZE=128').report, 'queue'), 128);
      assert.equal(maxEntries(s.json('verify', 'configured.c', '-DQUEUE_SIZE=(1<<10)').report, 'queue'), 1024);
    });

    it('-U after -D undefines the name again', () => {
      const { code, report } = s.json('verify', 'configured.c', '-D', 'STRICT', '-U', 'STRICT');
      assert.equal(code, 0, codes(report).join('\n'));
      assert.equal(s.run('verify', 'configured.c', '-DSTRICT', '-USTRICT').code, 0);
    });

    it('-U before -D leaves the name defined: the options apply in order, as in clang', function () {
      const clang = spawnSync('clang', ['-E', '-P', '-U', 'STRICT', '-D', 'STRICT', '-x', 'c', '-'], {
        input: '#ifdef STRICT\nstrict_is_defined\n#endif\n', encoding: 'utf8',
      });
      if (clang.status === 0) assert.match(clang.stdout, /strict_is_defined/, 'clang itself applies -U then -D');
      const r = s.run('verify', 'configured.c', '-U', 'STRICT', '-D', 'STRICT');
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, /built with STRICT \[PP_ERROR_DIRECTIVE\]/);
    });

    it('reports a -D whose name is not an identifier', () => {
      const { code, report } = s.json('verify', 'configured.c', '-D', '3WAY=1');
      assert.equal(code, 1);
      assert.ok(report.diagnostics.some(d => d.code === 'PP_BAD_DEFINE' && d.severity === 'error' && d.message.includes('3WAY')),
        codes(report).join('\n'));
    });
  });

  describe('--include', () => {
    it('reads the file before the source, so its macros count', () => {
      const { code, report } = s.json('verify', 'configured.c', '--include', 'force.h');
      assert.equal(code, 0, codes(report).join('\n'));
      assert.equal(maxEntries(report, 'queue'), 32);
    });

    it('reports a forced include that does not exist', () => {
      const { code, report } = s.json('verify', 'configured.c', '--include', 'missing_force.h');
      assert.equal(code, 1);
      assert.ok(report.diagnostics.some(d => d.code === 'PP_INCLUDE_NOT_FOUND' && d.message.includes('missing_force.h')),
        codes(report).join('\n'));
    });
  });
});
