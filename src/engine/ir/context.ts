// State shared while lowering one translation unit and one function.

import type { Diagnostic, Range } from '../diagnostics';
import type * as A from '../parse/ast';
import type { LoopHint } from '../preprocess/types';
import { asInt, CType, strip } from '../types/ctype';
import type { Typer } from '../types/typer';
import type { FunctionBuilder } from './builder';
import type { Block, GlobalInfo, IntTy, IrFunction, Operand, Reg } from './ir';

/** Where a variable lives. */
export type VarHome = { k: 'reg'; reg: Reg } | { k: 'slot'; slot: number } | { k: 'global'; name: string };

export interface ModuleContext {
  typer: Typer;
  toRange: (span: A.Span) => Range;
  diagnostics: Diagnostic[];
  globals: GlobalInfo[];
  globalNames: Set<string>;
  functions: IrFunction[];
  /** Helper ids by name: globals declared as `(* const bpf_x)(…) = (void *) ID`. */
  helpers: Map<string, number>;
  /** Symbol id → home, for globals (and function-local statics). */
  homes: Map<number, VarHome>;
  loopHints: LoopHint[];
  stringCount: number;
  reported: Set<string>;
}

export interface LoopTargets {
  brk?: Block;
  cont?: Block;
}

export interface SwitchContext {
  cases: Array<{ value: bigint; to: number }>;
  dflt?: number;
  ty: IntTy;
}

export interface FnContext {
  m: ModuleContext;
  b: FunctionBuilder;
  name: string;
  retType: CType;
  homes: Map<number, VarHome>;
  /** Names whose address is taken somewhere in the body: those live on the stack. */
  addressTaken: ReadonlySet<string>;
  labels: Map<string, Block>;
  labelDefs: Set<string>;
  /** First `goto` of each label, to report labels never defined. */
  gotos: Map<string, A.Span>;
  loops: LoopTargets[];
  switches: SwitchContext[];
}

/** A value: a scalar in an operand, or for aggregates (record/array) the address of the object. */
export interface Val {
  v: Operand;
  t: CType;
}

export type LVal =
  | { k: 'reg'; reg: Reg; t: CType }
  | { k: 'mem'; ptr: Operand; off: number; t: CType }
  | { k: 'bits'; ptr: Operand; off: number; unit: 1 | 2 | 4 | 8; shift: number; width: number; t: CType };

/** Each finding once per place: an expression can be lowered or typed more than once. */
function firstTime(m: ModuleContext, code: string, span: A.Span): boolean {
  const key = `${code}:${span.start}:${span.end}`;
  if (m.reported.has(key)) return false;
  m.reported.add(key);
  return true;
}

export function irError(m: ModuleContext, span: A.Span, code: string, message: string, hint?: string): void {
  if (!firstTime(m, code, span)) return;
  const d: Diagnostic = { code, severity: 'error', stage: 'ir', range: m.toRange(span), message };
  if (hint) d.hint = hint;
  m.diagnostics.push(d);
}

export function irWarn(m: ModuleContext, span: A.Span, code: string, message: string): void {
  if (!firstTime(m, code, span)) return;
  m.diagnostics.push({ code, severity: 'warning', stage: 'ir', range: m.toRange(span), message });
}

/** The integer operation type for a C scalar type (pointers are unsigned 64-bit). */
export function intTy(t: CType): IntTy {
  const i = asInt(t);
  if (i) return { bits: (i.bool ? 8 : i.size * 8) as IntTy['bits'], signed: i.signed };
  if (strip(t).k === 'ptr') return { bits: 64, signed: false };
  return { bits: 64, signed: true };
}
