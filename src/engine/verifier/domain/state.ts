// The abstract state at one program point of one path: the call chain's frames (registers and stack), and the
// proven range of every packet pointer id. Execution mutates a state in place; forks and checkpoints copy it.

import type { Range } from '../../diagnostics';
import type { IrFunction, Reg } from '../../ir/ir';
import { StackMem } from './stack';
import { PacketSpace, UNINIT, Value } from './value';

/** Where a callee returns to in its caller. */
export interface Continuation {
  block: number;
  pc: number;
  dst?: Reg;
  call: Range;
}

export interface FrameState {
  fn: IrFunction;
  regs: Value[];
  stack: StackMem;
  ret?: Continuation;
  /** Identifies the call chain down to this frame, for per-context checkpoints. */
  key: string;
}

export interface PacketRange {
  /** Bytes proven readable from the base of every pointer of this id. */
  range: number;
  /** The comparison that last grew it. */
  at?: Range;
}

export class State {
  frames: FrameState[];
  pkt: Map<string, PacketRange>;
  /** Packet ids of "base + variable" pointers already computed on this path (see pointer-arith.ts). */
  varMoves: Map<string, number>;

  constructor(frames: FrameState[], pkt?: Map<string, PacketRange>, varMoves?: Map<string, number>) {
    this.frames = frames;
    this.pkt = pkt ?? new Map();
    this.varMoves = varMoves ?? new Map();
  }

  static entry(fn: IrFunction, args: Value[]): State {
    return new State([newFrame(fn, args, undefined, fn.name)]);
  }

  get top(): FrameState {
    return this.frames[this.frames.length - 1];
  }

  copy(): State {
    const frames = this.frames.map(f => ({ ...f, regs: f.regs.slice(), stack: f.stack.copy() }));
    return new State(frames, new Map(this.pkt), new Map(this.varMoves));
  }

  rangeOf(space: PacketSpace, id: number): number {
    return this.pkt.get(rangeKey(space, id))?.range ?? 0;
  }

  rangeInfo(space: PacketSpace, id: number): PacketRange | undefined {
    return this.pkt.get(rangeKey(space, id));
  }

  /** Keeps the larger of the old and new range, as the kernel does for every pointer sharing the id. */
  growRange(space: PacketSpace, id: number, range: number, at: Range): void {
    const k = rangeKey(space, id);
    const old = this.pkt.get(k);
    if (old && old.range >= range) return;
    this.pkt.set(k, { range, at });
  }

  /** Applies `f` to every register and spilled value of every frame. */
  mapValues(f: (v: Value) => Value): void {
    for (const fr of this.frames) {
      for (let i = 0; i < fr.regs.length; i++) {
        const nv = f(fr.regs[i]);
        if (nv !== fr.regs[i]) fr.regs[i] = nv;
      }
      fr.stack.mapSpills(f);
    }
  }
}

export function rangeKey(space: PacketSpace, id: number): string {
  return space === 'data' ? `${id}` : `m${id}`;
}

export function newFrame(fn: IrFunction, args: Value[], ret: Continuation | undefined, key: string): FrameState {
  const regs: Value[] = new Array(fn.regs.length).fill(UNINIT);
  fn.params.forEach((r, i) => {
    if (i < args.length) regs[r] = args[i];
  });
  return { fn, regs, stack: new StackMem(), ret, key };
}
