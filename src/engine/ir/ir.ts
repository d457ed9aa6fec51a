// The IR: per function a CFG of basic blocks over numbered virtual registers, with explicit loads and stores
// (address operand + constant offset + width), explicit pointer arithmetic and helper calls by id. Every
// instruction carries the original source range it came from. Semantics are C's: a register holds a value of
// its C type; integer ops name their width and signedness and wrap to it.

import type { Range } from '../diagnostics';
import type { CType } from '../types/ctype';
import type { LoopHint } from '../preprocess/types';

export type Reg = number;
export type Operand = { r: Reg } | { imm: bigint };

/** Width and signedness of an integer operation; 'ptr' marks 64-bit pointer values. */
export interface IntTy {
  bits: 8 | 16 | 32 | 64;
  signed: boolean;
}

export type BinFn = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'and' | 'or' | 'xor' | 'shl' | 'shr';
export type CmpCC = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type AtomicFn = 'add' | 'and' | 'or' | 'xor' | 'xchg' | 'cmpxchg';

export type AddrBase =
  | { k: 'stack'; slot: number }
  | { k: 'global'; name: string }
  | { k: 'map'; name: string }
  | { k: 'func'; name: string };

export type Inst = (
  | { op: 'mov'; dst: Reg; src: Operand }
  | { op: 'bin'; fn: BinFn; ty: IntTy; dst: Reg; a: Operand; b: Operand }
  | { op: 'neg' | 'not'; ty: IntTy; dst: Reg; a: Operand }
  | { op: 'cmp'; cc: CmpCC; ty: IntTy; dst: Reg; a: Operand; b: Operand }
  /** Integer conversion: wrap the value to `to` (truncation, sign or zero extension). */
  | { op: 'conv'; dst: Reg; src: Operand; from: IntTy; to: IntTy }
  /** Pointer + signed byte offset. */
  | { op: 'ptradd'; dst: Reg; base: Operand; off: Operand }
  | { op: 'addr'; dst: Reg; base: AddrBase }
  | { op: 'load'; dst: Reg; ptr: Operand; off: number; size: 1 | 2 | 4 | 8; signed: boolean }
  | { op: 'store'; ptr: Operand; off: number; size: 1 | 2 | 4 | 8; src: Operand }
  | { op: 'memcpy' | 'memmove'; dst: Operand; src: Operand; size: number }
  | { op: 'memset'; dst: Operand; value: Operand; size: number }
  | { op: 'bswap'; dst: Reg; src: Operand; bytes: 2 | 4 | 8 }
  | { op: 'call'; dst?: Reg; helper: number; name: string; args: Operand[] }
  | { op: 'callfn'; dst?: Reg; fn: string; args: Operand[] }
  | { op: 'atomic'; fn: AtomicFn; fetch: boolean; dst?: Reg; ptr: Operand; off: number; size: 4 | 8; src: Operand; cmp?: Operand }
  /** `asm volatile("" ::: "memory")` and friends: a compiler barrier, or raw asm text we cannot run. */
  | { op: 'asm'; text: string }
) & { loc: Range };

export type Terminator = (
  | { op: 'br'; to: number }
  | { op: 'cbr'; cond: Operand; t: number; f: number }
  | { op: 'switch'; v: Operand; ty: IntTy; cases: Array<{ value: bigint; to: number }>; dflt: number }
  | { op: 'ret'; v?: Operand }
  | { op: 'unreachable' }
) & { loc: Range };

export interface Block {
  id: number;
  insts: Inst[];
  term: Terminator;
  /** Set on a loop's header block: where the loop is written and the pragma hint that precedes it. */
  loop?: { range: Range; hint?: LoopHint['kind']; count?: number };
  /** Label for printing (e.g. "for.cond", "if.then", a goto label). */
  label: string;
}

export interface RegInfo {
  /** The C variable this register holds, if any. */
  name?: string;
  type: CType;
}

export interface StackSlot {
  name: string;
  type: CType;
  size: number;
  /** Offset below the frame pointer: the slot occupies [fp - offset, fp - offset + size). */
  offset: number;
  range: Range;
}

export interface IrFunction {
  name: string;
  type: CType;
  params: Reg[];
  regs: RegInfo[];
  slots: StackSlot[];
  /** Deepest stack use of this function alone, in bytes. */
  frameSize: number;
  blocks: Block[];
  entry: number;
  range: Range;
  inline: 'always' | 'never' | 'default';
  isStatic: boolean;
}

export type ProgramType = 'xdp' | 'tc';

export interface ProgramInfo {
  name: string;
  section: string;
  type: ProgramType;
  range: Range;
}

export interface MapInfo {
  name: string;
  /** BPF_MAP_TYPE_* value and name. */
  type: number;
  typeName: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  flags: number;
  keyType?: CType;
  valueType?: CType;
  pinning?: number;
  /** For map-in-map definitions, the inner map's template. */
  inner?: MapInfo;
  style: 'btf' | 'legacy';
  range: Range;
}

export interface GlobalInfo {
  name: string;
  type: CType;
  section: string;
  size: number;
  /** Initial bytes (zeroes for .bss). */
  init: Uint8Array;
  readonly: boolean;
  range: Range;
}

export interface IrModule {
  functions: IrFunction[];
  programs: ProgramInfo[];
  maps: MapInfo[];
  globals: GlobalInfo[];
  license?: string;
  /** Helper ids by declared name (from bpf_helper_defs.h style declarations). */
  helpers: Map<string, number>;
}
