// GNU asm statements. BPF programs use inline assembly for two things: compiler barriers (`asm volatile("" :::
// "memory")`) and, now and then, one ALU instruction clang must not rewrite — `asm("%0 -= %1" : "+r"(off) :
// "r"(data))` in the kernel's own selftests. ALU statements over register operands are lowered to ordinary IR
// (64-bit operations on the operand values, as on BPF registers), so the verifier and the interpreter see them;
// anything else stays an opaque `asm` instruction that the later stages refuse to guess about.

import type * as A from '../parse/ast';
import { T } from '../types/ctype';
import { imm, r } from './builder';
import type { FnContext, LVal, Val } from './context';
import type { BinFn, IntTy, Operand } from './ir';
import { lvalue, rvalue } from './lower-expr';
import { convert, load, store } from './lower-value';

type Asm = { text: string; outputs: A.AsmOperand[]; inputs: A.AsmOperand[] };

const OPS: Record<string, { fn: BinFn; signed: boolean }> = {
  '+': { fn: 'add', signed: false }, '-': { fn: 'sub', signed: false }, '*': { fn: 'mul', signed: false },
  '/': { fn: 'div', signed: false }, '%': { fn: 'mod', signed: false }, '&': { fn: 'and', signed: false },
  '|': { fn: 'or', signed: false }, '^': { fn: 'xor', signed: false }, '<<': { fn: 'shl', signed: false },
  '>>': { fn: 'shr', signed: false }, 's>>': { fn: 'shr', signed: true },
};

/** `%N op= %M`, `%N op= imm`, `%N = %M`, `%N = imm`, one per line or `;`. */
const INSN = /^%(\d+)\s*(s>>|<<|>>|[-+*/%&|^])?=\s*(?:%(\d+)|(-?(?:0x[0-9a-fA-F]+|\d+)))$/;

interface Parsed {
  dst: number;
  op?: string;
  src: number | bigint;
}

function parse(text: string, operands: number): Parsed[] | undefined {
  const out: Parsed[] = [];
  for (const raw of text.split(/[;\n]/)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = INSN.exec(line);
    if (!m) return undefined;
    const dst = Number(m[1]);
    const src = m[3] !== undefined ? Number(m[3]) : BigInt(m[4]);
    if (dst >= operands || (typeof src === 'number' && src >= operands)) return undefined;
    out.push({ dst, op: m[2], src });
  }
  return out.length > 0 ? out : undefined;
}

/** Lowers an asm statement to IR if it is ALU work on register operands; false leaves it to the caller. */
export function lowerAsm(cx: FnContext, a: Asm): boolean {
  const all = [...a.outputs, ...a.inputs];
  const regOnly = all.every(o => /^[=+&]*r$/.test(o.constraint));
  const insns = regOnly ? parse(a.text, all.length) : undefined;
  if (!insns) return false;
  const b = cx.b;
  const u64: IntTy = { bits: 64, signed: false };
  // Operand values as 64-bit registers: inputs and read-write ("+r") outputs are read first, as the compiler
  // would load them into registers before the asm runs.
  const lvs: LVal[] = a.outputs.map(o => lvalue(cx, o.expr));
  const regs: Operand[] = all.map((o, i) => {
    const reg = b.reg(T.ulong);
    let v: Val | undefined;
    if (i >= a.outputs.length) v = rvalue(cx, o.expr);
    else if (o.constraint.includes('+')) v = load(cx, lvs[i]);
    b.emit({ op: 'mov', dst: reg, src: v ? convert(cx, v, T.ulong).v : imm(0n) });
    return r(reg);
  });
  for (const insn of insns) {
    const src = typeof insn.src === 'number' ? regs[insn.src] : imm(BigInt.asUintN(64, insn.src));
    const dst = (regs[insn.dst] as { r: number }).r;
    if (insn.op === undefined) {
      b.emit({ op: 'mov', dst, src });
      continue;
    }
    const op = OPS[insn.op];
    b.emit({ op: 'bin', fn: op.fn, ty: { ...u64, signed: op.signed }, dst, a: r(dst), b: src });
  }
  a.outputs.forEach((_, i) => store(cx, lvs[i], convert(cx, { v: regs[i], t: T.ulong }, lvs[i].t)));
  return true;
}
