// Asks clang for the values of integer constants (macros or enumerators) as a
// BPF compile sees them: the names go into a u64 array initializer and the
// array's bytes are read back from the object's ELF symbol table.

import { readFileSync } from 'node:fs';
import { compileBpfObject, withTempDir } from '../support/clang-layout';

export interface ValueOptions {
  includeDirs: string[];
  nostdinc?: boolean;
  extraArgs?: string[];
}

const ARRAY = '__xdp_lab_values';

interface Section {
  name: string;
  offset: number;
  size: number;
  link: number;
  type: number;
}

/** Section headers of a little-endian ELF64 file. */
function sections(elf: Buffer): Section[] {
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  const raw = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return {
      nameOff: elf.readUInt32LE(at),
      type: elf.readUInt32LE(at + 4),
      offset: Number(elf.readBigUInt64LE(at + 0x18)),
      size: Number(elf.readBigUInt64LE(at + 0x20)),
      link: elf.readUInt32LE(at + 0x28),
    };
  });
  const names = raw[shstrndx];
  return raw.map((s) => ({ ...s, name: cString(elf, names.offset + s.nameOff) }));
}

function cString(buf: Buffer, at: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString('latin1', at, end < 0 ? buf.length : end);
}

/** The bytes of global symbol `name`. */
function symbolBytes(elf: Buffer, name: string): Buffer {
  const all = sections(elf);
  const symtab = all.find((s) => s.type === 2);
  if (!symtab) throw new Error('object has no symbol table');
  const strtab = all[symtab.link];
  for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 24) {
    if (cString(elf, strtab.offset + elf.readUInt32LE(at)) !== name) continue;
    const section = all[elf.readUInt16LE(at + 6)];
    const value = Number(elf.readBigUInt64LE(at + 8));
    const size = Number(elf.readBigUInt64LE(at + 16));
    return elf.subarray(section.offset + value, section.offset + value + size);
  }
  throw new Error(`symbol ${name} not found`);
}

/**
 * Value of each name after `prelude` (usually #include lines), as an unsigned
 * 64-bit number (so -1 reads as 2^64 - 1). Throws if clang fails.
 */
export function clangValues(prelude: string, names: string[], opts: ValueOptions): Map<string, bigint> {
  const items = names.map((n) => `\t(unsigned long long)(${n}),`).join('\n');
  const source = `${prelude}\n\nconst unsigned long long ${ARRAY}[] = {\n${items}\n};\n`;
  return withTempDir('xdp-lab-values-', (dir) => {
    const bytes = symbolBytes(readFileSync(compileBpfObject(dir, source, opts)), ARRAY);
    return new Map(names.map((n, i) => [n, bytes.readBigUInt64LE(i * 8)]));
  });
}

/** Names clang reports as undeclared when compiling `prelude` plus uses of all names. */
export function undeclaredNames(prelude: string, names: string[], opts: ValueOptions): Set<string> {
  try {
    clangValues(prelude, names, { ...opts, extraArgs: [...(opts.extraArgs ?? []), '-ferror-limit=0'] });
    return new Set();
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    return new Set(Array.from(text.matchAll(/use of undeclared identifier '(\w+)'/g), (m) => m[1]));
  }
}
