// Calls to functions of the program (inline or not) are followed in context: the callee runs in a new frame
// with the caller's abstract arguments, and its return resumes the caller. The stack of the whole chain must fit
// in 512 bytes; the program's own return value is checked against the hook's codes.

import type { Inst, IrFunction, Terminator } from '../../ir/ir';
import * as returnCode from '../checks/return-code';
import * as stackLimit from '../checks/stack-limit';
import * as tooComplex from '../checks/too-complex';
import * as unsupported from '../checks/unsupported';
import * as S from '../domain/scalar';
import { STACK_SIZE } from '../domain/stack';
import { newFrame } from '../domain/state';
import { isPointer, type Value } from '../domain/value';
import type { Exec, Outcome } from './env';
import { checkNoRefsHeld } from './helper-call';
import { operand, setReg } from './operands';
import { fail } from './report';

export type CallOutcome = Outcome | 'enter';

export function execCallFn(x: Exec, i: Extract<Inst, { op: 'callfn' }>, block: number, pc: number): CallOutcome {
  const target = x.env.fn(i.fn);
  const args = i.args.map(a => operand(x, a));
  if (!target || target.blocks.length === 0) {
    fail(x, unsupported.info, unsupported.message(`the call to \`${i.fn}\` (no body in this file)`), 'calls to functions outside the object are rejected unless they are kfuncs');
    if (i.dst !== undefined) setReg(x, i.dst, S.UNKNOWN);
    return 'ok';
  }
  const depth = callDepth(x, target);
  if (depth > MAX_CALL_FRAMES) {
    fail(x, tooComplex.info, tooComplex.depthMessage(i.fn, MAX_CALL_FRAMES), tooComplex.depthKernel(depth));
    return 'stop';
  }
  checkChainStack(x, target);
  const key = `${x.st.top.key}>${block}.${pc}`;
  x.st.frames.push(newFrame(target, args, { block, pc: pc + 1, dst: i.dst, call: x.loc }, key));
  return 'enter';
}

/** The kernel's MAX_CALL_FRAMES: a program and at most seven nested bpf-to-bpf calls. */
const MAX_CALL_FRAMES = 8;

/**
 * How many real call frames the chain would have with `target` entered: the program, plus every function
 * clang cannot inline (marked noinline, or already on the chain: recursion). Inlined helpers add none.
 */
function callDepth(x: Exec, target: IrFunction): number {
  const chain = [...x.st.frames.map(f => f.fn), target];
  let depth = 1;
  for (let k = 1; k < chain.length; k++) {
    const f = chain[k];
    if (f.inline === 'never' || chain.indexOf(f) < k) depth++;
  }
  return depth;
}

/** Reports once per chain when the frames of the call chain add up to more than 512 bytes. */
function checkChainStack(x: Exec, target: IrFunction): void {
  const chain = [...x.st.frames.map(f => f.fn), target];
  const total = chain.reduce((n, f) => n + roundFrame(f.frameSize), 0);
  if (total <= STACK_SIZE || target.frameSize > STACK_SIZE) return;
  const names = chain.map(f => f.name);
  fail(x, stackLimit.info, stackLimit.chainMessage(names, total), stackLimit.chainKernel(chain.length, total), {
    related: chain.map(f => ({ range: f.range, message: `\`${f.name}\` uses ${f.frameSize} bytes` })),
  });
}

/** The kernel rounds each frame of a call chain up to 16 bytes (JIT) before adding them. */
function roundFrame(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** A single frame over 512 bytes: clang refuses to compile it. Reported where the function starts. */
export function checkFrameStack(x: Exec, fn: IrFunction): void {
  if (fn.frameSize <= STACK_SIZE) return;
  const big = [...fn.slots].sort((a, b) => b.size - a.size)[0];
  const related = big ? [{ range: big.range, message: `\`${big.name}\` alone takes ${big.size} bytes` }] : [];
  x.env.report({
    code: stackLimit.info.code, severity: 'error', stage: 'verify',
    range: { file: fn.range.file, start: fn.range.start, end: fn.range.start + 1 },
    message: stackLimit.frameMessage(fn.name, fn.frameSize), kernel: stackLimit.FRAME_KERNEL, related,
  });
}

export type RetOutcome = { block: number; pc: number } | 'done';

export function execRet(x: Exec, t: Extract<Terminator, { op: 'ret' }>): RetOutcome {
  const v = t.v ? operand(x, t.v) : undefined;
  if (x.st.frames.length === 1) {
    if (v) checkReturn(x, v);
    checkNoRefsHeld(x);
    return 'done';
  }
  const callee = x.st.frames.pop()!;
  const cont = callee.ret!;
  if (cont.dst !== undefined) setReg(x, cont.dst, v ?? S.UNKNOWN);
  return cont;
}

/** Warns when the program returns a value its hook gives no meaning to (the kernel loads it regardless). */
function checkReturn(x: Exec, v: Value): void {
  const hook = x.env.hook;
  const codes = hook.returns.map(r => BigInt(r.value));
  const name = hook.type === 'xdp' ? 'XDP' : 'TC';
  const list = `${hook.returns[0].name} ${hook.returns[0].value} … ${hook.returns[hook.returns.length - 1].name} ${hook.returns[hook.returns.length - 1].value}`;
  if (isPointer(v)) {
    fail(x, returnCode.info, returnCode.message('a pointer', name, list), returnCode.kernel(name));
    return;
  }
  if (v.k !== 'scalar') return;
  const s = S.castTo(v, 32, true);
  const lo = codes[0];
  const hi = codes[codes.length - 1];
  const c = S.constValue(s);
  if (c !== undefined) {
    const sv = S.toSigned(c);
    if (sv < lo || sv > hi) fail(x, returnCode.info, returnCode.message(`${sv}`, name, list), returnCode.kernel(name));
    return;
  }
  if (s.smax < lo || s.smin > hi) fail(x, returnCode.info, returnCode.message(`[${s.smin}, ${s.smax}]`, name, list), returnCode.kernel(name));
}
