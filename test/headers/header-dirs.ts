// Include setups for the header tests: our built-in headers written out to a
// temporary directory (compiled with -nostdinc), and the system's UAPI and
// libbpf headers (linux-libc-dev, libbpf-dev) as clang -target bpf sees them.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUILTIN_HEADERS } from '../../src/engine/headers';
import { clangAvailable } from '../support/clang-layout';

export interface IncludeSetup {
  includeDirs: string[];
  nostdinc?: boolean;
}

export interface HeaderDirs {
  ours: IncludeSetup;
  system: IncludeSetup;
  cleanup(): void;
}

/** Writes every built-in header under dir, at its include name. */
function writeBuiltins(dir: string): void {
  for (const [name, text] of Object.entries(BUILTIN_HEADERS)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

/** /usr/include/<triple>, where <asm/types.h> lives; the bpf target does not search it. */
function multiarchDir(): string | undefined {
  const r = spawnSync('clang', ['-print-multiarch'], { encoding: 'utf8' });
  const triple = r.status === 0 ? r.stdout.trim() : '';
  const dir = `/usr/include/${triple}`;
  return triple && existsSync(dir) ? dir : undefined;
}

export function prepareHeaderDirs(): HeaderDirs {
  const root = mkdtempSync(join(tmpdir(), 'xdp-lab-headers-'));
  const ours = join(root, 'builtin');
  writeBuiltins(ours);
  // glibc's <gnu/stubs.h> wants stubs-32.h on a non-x86_64 target; UAPI headers
  // that reach <sys/socket.h> (linux/if.h) need only that it exists.
  const stub = join(root, 'stub');
  mkdirSync(join(stub, 'gnu'), { recursive: true });
  writeFileSync(join(stub, 'gnu', 'stubs-32.h'), '');
  const multiarch = multiarchDir();
  return {
    ours: { includeDirs: [ours], nostdinc: true },
    system: { includeDirs: [...(multiarch ? [multiarch] : []), stub] },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Why tests that compile with clang cannot run, or undefined. */
export function clangMissing(): string | undefined {
  return spawnSync('clang', ['--version']).status === 0 ? undefined : 'clang not found';
}

/** Why tests that read layouts back from BTF cannot run, or undefined. */
export function layoutOracleMissing(): string | undefined {
  return clangAvailable() ? undefined : 'clang or bpftool not found';
}

/** Why tests that compare with the system headers cannot run, or undefined. */
export function systemHeadersMissing(): string | undefined {
  const needed = ['/usr/include/linux/bpf.h', '/usr/include/bpf/bpf_helper_defs.h'];
  const missing = needed.filter((p) => !existsSync(p));
  return missing.length ? `system headers missing (${missing.join(', ')}); install linux-libc-dev and libbpf-dev` : undefined;
}

/** Mocha skip with the reason printed, so a skipped suite says why. */
export function skipUnless(ctx: Mocha.Context, reasons: Array<string | undefined>): void {
  const reason = reasons.find((r) => r !== undefined);
  if (reason === undefined) return;
  console.log(`      skipped: ${reason}`);
  ctx.skip();
}
