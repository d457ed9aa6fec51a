// Successors and predecessors of a function's blocks, and the registers each instruction reads and writes.

import type { Block, Inst, IrFunction, Operand, Reg, Terminator } from '../../ir/ir';

export function successors(t: Terminator): number[] {
  switch (t.op) {
    case 'br': return [t.to];
    case 'cbr': return t.t === t.f ? [t.t] : [t.t, t.f];
    case 'switch': return [...new Set([...t.cases.map(c => c.to), t.dflt])];
    default: return [];
  }
}

export function predecessorCounts(fn: IrFunction): number[] {
  const n = new Array<number>(fn.blocks.length).fill(0);
  for (const b of fn.blocks) for (const s of successors(b.term)) n[s]++;
  return n;
}

export function blockById(fn: IrFunction, id: number): Block {
  return fn.blocks[id];
}

const reg = (o: Operand | undefined): Reg[] => (o && 'r' in o ? [o.r] : []);

/** The register an instruction defines, if any. */
export function defOf(i: Inst): Reg | undefined {
  switch (i.op) {
    case 'mov': case 'bin': case 'neg': case 'not': case 'cmp': case 'conv': case 'ptradd': case 'addr': case 'load': case 'bswap':
      return i.dst;
    case 'call': case 'callfn': case 'atomic':
      return i.dst;
    default:
      return undefined;
  }
}

/** Registers whose value flows into the defined register. */
export function valueOperands(i: Inst): Reg[] {
  switch (i.op) {
    case 'mov': return reg(i.src);
    case 'bin': case 'cmp': return [...reg(i.a), ...reg(i.b)];
    case 'neg': case 'not': return reg(i.a);
    case 'conv': case 'bswap': return reg(i.src);
    case 'ptradd': return [...reg(i.base), ...reg(i.off)];
    default: return [];
  }
}

/** Registers an instruction reads in a way the verifier checks (addresses, stored values, call arguments). */
export function checkedOperands(i: Inst): Reg[] {
  switch (i.op) {
    case 'load': return reg(i.ptr);
    case 'store': return [...reg(i.ptr), ...reg(i.src)];
    case 'memcpy': case 'memmove': return [...reg(i.dst), ...reg(i.src)];
    case 'memset': return [...reg(i.dst), ...reg(i.value)];
    case 'call': case 'callfn': return i.args.flatMap(reg);
    case 'atomic': return [...reg(i.ptr), ...reg(i.src), ...reg(i.cmp)];
    default: return [];
  }
}

export function terminatorOperands(t: Terminator): Reg[] {
  switch (t.op) {
    case 'cbr': return reg(t.cond);
    case 'switch': return reg(t.v);
    case 'ret': return reg(t.v);
    default: return [];
  }
}
