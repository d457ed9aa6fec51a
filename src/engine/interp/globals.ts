// Global variables, laid out the way libbpf sees them: one region per ELF section (.bss, .data, .rodata and
// their .suffix variants, string literals), the variables in definition order at their natural alignment.
// .rodata sections are read-only to the program (libbpf freezes them). Sections that only carry metadata
// (license, version, map definitions) get no storage.

import type { GlobalInfo } from '../ir/ir';
import { alignOf } from '../types/ctype';
import type { AddressSpace, Region } from './memory';

const NO_STORAGE = new Set(['license', 'version', '.maps', 'maps']);

interface Placed {
  info: GlobalInfo;
  addr: number;
}

export class GlobalLayout {
  /** Section name → its region. */
  readonly sections = new Map<string, Region>();
  /** Global names are unique in a module (the front end numbers block-scope statics that share a name). */
  private readonly byName = new Map<string, Placed>();

  constructor(mem: AddressSpace, globals: readonly GlobalInfo[]) {
    const offsets = new Map<string, number>();
    const placed: Array<{ info: GlobalInfo; section: string; off: number }> = [];
    for (const g of globals) {
      if (NO_STORAGE.has(g.section)) continue;
      const section = sectionOf(g);
      const align = Math.max(1, alignOf(g.type));
      const at = Math.ceil((offsets.get(section) ?? 0) / align) * align;
      offsets.set(section, at + g.size);
      placed.push({ info: g, section, off: at });
    }
    for (const [section, size] of offsets) {
      const readonly = section.startsWith('.rodata');
      const r = mem.alloc({
        name: section,
        size: Math.max(size, 1),
        readonly,
        where: off => `${section}+${off} (${this.nameAt(section, off)})`,
      });
      if (!r) throw new Error(`address space exhausted while laying out ${section}`);
      r.hi = size;
      this.sections.set(section, r);
    }
    for (const p of placed) {
      const r = this.sections.get(p.section)!;
      r.bytes.set(p.info.init.subarray(0, p.info.size), p.off);
      this.byName.set(p.info.name, { info: p.info, addr: r.base + p.off });
    }
  }

  address(name: string): number | undefined {
    return this.byName.get(name)?.addr;
  }

  /** Address and size of the global with this name. */
  variable(name: string): { addr: number; size: number } | undefined {
    const p = this.byName.get(name);
    return p ? { addr: p.addr, size: p.info.size } : undefined;
  }

  private nameAt(section: string, off: number): string {
    const r = this.sections.get(section);
    if (!r) return '?';
    for (const p of this.byName.values()) {
      const o = p.addr - r.base;
      if (sectionOf(p.info) === section && off >= o && off < o + p.info.size) return `${p.info.name}+${off - o}`;
    }
    return 'padding';
  }
}

/** String literals get their own section, like clang's .rodata.str1.1, so .rodata keeps clang's layout. */
function sectionOf(g: GlobalInfo): string {
  return g.section;
}
