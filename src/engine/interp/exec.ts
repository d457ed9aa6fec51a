// The executor: runs a compiled function block by block, counts IR steps against the packet's budget, keeps
// stack frames, and turns faults into located errors. Two loops: a plain one, and a traced one that calls
// the step hook after every instruction with the registers and memory it touched. Without a step hook, a
// function that has fast-mode code (fast.ts) runs that instead; it keeps the same frames, depth and budget.

import type { CBlock, CFunc } from './compile';
import { fault, RuntimeFault, TailCallSignal } from './fault';
import { NO_ACCESS } from './memory';
import type { Machine } from './machine';
import type { StepInfo } from './types';
import { toU64 } from './value';

/** The kernel's limit on nested BPF-to-BPF calls. */
export const MAX_CALL_DEPTH = 8;

/** Nesting of running functions, shared with fast-mode code (a packet runs to completion before the next). */
export const calls = { depth: 0 };

/** Runs fn with its parameters taken from m.argLo/argHi; leaves the return value in m.retLo/retHi. */
export function callFunction(m: Machine, fn: CFunc): void {
  if (m.onStep === undefined && fn.fastEntry !== undefined) {
    fn.fastEntry();
    return;
  }
  if (calls.depth >= MAX_CALL_DEPTH) fault('call', `call to ${fn.name} would nest more than ${MAX_CALL_DEPTH} function frames`);
  const saved = fn.active ? { L: fn.L.slice(0, fn.nregs), H: fn.H.slice(0, fn.nregs), fp: fn.fp } : undefined;
  enter(m, fn);
  calls.depth++;
  let tail: TailCallSignal | undefined;
  try {
    if (m.onStep) runTraced(m, fn);
    else run(m, fn);
  } catch (e) {
    if (!(e instanceof TailCallSignal)) throw e;
    tail = e;
  } finally {
    calls.depth--;
    leave(m, fn);
    if (saved) {
      fn.L.set(saved.L);
      fn.H.set(saved.H);
      fn.fp = saved.fp;
      fn.active = true;
    }
  }
  // The target replaces this function: its result is this function's result.
  if (tail) tailCall(m, tail.program);
}

/** Resets the call depth (a new packet). */
export function resetDepth(): void {
  calls.depth = 0;
}

function enter(m: Machine, fn: CFunc): void {
  // Registers are not cleared: the verifier rejects reading a register before writing it, and values left
  // from an earlier call are still a deterministic function of the packets so far.
  const { L, H } = fn;
  const params = fn.ir.params;
  for (let i = 0; i < params.length && i < 5; i++) {
    L[params[i]] = m.argLo[i];
    H[params[i]] = m.argHi[i];
  }
  fn.fp = m.sp;
  const bottom = m.sp - fn.frameSize;
  const st = m.stack;
  if (bottom < st.base) fault('call', `stack exhausted entering ${fn.name}`);
  if (fn.frameSize > 0) st.bytes.fill(0, bottom - st.base, m.sp - st.base);
  m.sp = bottom;
  st.lo = bottom - st.base;
  fn.active = true;
  if (fn.frameKind === undefined) fn.frameKind = m.frameId(fn.name, fn.ir.slots);
  m.pushFrameId(fn.frameKind, fn.fp);
}

function leave(m: Machine, fn: CFunc): void {
  m.depthFrames--;
  m.sp = fn.fp;
  m.stack.lo = fn.fp - m.stack.base;
  fn.active = false;
}

/** Runs the entry function of another program in place of the current function (bpf_tail_call). */
export function tailCall(m: Machine, program: number): void {
  const target = m.programs[program];
  if (target.entry.index < 0) fault('call', `tail call to ${target.name}, which cannot be simulated (see its diagnostics)`);
  m.argLo[0] = m.ctxAddr;
  m.argHi[0] = 0;
  callFunction(m, target.entry as CFunc);
}

function run(m: Machine, fn: CFunc): void {
  const blocks = fn.blocks;
  let b: CBlock = blocks[fn.ir.entry];
  let i = 0;
  try {
    for (;;) {
      if (b.loop !== undefined) m.lastLoop = b.loop;
      const steps = b.steps;
      const n = steps.length;
      for (i = 0; i < n; i++) steps[i]();
      m.steps += n + 1;
      if (m.steps > m.budget) budgetExceeded(m);
      const next = b.term();
      if (next < 0) return;
      b = blocks[next];
    }
  } catch (e) {
    locate(e, b, i);
    throw e;
  }
}

function runTraced(m: Machine, fn: CFunc): void {
  const blocks = fn.blocks;
  const hook = m.onStep!;
  const { L, H } = fn;
  let b: CBlock = blocks[fn.ir.entry];
  let i = 0;
  const mem = m.mem;
  // One StepInfo per function, updated in place for every step (the hook reads it during the call; a step
  // allocates only the memory accesses it logged); a recursive activation makes its own.
  const info: StepInfo = fn.stepInfo !== undefined && fn.stepInfoBusy !== true ? fn.stepInfo
    : { fn: fn.name, block: 0, index: 0, range: b.locs[0], depth: 0, changed: NOTHING_CHANGED, mem: NO_ACCESS, reg: (r: number): bigint => toU64(L[r], H[r]) };
  if (fn.stepInfo === undefined) fn.stepInfo = info;
  const mine = info === fn.stepInfo;
  if (mine) fn.stepInfoBusy = true;
  info.depth = calls.depth - 1;
  try {
    for (;;) {
      if (b.loop !== undefined) m.lastLoop = b.loop;
      const steps = b.steps;
      const n = steps.length;
      const locs = b.locs;
      const dsts = b.dsts;
      info.block = b.id;
      for (i = 0; i < n; i++) {
        mem.log = NO_ACCESS;
        steps[i]();
        info.index = i;
        info.range = locs[i];
        info.changed = changedList(dsts[i]);
        info.mem = mem.log ?? NO_ACCESS;
        mem.log = NO_ACCESS;
        if (hook(info) === 'stop') fault('stopped', 'stopped by the step hook');
      }
      m.steps += n + 1;
      if (m.steps > m.budget) budgetExceeded(m);
      mem.log = NO_ACCESS;
      const next = b.term();
      i = n;
      info.index = n;
      info.range = locs[n];
      info.changed = NOTHING_CHANGED;
      info.mem = mem.log ?? NO_ACCESS;
      mem.log = NO_ACCESS;
      if (hook(info) === 'stop') fault('stopped', 'stopped by the step hook');
      if (next < 0) return;
      b = blocks[next];
    }
  } catch (e) {
    locate(e, b, i);
    throw e;
  } finally {
    if (mine) fn.stepInfoBusy = false;
  }
}

/** Shared, frozen `changed` lists: most steps write one register or none. */
const NOTHING_CHANGED: readonly number[] = Object.freeze([]);
const oneChanged: Array<readonly number[]> = [];

function changedList(d: number): readonly number[] {
  if (d < 0) return NOTHING_CHANGED;
  return (oneChanged[d] ??= Object.freeze([d]));
}

function locate(e: unknown, b: CBlock, i: number): void {
  if (e instanceof RuntimeFault && !e.range) e.range = b.locs[Math.min(i, b.locs.length - 1)];
}

function budgetExceeded(m: Machine): never {
  throw budgetFault(m);
}

/** The fault for a spent step budget, placed at the loop the program was last spinning in (if any). */
export function budgetFault(m: Machine): RuntimeFault {
  const f = new RuntimeFault('budget', '');
  f.loop = m.lastLoop;
  const where = m.lastLoop ? `: the loop at ${m.names.line(m.lastLoop)} did not finish` : '';
  f.message = `instruction budget exhausted after ${m.budget.toLocaleString('en-US')} IR steps${where}`;
  if (m.lastLoop) f.range = m.lastLoop;
  return f;
}
