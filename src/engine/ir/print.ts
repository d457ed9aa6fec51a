// A stable text form of the IR for golden tests, the CLI's --ir flag and debugging.

import type { Range } from '../diagnostics';
import { typeName } from '../types/ctype';
import type { AddrBase, Block, Inst, IntTy, IrFunction, IrModule, Operand, Terminator } from './ir';

export type LocFormatter = (r: Range) => string;

export function printModule(m: IrModule, loc?: LocFormatter): string {
  const out: string[] = [];
  if (m.license !== undefined) out.push(`license "${m.license}"`);
  for (const g of m.globals) {
    out.push(`global ${g.name}: ${typeName(g.type)} section "${g.section}" size ${g.size}${g.readonly ? ' readonly' : ''}${nonZero(g.init) ? ' init ' + hex(g.init) : ''}`);
  }
  for (const mp of m.maps) {
    out.push(`map ${mp.name}: ${mp.typeName} key ${mp.keySize} value ${mp.valueSize} max ${mp.maxEntries}${mp.flags ? ' flags ' + mp.flags : ''} (${mp.style})${mp.inner ? ' inner ' + mp.inner.typeName : ''}`);
  }
  for (const p of m.programs) out.push(`program ${p.name}: ${p.type} section "${p.section}"`);
  for (const f of m.functions) out.push('', printFunction(f, loc));
  return out.join('\n') + '\n';
}

function nonZero(b: Uint8Array): boolean {
  return b.some(x => x !== 0);
}

function hex(b: Uint8Array): string {
  const n = Math.min(b.length, 64);
  let s = '';
  for (let i = 0; i < n; i++) s += b[i].toString(16).padStart(2, '0');
  return b.length > n ? s + '…' : s;
}

export function printFunction(f: IrFunction, loc?: LocFormatter): string {
  const reg = (n: number): string => {
    const name = f.regs[n]?.name;
    return name ? `%${name}.${n}` : `%${n}`;
  };
  const op = (o: Operand): string => ('r' in o ? reg(o.r) : o.imm.toString());
  const params = f.params.map(p => `${reg(p)}: ${typeName(f.regs[p].type)}`).join(', ');
  const lines = [`function ${f.name}(${params})${f.inline === 'always' ? ' always_inline' : f.inline === 'never' ? ' noinline' : ''} frame ${f.frameSize}`];
  for (let i = 0; i < f.slots.length; i++) {
    const s = f.slots[i];
    lines.push(`  slot ${i} ${s.name}: ${typeName(s.type)} at fp-${s.offset} size ${s.size}`);
  }
  for (const b of f.blocks) lines.push(...printBlock(b, reg, op, loc));
  return lines.join('\n');
}

function printBlock(b: Block, reg: (n: number) => string, op: (o: Operand) => string, loc?: LocFormatter): string[] {
  const head = `bb${b.id} ${b.label}:` + (b.loop ? ` ; loop${b.loop.hint ? ' ' + b.loop.hint + (b.loop.count ? '(' + b.loop.count + ')' : '') : ''}` : '');
  const out = [head];
  for (const i of b.insts) out.push(withLoc('  ' + printInst(i, reg, op), i.loc, loc));
  out.push(withLoc('  ' + printTerm(b.term, op), b.term.loc, loc));
  return out;
}

function withLoc(text: string, r: Range, loc?: LocFormatter): string {
  if (!loc) return text;
  return text.padEnd(48) + ' ; ' + loc(r);
}

const ity = (t: IntTy): string => (t.signed ? 'i' : 'u') + t.bits;

function base(b: AddrBase): string {
  switch (b.k) {
    case 'stack':
      return `stack.${b.slot}`;
    case 'global':
      return `global ${b.name}`;
    case 'map':
      return `map ${b.name}`;
    case 'func':
      return `func ${b.name}`;
  }
}

function mem(ptr: string, off: number): string {
  return off === 0 ? `[${ptr}]` : off > 0 ? `[${ptr} + ${off}]` : `[${ptr} - ${-off}]`;
}

export function printInst(i: Inst, reg: (n: number) => string, op: (o: Operand) => string): string {
  switch (i.op) {
    case 'mov':
      return `${reg(i.dst)} = ${op(i.src)}`;
    case 'bin':
      return `${reg(i.dst)} = ${i.fn}.${ity(i.ty)} ${op(i.a)}, ${op(i.b)}`;
    case 'neg':
    case 'not':
      return `${reg(i.dst)} = ${i.op}.${ity(i.ty)} ${op(i.a)}`;
    case 'cmp':
      return `${reg(i.dst)} = cmp.${i.cc}.${ity(i.ty)} ${op(i.a)}, ${op(i.b)}`;
    case 'conv':
      return `${reg(i.dst)} = conv.${ity(i.from)}.${ity(i.to)} ${op(i.src)}`;
    case 'ptradd':
      return `${reg(i.dst)} = ptradd ${op(i.base)}, ${op(i.off)}`;
    case 'addr':
      return `${reg(i.dst)} = addr ${base(i.base)}`;
    case 'load':
      return `${reg(i.dst)} = load.${i.signed ? 'i' : 'u'}${i.size * 8} ${mem(op(i.ptr), i.off)}`;
    case 'store':
      return `store.${i.size * 8} ${mem(op(i.ptr), i.off)}, ${op(i.src)}`;
    case 'memcpy':
    case 'memmove':
      return `${i.op} ${op(i.dst)}, ${op(i.src)}, ${i.size}`;
    case 'memset':
      return `memset ${op(i.dst)}, ${op(i.value)}, ${i.size}`;
    case 'bswap':
      return `${reg(i.dst)} = bswap${i.bytes * 8} ${op(i.src)}`;
    case 'call':
      return `${i.dst !== undefined ? reg(i.dst) + ' = ' : ''}call helper#${i.helper} ${i.name}(${i.args.map(op).join(', ')})`;
    case 'callfn':
      return `${i.dst !== undefined ? reg(i.dst) + ' = ' : ''}call ${i.fn}(${i.args.map(op).join(', ')})`;
    case 'atomic':
      return `${i.dst !== undefined ? reg(i.dst) + ' = ' : ''}atomic.${i.fn}.${i.size * 8} ${mem(op(i.ptr), i.off)}, ${op(i.src)}${i.cmp ? ', ' + op(i.cmp) : ''}`;
    case 'asm':
      return `asm ${JSON.stringify(i.text)}`;
  }
}

function printTerm(t: Terminator, op: (o: Operand) => string): string {
  switch (t.op) {
    case 'br':
      return `br bb${t.to}`;
    case 'cbr':
      return `cbr ${op(t.cond)}, bb${t.t}, bb${t.f}`;
    case 'switch':
      return `switch.${ity(t.ty)} ${op(t.v)} [${t.cases.map(c => `${c.value}: bb${c.to}`).join(', ')}] default bb${t.dflt}`;
    case 'ret':
      return t.v ? `ret ${op(t.v)}` : 'ret';
    case 'unreachable':
      return 'unreachable';
  }
}
