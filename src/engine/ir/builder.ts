// Builds one function's CFG: blocks, registers, stack slots, with the source range of the construct being
// lowered attached to every instruction.

import type { Range } from '../diagnostics';
import { CType, sizeOf, alignOf } from '../types/ctype';
import type { Block, Inst, IrFunction, Operand, Reg, RegInfo, StackSlot, Terminator } from './ir';

type InstBody = Inst extends infer I ? (I extends Inst ? Omit<I, 'loc'> : never) : never;
type TermBody = Terminator extends infer I ? (I extends Terminator ? Omit<I, 'loc'> : never) : never;

export class FunctionBuilder {
  readonly blocks: Block[] = [];
  readonly regs: RegInfo[] = [];
  readonly slots: StackSlot[] = [];
  cur: Block;
  /** Source range of the construct being lowered; instructions take it. */
  loc: Range;
  private depth = 0;
  maxDepth = 0;

  constructor(range: Range) {
    this.loc = range;
    this.cur = this.newBlock('entry');
  }

  newBlock(label: string): Block {
    const b: Block = { id: this.blocks.length, insts: [], term: { op: 'unreachable', loc: this.loc }, label };
    (b as { open?: boolean }).open = true;
    this.blocks.push(b);
    return b;
  }

  reg(type: CType, name?: string): Reg {
    this.regs.push(name === undefined ? { type } : { name, type });
    return this.regs.length - 1;
  }

  emit(i: InstBody): void {
    if (!this.isOpen(this.cur)) {
      // Code after a return/break/goto: give it a fresh unreachable block so it still gets lowered and checked.
      this.cur = this.newBlock('dead');
    }
    this.cur.insts.push({ ...i, loc: this.loc } as Inst);
  }

  /** Ends the current block; later code goes to a fresh block until `setBlock`. */
  terminate(t: TermBody): void {
    if (!this.isOpen(this.cur)) return;
    this.cur.term = { ...t, loc: this.loc } as Terminator;
    (this.cur as { open?: boolean }).open = false;
  }

  isOpen(b: Block): boolean {
    return (b as { open?: boolean }).open === true;
  }

  /** Falls through into `b` (if the current block is still open) and continues there. */
  enter(b: Block): void {
    this.terminate({ op: 'br', to: b.id });
    this.cur = b;
  }

  setBlock(b: Block): void {
    this.cur = b;
  }

  // ---- stack frame: slots are reused by sibling scopes, as a compiler would -----------------------------------

  scopeMark(): number {
    return this.depth;
  }

  scopeRelease(mark: number): void {
    this.depth = mark;
  }

  slot(name: string, type: CType, range: Range): number {
    const size = Math.max(sizeOf(type) ?? 0, 1);
    const align = Math.max(alignOf(type), 1);
    this.depth = Math.ceil((this.depth + size) / align) * align;
    this.maxDepth = Math.max(this.maxDepth, this.depth);
    this.slots.push({ name, type, size, offset: this.depth, range });
    return this.slots.length - 1;
  }

  finish(base: Omit<IrFunction, 'regs' | 'slots' | 'frameSize' | 'blocks' | 'entry'>): IrFunction {
    for (const b of this.blocks) delete (b as { open?: boolean }).open;
    return { ...base, regs: this.regs, slots: this.slots, frameSize: this.maxDepth, blocks: this.blocks, entry: 0 };
  }
}

export const imm = (v: bigint | number): Operand => ({ imm: BigInt(v) });
export const r = (reg: Reg): Operand => ({ r: reg });
