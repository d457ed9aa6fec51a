// `xdp-lab verify`: exit codes, the gcc-style report, the --json document, and what is attributed to which
// program. The CLI runs as a separate process on files in a scratch directory, as a user or a Makefile runs it.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import { cliMissing, positionOf, Scratch, summary } from './cli-run';

const CLEAN = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;

// An error in the main file and one in a local header it includes; both in code the program runs.
const PARSE_H = `#pragma once

static __always_inline int frame_len(struct xdp_md *ctx)
{
	return ctx->data_end - data_start;
}
`;

const WITH_HEADER = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "parse.h"

SEC("xdp")
int xdp_len(struct xdp_md *ctx)
{
	int len = frame_len(ctx);
	return len > 64 ? XDP_PASS : XDP_DRP;
}
`;

// Warnings only: the file still compiles, so the exit code is 0.
const WARNINGS_ONLY = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#warning counters are not reset between runs

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("kprobe/do_sys_openat2")
int trace_open(void *ctx)
{
	return 0;
}
`;

// Several programs: which diagnostics belong to which, and which belong to the file.
const PROGRAMS = `#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

static u64 drops;

static __always_inline int shared_len(int len)
{
	return len + shared_missing;
}

static int never_called(void)
{
	return unused_missing;
}

SEC("xdp")
int xdp_ingress(struct xdp_md *ctx)
{
	return shared_len(1) + xdp_missing;
}

SEC("tc")
int tc_egress(struct __sk_buff *skb)
{
	return shared_len(2) + tc_missing;
}

SEC("ingress_filter")
int legacy_classifier(struct __sk_buff *skb)
{
	return TC_ACT_OK;
}

SEC("kprobe/tcp_v4_connect")
int trace_connect(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "Dual MIT/GPL";
`;

/** Expands tabs to 8-column stops, as a terminal shows them. */
function expandTabs(s: string): string {
  let out = '';
  for (const ch of s) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

describe('xdp-lab verify (CLI)', function () {
  let s: Scratch;

  before(function () {
    const why = cliMissing();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    s = new Scratch();
    s.write('clean.c', CLEAN);
    s.write('parse.h', PARSE_H);
    s.write('with_header.c', WITH_HEADER);
    s.write('warnings.c', WARNINGS_ONLY);
    s.write('programs.c', PROGRAMS);
    fs.mkdirSync(`${s.dir}/a_directory`);
  });

  after(() => s?.remove());

  describe('exit codes', () => {
    it('is 0 for a clean program, with nothing on stderr', () => {
      const r = s.run('verify', 'clean.c');
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^programs \(1\):$/m);
      assert.match(r.stdout, /^\s+xdp_pass\s+section "xdp"\s+xdp\s+accept$/m);
      assert.match(r.stdout, /^maps \(0\):$/m);
    });

    it('is 0 when there are only warnings', () => {
      const r = s.run('verify', 'warnings.c');
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^warnings\.c:4:1: warning: counters are not reset between runs \[PP_WARNING_DIRECTIVE\]$/m);
    });

    it('is 1 when the file has errors', () => {
      const r = s.run('verify', 'with_header.c');
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, /^\s+xdp_len\s+section "xdp"\s+xdp\s+reject$/m);
    });

    it('is 2 without any arguments, printing the usage', () => {
      const r = s.run();
      assert.equal(r.code, 2);
      assert.match(r.stdout + r.stderr, /usage: xdp-lab/);
    });

    it('is 2 for verify without a file', () => {
      const r = s.run('verify');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /verify needs a source file/);
    });

    it('is 2 for an unknown option or command, naming it', () => {
      const opt = s.run('verify', 'clean.c', '--frobnicate');
      assert.equal(opt.code, 2);
      assert.match(opt.stderr, /unknown option '--frobnicate'/);
      const cmd = s.run('check', 'clean.c');
      assert.equal(cmd.code, 2);
      assert.match(cmd.stderr, /unknown command 'check'/);
    });

    it('is 2 for an option missing its value', () => {
      const r = s.run('verify', 'clean.c', '-I');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /-I needs a value/);
    });

    it('is 2 for a file that does not exist', () => {
      const r = s.run('verify', 'no_such_file.c');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read no_such_file\.c/);
      assert.equal(r.stdout, '');
    });

    it('is 2 for a path that cannot be read as a file', () => {
      const r = s.run('verify', 'a_directory');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read a_directory/);
    });

    it('is 2 for a file without read permission (when not root)', function () {
      if (process.getuid?.() === 0) this.skip(); // root reads anything
      s.write('secret.c', CLEAN);
      fs.chmodSync(`${s.dir}/secret.c`, 0o000);
      const r = s.run('verify', 'secret.c');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read secret\.c/);
    });
  });

  describe('gcc-style report', () => {
    it('gives file:line:col of an error in the main file, its source line and a caret under it', () => {
      const r = s.run('verify', 'with_header.c');
      const at = positionOf(WITH_HEADER, 'XDP_DRP');
      const lines = r.stdout.split('\n');
      const i = lines.indexOf(`with_header.c:${at.line}:${at.column}: error: use of undeclared identifier 'XDP_DRP' [IR_UNDECLARED]`);
      assert.ok(i >= 0, r.stdout);
      assert.equal(lines[i + 1].trim(), 'return len > 64 ? XDP_PASS : XDP_DRP;');
      assert.match(lines[i + 2], /^\s*\^~*$/);
      assert.equal(lines[i + 2].trim().length, 'XDP_DRP'.length, 'the caret and tildes cover the identifier');
    });

    it('gives file:line:col of an error inside an included local header, named as it was found', () => {
      const r = s.run('verify', 'with_header.c');
      const at = positionOf(PARSE_H, 'data_start');
      assert.match(r.stdout, new RegExp(`^parse\\.h:${at.line}:${at.column}: error: use of undeclared identifier 'data_start' \\[IR_UNDECLARED\\]$`, 'm'));
    });

    it('puts the caret under the token when the source line is indented with tabs', () => {
      const r = s.run('verify', 'with_header.c');
      const lines = r.stdout.split('\n');
      const i = lines.findIndex(l => l.startsWith('with_header.c:') && l.includes('XDP_DRP'));
      assert.ok(i >= 0, r.stdout);
      const source = expandTabs(lines[i + 1]);
      const caret = expandTabs(lines[i + 2]);
      assert.equal(caret.indexOf('^'), source.indexOf('XDP_DRP'), `caret misplaced:\n${source}\n${caret}`);
    });

    it('prints a hint under the diagnostic that has one', () => {
      s.write('hint.c', '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n\nstatic u32 seen;\n');
      const r = s.run('verify', 'hint.c');
      const lines = r.stdout.split('\n');
      const i = lines.indexOf("hint.c:4:8: error: unknown type name 'u32' [TYPE_UNKNOWN]");
      assert.ok(i >= 0, r.stdout);
      assert.match(lines.slice(i + 1, i + 4).join('\n'), /^ {2}hint: \S.*$/m);
    });

    it('lists programs of several types, and leaves out a program type XDP Lab does not run', () => {
      const r = s.run('verify', 'programs.c');
      assert.match(r.stdout, /^programs \(3\):$/m);
      assert.match(r.stdout, /^\s+xdp_ingress\s+section "xdp"\s+xdp\s+\w+$/m);
      assert.match(r.stdout, /^\s+tc_egress\s+section "tc"\s+tc\s+\w+$/m);
      assert.match(r.stdout, /^\s+legacy_classifier\s+section "ingress_filter"\s+tc\s+\w+$/m);
      assert.doesNotMatch(r.stdout, /^\s+trace_connect\s/m);
      const at = positionOf(PROGRAMS, 'trace_connect');
      assert.match(r.stdout, new RegExp(`^programs\\.c:${at.line}:${at.column}: warning: .*trace_connect.*kprobe/tcp_v4_connect.* \\[IR_PROGRAM_TYPE\\]$`, 'm'));
      assert.match(r.stdout, /^license: Dual MIT\/GPL$/m);
    });

    it('prints the IR after the report with --ir', () => {
      const r = s.run('verify', 'clean.c', '--ir');
      assert.equal(r.code, 0);
      const report = r.stdout.indexOf('programs (1):');
      const fn = r.stdout.search(/^function xdp_pass\b/m);
      assert.ok(report >= 0 && fn > report, r.stdout);
    });
  });

  describe('--json', () => {
    it('prints one document of the documented shape for a clean file', () => {
      const { code, report } = s.json('verify', 'clean.c');
      assert.equal(code, 0);
      assert.equal(report.file, 'clean.c');
      assert.deepEqual(report.diagnostics, []);
      assert.deepEqual(report.programs, [{ name: 'xdp_pass', section: 'xdp', type: 'xdp', verdict: 'accept', diagnostics: [] }]);
      assert.deepEqual(report.maps, []);
      assert.equal(report.license, 'GPL');
    });

    it('has no license field when the file has no license section', () => {
      const { report } = s.json('verify', 'with_header.c');
      assert.ok(!('license' in report));
    });

    it('gives every field of a diagnostic, 1-based, with the source line', () => {
      const { code, report } = s.json('verify', 'with_header.c');
      assert.equal(code, 1);
      const d = report.programs[0].diagnostics.find(x => x.message.includes('XDP_DRP'));
      assert.ok(d, JSON.stringify(report));
      const at = positionOf(WITH_HEADER, 'XDP_DRP');
      assert.deepEqual(d, {
        code: 'IR_UNDECLARED', severity: 'error', stage: 'ir', file: 'with_header.c',
        line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 'XDP_DRP'.length,
        message: "use of undeclared identifier 'XDP_DRP'", sourceLine: '\treturn len > 64 ? XDP_PASS : XDP_DRP;',
      });
      const h = report.programs[0].diagnostics.find(x => x.file === 'parse.h');
      assert.ok(h, 'the header error belongs to the program that calls into the header');
      assert.deepEqual([h.line, h.column], [positionOf(PARSE_H, 'data_start').line, positionOf(PARSE_H, 'data_start').column]);
      assert.equal(report.programs[0].verdict, 'reject');
    });

    it('attaches diagnostics to the programs whose code contains them, and the rest to the file', () => {
      const { code, report } = s.json('verify', 'programs.c');
      assert.equal(code, 1);
      const byName = new Map(report.programs.map(p => [p.name, p]));
      assert.deepEqual([...byName.keys()].sort(), ['legacy_classifier', 'tc_egress', 'xdp_ingress']);
      assert.equal(byName.get('xdp_ingress')?.type, 'xdp');
      assert.equal(byName.get('tc_egress')?.type, 'tc');
      assert.equal(byName.get('legacy_classifier')?.type, 'tc');
      assert.equal(byName.get('legacy_classifier')?.section, 'ingress_filter');
      const undeclared = (n: string) => `IR_UNDECLARED use of undeclared identifier '${n}'`;
      assert.deepEqual(summary(byName.get('xdp_ingress')!.diagnostics), [undeclared('shared_missing'), undeclared('xdp_missing')]);
      assert.deepEqual(summary(byName.get('tc_egress')!.diagnostics), [undeclared('shared_missing'), undeclared('tc_missing')]);
      assert.deepEqual(byName.get('legacy_classifier')!.diagnostics, []);
      const fileLevel = summary(report.diagnostics);
      assert.equal(fileLevel.length, 3, fileLevel.join('\n'));
      assert.ok(fileLevel.includes("TYPE_UNKNOWN unknown type name 'u64'"), fileLevel.join('\n'));
      assert.ok(fileLevel.includes(undeclared('unused_missing')), fileLevel.join('\n'));
      assert.ok(fileLevel.some(x => x.startsWith('IR_PROGRAM_TYPE ') && x.includes('trace_connect')), fileLevel.join('\n'));
      for (const p of report.programs) {
        if (p.diagnostics.some(d => d.severity === 'error')) assert.equal(p.verdict, 'reject', p.name);
      }
      assert.equal(report.license, 'Dual MIT/GPL');
    });
  });
});
