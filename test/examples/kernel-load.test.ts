// Every example must compile with clang and pass the real kernel verifier.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BPFFS, bpfCompileArgs, kernelLoadUnavailable } from './bpf-toolchain';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const NON_PROGRAM_SECTIONS = new Set(['license', 'version']);

/** Program sections named in SEC("...") annotations, in source order. */
function programSections(source: string): string[] {
  const names = [...source.matchAll(/\bSEC\("([^"]+)"\)/g)].map((m) => m[1]);
  return names.filter((n) => !n.startsWith('.') && !NON_PROGRAM_SECTIONS.has(n));
}

/** bpftool's type name for a single-program load. */
function loadType(section: string): string {
  if (section === 'tc' || section.startsWith('classifier') || section.startsWith('tc/')) return 'classifier';
  if (section.startsWith('xdp')) return 'xdp';
  throw new Error(`no load type known for section ${section}`);
}

function run(cmd: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Last lines of a verifier log: where the reason for a rejection is. */
const tail = (text: string) => text.trim().split('\n').slice(-25).join('\n');

const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.c')).sort();
const unavailable = kernelLoadUnavailable();

describe(`examples load into the kernel${unavailable ? ` (skipped: ${unavailable})` : ''}`, function () {
  this.timeout(20000);
  let workDir = '';

  before(function () {
    if (unavailable) this.skip();
    workDir = mkdtempSync(join(tmpdir(), 'xdplab-kload-'));
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('has at least ten examples', () => {
    assert.ok(exampleFiles.length >= 10, `only ${exampleFiles.length} examples`);
  });

  for (const file of exampleFiles) {
    const name = basename(file, '.c');
    it(`${file} compiles cleanly and the verifier accepts it`, () => {
      const source = join(EXAMPLES, file);
      const object = join(workDir, `${name}.o`);
      const compile = run('clang', bpfCompileArgs(source, object));
      assert.ok(compile.ok, `clang failed:\n${compile.output}`);
      assert.equal(compile.output.trim(), '', 'clang printed warnings');

      const sections = programSections(readFileSync(source, 'utf8'));
      assert.ok(sections.length >= 1, 'no program section found');
      const pin = join(BPFFS, `xdplab_test_${name}`);
      rmSync(pin, { recursive: true, force: true });
      try {
        const load = sections.length === 1
          ? run('bpftool', ['prog', 'load', object, pin, 'type', loadType(sections[0])])
          : run('bpftool', ['prog', 'loadall', object, pin]);
        assert.ok(load.ok, `kernel rejected ${file}:\n${tail(load.output)}`);
        assert.ok(existsSync(pin), 'nothing pinned');
        if (sections.length > 1) assert.equal(readdirSync(pin).length, sections.length, 'not every program was pinned');
      } finally {
        rmSync(pin, { recursive: true, force: true });
      }
    });
  }
});
