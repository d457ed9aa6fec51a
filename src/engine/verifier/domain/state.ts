// The abstract state at one program point of one path: the call chain's frames (registers and stack), and the
// proven range of every packet pointer id. Execution mutates a state in place; forks and checkpoints copy it.

import type { Range } from '../../diagnostics';
import type { IrFunction, Reg } from '../../ir/ir';
import { copyMap, StackMem } from './stack';
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
  /**
   * How many states may hold this frame (absent: one). A state writing to a frame held by others clones it
   * first and lets go of this one, so the last holder writes in place. Dropped states never give theirs back:
   * the count may be too high (an unneeded clone), never too low.
   */
  holders?: number;
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
  /** References held (socket lookups not yet released), by id, with where each was acquired. */
  refs: Map<number, Range>;

  /** How many states may hold pkt, varMoves and refs (cloned by ownMaps() before a write while others do). */
  private maps: { holders: number };

  constructor(frames: FrameState[], pkt?: Map<string, PacketRange>, varMoves?: Map<string, number>, refs?: Map<number, Range>, maps?: { holders: number }) {
    this.frames = frames;
    this.pkt = pkt ?? new Map();
    this.varMoves = varMoves ?? new Map();
    this.refs = refs ?? new Map();
    this.maps = maps ?? { holders: 1 };
  }

  /** Makes pkt, varMoves and refs this state's own: call before changing any of them. */
  ownMaps(): void {
    if (this.maps.holders <= 1) return;
    this.maps.holders--;
    this.pkt = copyMap(this.pkt);
    this.varMoves = copyMap(this.varMoves);
    this.refs = copyMap(this.refs);
    this.maps = { holders: 1 };
  }

  static entry(fn: IrFunction, args: Value[]): State {
    return new State([newFrame(fn, args, undefined, fn.name)]);
  }

  /** The innermost frame, for reading (see writableTop). */
  get top(): FrameState {
    return this.frames[this.frames.length - 1];
  }

  /** The innermost frame, made this state's own before a write. */
  get writableTop(): FrameState {
    return this.writable(this.frames.length - 1);
  }

  /**
   * A copy that shares its frames with this state until either writes to one: a branch usually changes a few
   * registers of the innermost frame, so most frames are never cloned.
   */
  copy(): State {
    for (const f of this.frames) f.holders = (f.holders ?? 1) + 1;
    this.maps.holders++;
    return new State(this.frames.slice(), this.pkt, this.varMoves, this.refs, this.maps);
  }

  /** Frame `i`, cloned first if another state shares it. Every write to registers or stack goes through here. */
  writable(i: number): FrameState {
    const f = this.frames[i];
    if ((f.holders ?? 1) <= 1) return f;
    f.holders!--;
    const own: FrameState = { fn: f.fn, regs: f.regs.slice(), stack: f.stack.copy(), ret: f.ret, key: f.key };
    this.frames[i] = own;
    return own;
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
    this.ownMaps();
    this.pkt.set(k, { range, at });
  }

  /**
   * mapValues() for the values carrying `id` (a scalar's copies, a lookup result's copies): the branch that
   * learns something about one updates all, and most registers have nothing to do with it, so only those are
   * handed to `f`.
   */
  mapById(id: number, f: (v: Value) => Value): void {
    for (let k = 0; k < this.frames.length; k++) {
      const fr = this.frames[k];
      let own: FrameState | undefined;
      const regs = fr.regs;
      for (let i = 0; i < regs.length; i++) {
        const v = regs[i] as { id?: number };
        if (v.id !== id) continue;
        const nv = f(regs[i]);
        if (nv === regs[i]) continue;
        own ??= this.writable(k);
        own.regs[i] = nv;
      }
      if (fr.stack.spills.size === 0) continue;
      for (const sp of fr.stack.spillList()) {
        if ((sp.value as { id?: number }).id !== id) continue;
        const nv = f(sp.value);
        if (nv === sp.value) continue;
        own ??= this.writable(k);
        own.stack.setSpill({ ...sp, value: nv });
      }
    }
  }

  /** Applies `f` to every register and spilled value of every frame (cloning only frames that change). */
  mapValues(f: (v: Value) => Value): void {
    for (let k = 0; k < this.frames.length; k++) {
      const fr = this.frames[k];
      let own: FrameState | undefined;
      for (let i = 0; i < fr.regs.length; i++) {
        const nv = f(fr.regs[i]);
        if (nv === fr.regs[i]) continue;
        own ??= this.writable(k);
        own.regs[i] = nv;
      }
      if (fr.stack.spills.size === 0) continue;
      for (const sp of fr.stack.spillList()) {
        const nv = f(sp.value);
        if (nv === sp.value) continue;
        own ??= this.writable(k);
        own.stack.setSpill({ ...sp, value: nv });
      }
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
