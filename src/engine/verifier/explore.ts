// Path exploration, as the kernel verifier does it: follow one path at a time depth-first, pushing the other side
// of every undecided branch. Where paths meet (joins, loop starts, where a call returns into its caller, and past
// a branch the path's state decided) the state is compared with states already explored from there: a state they
// include need not be explored again. A state found again inside its own unfinished exploration means a loop that
// cannot make progress. The kernel's budgets bound the work: one million steps and 8192 pending branches.

import type { IrFunction } from '../ir/ir';
import { successors } from './analysis/cfg';
import type { FnInfo } from './analysis/fninfo';
import type { Loop } from './analysis/loops';
import { makeDiagnostic } from './checks/types';
import * as tooComplex from './checks/too-complex';
import * as unbounded from './checks/unbounded-loop';
import * as unreachable from './checks/unreachable';
import { type FrameView, type QuickFacts, quickFacts, quickRejects, type RelevantRegs, shapeKey, stateIncludes } from './domain/state-compare';
import { STACK_SIZE } from './domain/stack';
import { State } from './domain/state';
import { Edge, branchCbr, branchSwitch } from './exec/branch';
import { checkFrameStack, execCallFn, execRet } from './exec/calls';
import { callChain, type Env, type Exec, MAX_PENDING } from './exec/env';
import { execInst } from './exec/step';
import { loopDiagnosis } from './loop-diagnosis';
import type { StateRecorder } from './state-index';

interface Checkpoint {
  state: State;
  /** What an included state must share exactly, checked first; gathered on the first comparison. */
  quick?: QuickFacts;
  /** Kept in a point's list (a path's stand-in parent is never compared). */
  stored?: boolean;
  /** Paths still being explored below this checkpoint; 0 once everything from it has been checked. */
  branches: number;
  parent?: Checkpoint;
  /** How often it pruned a path, and how often it was compared in vain (to drop useless ones, as the kernel does). */
  hits: number;
  misses: number;
}

interface Point {
  lastAdd: number;
  shapes: Map<number, Checkpoint[]>;
  /** States added and paths pruned here: a join that keeps adding and never prunes is not compared any more. */
  adds: number;
  prunes: number;
}

interface Item {
  st: State;
  block: number;
  pc: number;
  parent?: Checkpoint;
}

export type AbortReason = 'budget' | 'jumps';

export interface ExploreStats {
  steps: number;
  paths: number;
  checkpoints: number;
  pruned: number;
  aborted?: AbortReason;
}

const MAX_CHECKPOINTS_PER_POINT = 256;
/** States added at a point (not a loop header) without a single prune, after which it is no longer compared. */
const USELESS_AFTER = 8;
/** States kept per point while a loop through it is still being unrolled. */
const MAX_ACTIVE_PER_POINT = 32;

export class Explorer {
  readonly stats: ExploreStats = { steps: 0, paths: 0, checkpoints: 0, pruned: 0 };
  private readonly pending: Item[] = [];
  /** Per call context (frame key) and block: checkpoints bucketed by shape, and when one was last added. */
  private readonly checkpoints = new Map<string, Map<number, Point>>();
  /** The same for the points where a call returns into its caller (keyed by resumeKey). */
  private readonly resumes = new Map<string, Map<number, Point>>();
  private readonly visited = new Map<IrFunction, Set<number>>();
  private readonly headerVisits = new Map<string, { fn: IrFunction; loop: Loop; count: number }>();
  /** The block being run (state and block id), for the budget's findings. */
  private currentSt: State | undefined;
  private currentBlock = 0;

  /** The instruction being executed: one object reused for every step (it is never kept). */
  private readonly exec: Exec;

  constructor(private readonly env: Env, private readonly recorder?: StateRecorder) {
    this.exec = { env, st: undefined as unknown as State, loc: env.program.range };
  }

  run(): void {
    const entry = this.env.entry;
    if (!entry) return;
    const st = State.entry(entry, entry.params.length > 0 ? [{ k: 'ctx', off: 0 }] : []);
    checkFrameStack({ env: this.env, st, loc: entry.range }, entry);
    this.pending.push({ st, block: entry.entry, pc: 0 });
    while (this.pending.length > 0 && !this.stats.aborted) {
      this.stats.paths++;
      this.runPath(this.pending.pop()!);
    }
    this.stats.steps = this.env.steps;
    if (!this.stats.aborted && !this.env.hasErrors()) this.reportUnreachable(entry);
  }

  private runPath(item: Item): void {
    let { st, block, pc, parent } = item;
    let resumed = false;
    let decided = false;
    for (;;) {
      const fn = st.top.fn;
      const info = this.env.info(fn);
      if (resumed) {
        // A callee's returns meet where the caller resumes, as they would in the inlined code the kernel sees.
        const cp = this.checkpoint(st, block, pc, parent, false);
        if (cp === 'prune') return this.finish(parent);
        if (cp !== 'loop' && cp !== 'skip') parent = cp;
        resumed = false;
      }
      if (pc === 0) {
        this.markVisited(fn, block);
        const loop = info.loopAt.get(block);
        if (loop) this.countHeader(st, fn, loop);
        if (loop && loop.exits.length === 0) return this.loopForever(st, fn, loop, parent);
        // Joins, loop headers, and the target of a branch the state decided: a path that could only go one way
        // often carries differences the other way needed, which matter no more here (clang's jump threading
        // gives the kernel the same point).
        if (info.prunePoint[block] || decided) {
          const cp = this.checkpoint(st, block, 0, parent, loop !== undefined);
          if (cp === 'prune') return this.finish(parent);
          if (cp === 'loop') return this.loopForever(st, fn, innermostLoop(info.loops, block), parent);
          if (cp !== 'skip') parent = cp;
        }
      }
      this.currentSt = st;
      this.currentBlock = block;
      const b = fn.blocks[block];
      let entered = false;
      for (; pc < b.insts.length; pc++) {
        if (++this.env.steps > this.env.stopAt) return this.abort('budget');
        const inst = b.insts[pc];
        const x = this.exec;
        x.st = st;
        x.loc = inst.loc;
        this.recorder?.record(st, fn, block, pc, inst.loc);
        const out = inst.op === 'callfn' ? execCallFn(x, inst, block, pc) : execInst(x, inst);
        if (out === 'stop') return this.finish(parent);
        if (out === 'enter') {
          entered = true;
          break;
        }
      }
      if (entered) {
        block = st.top.fn.entry;
        pc = 0;
        continue;
      }
      this.env.steps++;
      this.recorder?.record(st, fn, block, b.insts.length, b.term.loc);
      const t = b.term;
      // The two commonest terminators continue the same path without building edge lists.
      if (t.op === 'br') {
        block = t.to;
        pc = 0;
        resumed = false;
        decided = false;
        continue;
      }
      if (t.op === 'ret' && st.frames.length > 1) {
        const x = this.exec;
        x.st = st;
        x.loc = t.loc;
        const r = execRet(x, t);
        if (r === 'done') return this.finish(parent);
        block = r.block;
        pc = r.pc;
        resumed = true;
        decided = false;
        continue;
      }
      const next = this.terminate(st, block);
      if (next.length === 0) return this.finish(parent);
      for (let k = next.length - 1; k >= 1; k--) {
        if (parent) parent.branches++;
        this.pending.push({ st: next[k].st, block: next[k].to, pc: next[k].pc ?? 0, parent });
      }
      if (this.pending.length > MAX_PENDING) {
        this.currentSt = next[0].st;
        this.currentBlock = next[0].to;
        return this.abort('jumps');
      }
      st = next[0].st;
      block = next[0].to;
      pc = next[0].pc ?? 0;
      resumed = pc !== 0;
      decided = next.length === 1 && (b.term.op === 'cbr' || b.term.op === 'switch');
    }
  }

  /** The ways a block's terminator continues: targets with their states, or a resumed caller. */
  private terminate(st: State, block: number): Array<Edge & { pc?: number }> {
    const fn = st.top.fn;
    const t = fn.blocks[block].term;
    const x = this.exec;
    x.st = st;
    x.loc = t.loc;
    switch (t.op) {
      case 'br': return [{ st, to: t.to }];
      case 'cbr': return branchCbr(x, t, this.env.info(fn).tests[block]);
      case 'switch': return branchSwitch(x, t);
      case 'unreachable': return [];
      case 'ret': {
        const r = execRet(x, t);
        return r === 'done' ? [] : [{ st, to: r.block, pc: r.pc }];
      }
    }
  }

  /**
   * Compares with states already seen at block entry (pc 0) or where a call returned (pc after the call); returns
   * the new checkpoint, or why the path ends, or 'skip' at a point not worth comparing at.
   */
  private checkpoint(st: State, block: number, pc: number, parent: Checkpoint | undefined, loopHeader: boolean): Checkpoint | 'prune' | 'loop' | 'skip' {
    const table = pc === 0 ? this.checkpoints : this.resumes;
    let byBlock = table.get(st.top.key);
    if (!byBlock) table.set(st.top.key, (byBlock = new Map()));
    const at = pc === 0 ? block : resumeKey(block, pc);
    let point = byBlock.get(at);
    if (!point) byBlock.set(at, (point = { lastAdd: -Infinity, shapes: new Map(), adds: 0, prunes: 0 }));
    // Like the kernel's eviction of states that never prune, per point: loop headers are always compared (that
    // is how a loop that makes no progress is found).
    if (!loopHeader && point.prunes === 0 && point.adds >= USELESS_AFTER) return 'skip';
    const relevant = this.relevantRegs(st, block, pc);
    const shape = shapeKey(st, relevant);
    let list = point.shapes.get(shape);
    if (!list) point.shapes.set(shape, (list = []));
    let active = 0;
    for (let i = 0; i < list.length; i++) {
      const cp = list[i];
      // The quick facts are gathered on the first comparison: many checkpoints are never compared with anything.
      if (cp.quick === undefined && cp.stored) cp.quick = quickFacts(cp.state, relevant);
      if ((cp.quick && quickRejects(cp.quick, st)) || !stateIncludes(cp.state, st, relevant)) {
        if (cp.branches > 0) active++;
        else if (++cp.misses > cp.hits * 32 + 32) list.splice(i--, 1);
        continue;
      }
      if (cp.branches > 0) return 'loop';
      cp.hits++;
      point.prunes++;
      this.stats.pruned++;
      return 'prune';
    }
    // Inside a loop, states rarely repeat: like the kernel, keep one only every so often, and only a few.
    const last = point.lastAdd;
    const keep = parent ?? newCheckpoint(st, false, undefined);
    if (active > 0 && (this.env.steps - last < 100 || active >= MAX_ACTIVE_PER_POINT)) return keep;
    if (list.length >= MAX_CHECKPOINTS_PER_POINT) {
      const done = list.findIndex(c => c.branches === 0);
      if (done < 0) return keep;
      list.splice(done, 1);
    }
    const state = st.copy();
    const cp = newCheckpoint(state, true, parent);
    list.push(cp);
    point.adds++;
    point.lastAdd = this.env.steps;
    this.stats.checkpoints++;
    return cp;
  }

  /**
   * What matters per frame: for the innermost, at this block's entry or (pc > 0) right after the call that just
   * returned; for the callers, after the pending call (its result not yet written).
   */
  private relevantRegs(st: State, block: number, pc: number): RelevantRegs {
    const frames = st.frames;
    const n = frames.length;
    const lists: FrameView[] = new Array(n);
    for (let f = 0; f < n; f++) {
      const info = this.env.info(frames[f].fn);
      if (f === n - 1) {
        lists[f] = pc === 0
          ? (info.blockViews[block] ??= view(info, info.relevance.atEntry[block], info.liveness.atEntry[block], info.slots.atEntry[block]))
          : resumeView(info, block, pc);
        continue;
      }
      const ret = frames[f + 1].ret!;
      const key = resumeKey(ret.block, ret.pc);
      let v = info.callViews.get(key);
      if (!v) {
        const at = ret.pc - 1;
        v = view(info, info.relevance.after(ret.block, at, ret.dst), info.liveness.after(ret.block, at, ret.dst), info.slots.afterCall(ret.block, at));
        info.callViews.set(key, v);
      }
      lists[f] = v;
    }
    return f => lists[f];
  }

  private finish(cp: Checkpoint | undefined): void {
    for (let c = cp; c; c = c.parent) {
      c.branches--;
      if (c.branches > 0) return;
    }
  }

  private markVisited(fn: IrFunction, block: number): void {
    let s = this.visited.get(fn);
    if (!s) this.visited.set(fn, (s = new Set()));
    s.add(block);
  }

  private countHeader(st: State, fn: IrFunction, loop: Loop): void {
    const key = `${st.top.key}|${loop.header}`;
    const e = this.headerVisits.get(key) ?? { fn, loop, count: 0 };
    e.count++;
    this.headerVisits.set(key, e);
  }

  private loopForever(st: State, fn: IrFunction, loop: Loop | undefined, parent: Checkpoint | undefined): void {
    const header = fn.blocks[loop?.header ?? fn.entry];
    const range = header.loop?.range ?? header.insts[0]?.loc ?? header.term.loc;
    this.env.report(makeDiagnostic(unbounded.info, range, unbounded.INFINITE_MESSAGE, unbounded.kernel('infinite'), { related: callChain(st) }));
    this.finish(parent);
  }

  /** Out of budget: blame the loop that ran most, with what its exit test lacks; else the program as a whole. */
  private abort(reason: AbortReason): void {
    this.stats.aborted = reason;
    // After an error the verdict is already "reject": running out of the extra steps is not another finding.
    if (this.env.hasErrors()) return;
    const worst = [...this.headerVisits.values()].sort((a, b) => b.count - a.count)[0];
    const cur = this.currentSt;
    if (worst && worst.count > 16) {
      const header = worst.fn.blocks[worst.loop.header];
      const range = header.loop?.range ?? header.insts[0]?.loc ?? header.term.loc;
      const why = cur ? loopDiagnosis(this.env, cur, worst.fn, worst.loop) : {};
      this.env.report(makeDiagnostic(unbounded.info, range, unbounded.boundMessage(why.test, why.bound), unbounded.kernel(reason), { hint: 'add a constant upper bound to the loop condition' }));
      return;
    }
    const loc = cur ? cur.top.fn.blocks[this.currentBlock].term.loc : this.env.program.range;
    this.env.report(makeDiagnostic(tooComplex.info, loc, tooComplex.message(this.env.maxSteps), unbounded.kernel(reason)));
  }

  /** Blocks of the program function no path reached although a block leading to them was reached. */
  private reportUnreachable(fn: IrFunction): void {
    const seen = this.visited.get(fn) ?? new Set<number>();
    const reachedPred = new Set<number>();
    for (const b of seen) for (const s of successors(fn.blocks[b].term)) reachedPred.add(s);
    for (const b of fn.blocks) {
      if (seen.has(b.id) || !reachedPred.has(b.id) || this.env.excused.has(`${fn.name}:${b.id}`)) continue;
      const first = b.insts[0]?.loc ?? (b.term.op === 'ret' ? b.term.loc : undefined);
      if (!first) continue;
      this.env.report(makeDiagnostic(unreachable.info, first, unreachable.MESSAGE, unreachable.KERNEL));
    }
  }
}

/**
 * Live registers that are not relevant, and the bytes of dead slots: computed once per point and kept with the
 * function's analyses (so across edits too).
 */
function view(info: FnInfo, precise: readonly number[], live: readonly number[], slots: Set<number>): FrameView {
  const p = new Set(precise);
  return { precise, live: live.filter(r => !p.has(r)), deadBytes: deadBytes(info.fn, slots) };
}

/** Bytes covered only by slots nothing reads any more (sibling scopes may share bytes: all must be dead). */
function deadBytes(fn: IrFunction, live: Set<number>): Uint8Array | undefined {
  if (fn.slots.every((_, i) => live.has(i))) return undefined;
  const dead = new Uint8Array(STACK_SIZE);
  const alive = new Uint8Array(STACK_SIZE);
  fn.slots.forEach((s, i) => {
    const from = STACK_SIZE - s.offset;
    const to = Math.min(from + s.size, STACK_SIZE);
    if (from < 0) return;
    (live.has(i) ? alive : dead).fill(1, from, to);
  });
  for (let i = 0; i < STACK_SIZE; i++) if (alive[i]) dead[i] = 0;
  return dead;
}

/** Every checkpoint with all its fields from the start: one object shape keeps the comparison loop's reads fast. */
function newCheckpoint(state: State, stored: boolean, parent: Checkpoint | undefined): Checkpoint {
  return { state, quick: undefined, stored, branches: 1, parent, hits: 0, misses: 0 };
}

/** One number for "block, instruction index" (functions have far fewer than 2^16 instructions per block). */
function resumeKey(block: number, pc: number): number {
  return block * 65536 + pc;
}

/** What matters where a call returned: after the call instruction, its result included. */
function resumeView(info: FnInfo, block: number, pc: number): FrameView {
  const key = resumeKey(block, pc);
  let v = info.resumeViews.get(key);
  if (!v) {
    v = view(info, info.relevance.after(block, pc - 1), info.liveness.after(block, pc - 1), info.slots.afterCall(block, pc));
    info.resumeViews.set(key, v);
  }
  return v;
}

/** The smallest loop holding a block (a repeated state at a join inside a loop blames that loop). */
function innermostLoop(loops: readonly Loop[], block: number): Loop | undefined {
  let best: Loop | undefined;
  for (const l of loops) if (l.blocks.has(block) && (!best || l.blocks.size < best.blocks.size)) best = l;
  return best;
}
