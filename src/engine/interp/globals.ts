// Global variables, laid out the way libbpf sees them: one region per ELF section (.bss, .data, .rodata and
// their .suffix variants, string literals), the variables in definition order at their natural alignment.
// .rodata sections are read-only to the program (libbpf freezes them). Sections that only carry metadata
// (license, version, map definitions) get no storage.

import type { Range } from '../diagnostics';
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
  private readonly byName = new Map<string, Placed[]>();

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
      const list = this.byName.get(p.info.name) ?? [];
      list.push({ info: p.info, addr: r.base + p.off });
      this.byName.set(p.info.name, list);
    }
  }

  /**
   * Address of a global named by a use. Block-scope statics of one function can share a name (every
   * bpf_printk format is "fn.____fmt"), so the one defined at the use's range wins, then one whose range
   * contains the use, then the first.
   */
  address(name: string, use: Range): number | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    if (list.length === 1) return list[0].addr;
    const same = list.find(p => p.info.range.file === use.file && p.info.range.start === use.start && p.info.range.end === use.end);
    if (same) return same.addr;
    const inside = list.find(p => p.info.range.file === use.file && p.info.range.start <= use.start && use.end <= p.info.range.end);
    return (inside ?? list[0]).addr;
  }

  /** Address and size of the first global with this name. */
  variable(name: string): { addr: number; size: number } | undefined {
    const p = this.byName.get(name)?.[0];
    return p ? { addr: p.addr, size: p.info.size } : undefined;
  }

  private nameAt(section: string, off: number): string {
    const r = this.sections.get(section);
    if (!r) return '?';
    for (const list of this.byName.values()) {
      for (const p of list) {
        const o = p.addr - r.base;
        if (sectionOf(p.info) === section && off >= o && off < o + p.info.size) return `${p.info.name}+${off - o}`;
      }
    }
    return 'padding';
  }
}

/** String literals get their own section, like clang's .rodata.str1.1, so .rodata keeps clang's layout. */
function sectionOf(g: GlobalInfo): string {
  return g.section;
}
