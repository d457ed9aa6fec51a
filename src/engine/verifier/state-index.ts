// The abstract state at each instruction, merged over every path and context that reached it, as canonical
// lines per variable — what a hover or the debugger shows for a source position.

import type { Range } from '../diagnostics';
import type { IrFunction } from '../ir/ir';
import { frameLines } from './domain/render';
import type { State } from './domain/state';

interface Entry {
  loc: Range;
  /** Texts per variable name, in the order first seen. */
  vars: Map<string, Set<string>>;
}

/** Above this many different texts for one variable, further ones are counted, not kept. */
const MAX_ALTERNATIVES = 4;
/** How far after a position a following instruction still stands for it. */
const NEARBY = 8;

export class StateRecorder {
  private readonly entries = new Map<string, Entry>();

  record(st: State, fn: IrFunction, block: number, pc: number, loc: Range): void {
    const key = `${fn.name}:${block}:${pc}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { loc, vars: new Map() }));
    for (const line of frameLines(st)) {
      let set = e.vars.get(line.name);
      if (!set) e.vars.set(line.name, (set = new Set()));
      if (set.size < MAX_ALTERNATIVES || set.has(line.text)) set.add(line.text);
      else set.add('…');
    }
  }

  /**
   * Lines for the narrowest recorded instruction range containing the offset, or else for the nearest one
   * starting just after it (an operator folded into a branch, like the `!` of `if (!p)`, has no range).
   */
  at(file: string, offset: number): string[] | undefined {
    let best: Entry | undefined;
    let next: Entry | undefined;
    for (const e of this.entries.values()) {
      if (e.loc.file !== file) continue;
      if (offset >= e.loc.start && offset < Math.max(e.loc.end, e.loc.start + 1)) {
        if (!best || e.loc.end - e.loc.start < best.loc.end - best.loc.start) best = e;
      } else if (e.loc.start > offset && e.loc.start - offset <= NEARBY && (!next || e.loc.start < next.loc.start)) {
        next = e;
      }
    }
    best ??= next;
    if (!best) return undefined;
    return [...best.vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, texts]) => `${name}: ${[...texts].join(' | ')}`);
  }
}
