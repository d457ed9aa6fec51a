// Differences between two record layouts, as readable lines, so a failing test names every wrong member.

import type { MemberLayout, StructLayout } from '../support/clang-layout';

function show(m: MemberLayout | undefined): string {
  if (!m) return 'absent';
  return `bit ${m.bitOffset}${m.bitSize ? ` width ${m.bitSize}` : ''}, ${m.byteSize} bytes`;
}

/**
 * Every way `ours` differs from `theirs` (clang's). Members named in `extras` may exist in ours only
 * (newer-kernel fields the system headers lack).
 */
export function layoutDiff(record: string, ours: StructLayout, theirs: StructLayout, extras: readonly string[] = []): string[] {
  const out: string[] = [];
  if (ours.size !== theirs.size) out.push(`${record}: sizeof ours ${ours.size}, clang ${theirs.size}`);
  if (ours.align !== theirs.align) out.push(`${record}: alignof ours ${ours.align}, clang ${theirs.align}`);
  for (const m of theirs.members) {
    const mine = ours.members.find((x) => x.name === m.name);
    const same = mine && mine.bitOffset === m.bitOffset && mine.bitSize === m.bitSize && mine.byteSize === m.byteSize;
    if (!same) out.push(`${record}.${m.name}: ours ${show(mine)}; clang ${show(m)}`);
  }
  for (const m of ours.members) {
    if (theirs.members.some((x) => x.name === m.name) || extras.includes(m.name)) continue;
    out.push(`${record}.${m.name}: ours ${show(m)}; clang has no such member`);
  }
  return out;
}
