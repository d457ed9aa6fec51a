// Which ELF sections are programs, and of which type, following libbpf's section names.

import type { ProgramType } from './ir';

export function programTypeOf(section: string): ProgramType | 'other' | undefined {
  if (section.startsWith('.') || section === 'license' || section === 'version' || section === 'maps') return undefined;
  if (/^xdp(\.frags)?(\/|$)/.test(section) || /^xdp[._](devmap|cpumap)(\.frags)?(\/|$)/.test(section)) return 'xdp';
  if (/^(tc|classifier|tcx|action)(\/|$)/.test(section) || /^tc[_.](ingress|egress)$/.test(section)) return 'tc';
  return 'other';
}
