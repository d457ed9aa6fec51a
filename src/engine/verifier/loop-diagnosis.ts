// Why a loop ran out of budget: among the tests that leave the loop, the compared value with the largest upper
// bound is the bound that is missing ("its exit test `i < n` compares with `n`, which can be 4294967295 here").

import type { IrFunction, Operand } from '../ir/ir';
import type { Loop } from './analysis/loops';
import type { State } from './domain/state';
import type { Env } from './exec/env';

const CC_TEXT = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;

export interface LoopWhy {
  test?: string;
  bound?: string;
}

export function loopDiagnosis(env: Env, st: State, fn: IrFunction, loop: Loop): LoopWhy {
  const frame = [...st.frames].reverse().find(f => f.fn === fn);
  if (!frame) return {};
  const info = env.info(fn);
  let best: { test: string; name: string; umax: bigint } | undefined;
  for (const b of loop.exits) {
    const test = info.tests[b];
    if (!test) continue;
    const name = (o: Operand): string => ('imm' in o ? `${o.imm}` : fn.regs[o.r]?.name ?? sourceOf(env, fn, o.r) ?? 'a temporary');
    const text = `${name(test.cmp.a)} ${CC_TEXT[test.cmp.cc]} ${name(test.cmp.b)}`;
    for (const o of [test.cmp.a, test.cmp.b]) {
      if (!('r' in o)) continue;
      const v = frame.regs[o.r];
      if (v.k !== 'scalar') continue;
      if (!best || v.umax > best.umax) best = { test: text, name: name(o), umax: v.umax };
    }
  }
  if (!best || best.umax < 1n << 16n) return best ? { test: best.test } : {};
  return { test: best.test, bound: `\`${best.name}\`, which can be as large as ${best.umax} here` };
}

/** The source text of the expression that computed an unnamed register ("*n"), when the text is at hand. */
function sourceOf(env: Env, fn: IrFunction, reg: number): string | undefined {
  for (const b of fn.blocks) {
    for (const i of b.insts) {
      if (!('dst' in i) || i.dst !== reg) continue;
      const text = env.text(i.loc.file);
      const src = text?.slice(i.loc.start, i.loc.end).trim();
      return src && src.length <= 40 && !src.includes('\n') ? src : undefined;
    }
  }
  return undefined;
}
