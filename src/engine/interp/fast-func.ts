// One IR function as JavaScript source for fast mode. Registers become JS locals (one int32 where the high
// half follows from the low one, two for genuine 64-bit values; registers that may be read before being
// written stay in the closures' persistent arrays). Blocks with a single way in are laid out inline after
// their predecessor, small exit blocks are copied into each predecessor, and the rest become cases of one
// dispatch loop. Steps are counted per block as exec.ts counts them; the budget checks of blocks that only
// write registers are made together with the next check (a failure still names the block and count exec.ts
// would), and the prologue and epilogue keep the executor's frames, depth limit, register saving for
// re-entry and tail calls.

import type { Range } from '../diagnostics';
import type { Block, Inst, IrFunction, Operand, ProgramType, Terminator } from '../ir/ir';
import { asInt } from '../types/ctype';
import { CFunc, writtenReg } from './compile';
import { MAX_CALL_DEPTH } from './exec';
import { analyze, F, FuncFacts, immKind, Kind, S, Z, ZS } from './fast-analysis';
import { emitMem, frameIndex, SiteNames, StackAddr } from './fast-mem';
import { ArrayMap } from './maps/array';
import { HashMap } from './maps/hash';
import type { BpfMap } from './maps/map';
import type { BudgetChain } from './fast-runtime';
import { emitOp } from './fast-ops';
import { provenance } from './fast-provenance';
import type { HelperImpl } from './helpers/spec';
import { KEEPS_LENT_PACKET } from './helpers/table';
import { hiOf, loOf, wrapLo } from './value';

export interface EmitContext {
  funcIndex(name: string): number;
  helper(id: number): { impl: HelperImpl; name: string; changesPacket?: boolean } | undefined;
  /** Address of a global, map or function handle named by an addr instruction (as compile.ts resolves it). */
  constAddr(inst: Extract<Inst, { op: 'addr' }>): number;
  /** "file.c:12:5" for a range (the callSite text of helper calls). */
  site(r: Range): string;
  /** Machine.frameId: the number pushed for a frame of this function. */
  frameId(fn: string, slots: IrFunction['slots']): number;
  /** The map a constant handle names, if any. */
  mapAt(handle: number): BpfMap | undefined;
  /** A function whose body may be laid out inside its callers (fast-compiled, no persistent registers). */
  inlinable(name: string): { ir: IrFunction; frameSize: number; facts: FuncFacts } | undefined;
  stackBase: number;
  /** Address of the context struct, and the program type whose context it is. */
  ctxBase: number;
  progType: ProgramType;
}

export interface FuncSource {
  source: string;
  locs: Range[];
  loops: Range[];
  impls: HelperImpl[];
  sites: string[];
  reasons: string[];
  /** Other constants the code names as C[i] (slot tables of inlined functions). */
  consts: unknown[];
  /** Whether any register lives in the persistent arrays (the prologue then saves them on re-entry). */
  persistent: boolean;
}

/** Most nested if-levels before a block is sent to the dispatch loop instead of inlined. */
const MAX_NEST = 24;
/** Exit blocks up to this many instructions are copied into each predecessor. */
const DUP_LIMIT = 6;
/** Join blocks up to this many instructions are copied into predecessors, within a budget per function. */
const COPY_LIMIT = 8;
const COPY_DEPTH = 6;
const COPY_BUDGET = 300;
/** Callees laid out inside their callers: at most this many instructions, this many levels deep. */
const INLINE_INSTS = 150;
const INLINE_DEPTH = 3;
/**
 * Inlining budgets tried in turn (instructions added by inlined callees); the first whose function stays
 * under MAX_SOURCE characters wins. V8 does not optimize very large functions, and an unoptimized huge
 * function runs slower than the closures (measured: bench/firewall.c's main program at ~90 KB of source).
 */
const INLINE_BUDGETS = [400, 150, 0];
const MAX_SOURCE = 60_000;


function literal(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}

export function emitFunction(ctx: EmitContext, cf: CFunc): FuncSource {
  const facts = analyze(cf.ir);
  let out: FuncSource | undefined;
  for (const budget of INLINE_BUDGETS) {
    out = new FuncEmitter(ctx, new Tables(budget), cf.ir, cf.frameSize, facts, '', [cf.name]).emit();
    if (out.source.length <= MAX_SOURCE) break;
  }
  return out!;
}

/** What every emitter of one generated function shares: constant tables and the locals to declare. */
class Tables {
  readonly locs: Range[] = [];
  readonly locIndex = new Map<Range, number>();
  readonly loops: Range[] = [];
  readonly impls: HelperImpl[] = [];
  readonly sites: string[] = [];
  readonly reasons: string[] = [];
  readonly consts: unknown[] = [];
  /** Merged step checks already in consts, by their blocks' steps and locations. */
  readonly chains = new Map<string, number>();
  readonly decls: string[] = [];
  inlines = 0;
  /**
   * Instructions that inlined callees and copied join blocks may still add. The whole generated function
   * must stay small enough for V8 to optimize it: a huge one runs slower than the closures.
   */
  copyBudget = COPY_BUDGET;

  constructor(public inlineBudget: number) {}
}

/** Zeroes a new frame [bottom, bottom + size) through the stack's Int32Array (frames are 8-byte aligned). */
function zeroFrame(bottom: string, size: number, base: number): string {
  if (size === 0) return '';
  const words = size >> 2;
  if (words <= 16) {
    const at = `$q = (${bottom} - ${base}) >> 2;`;
    return `${at} ${Array.from({ length: words }, (_, k) => `ST32[$q${k === 0 ? '' : ` + ${k}`}] = 0;`).join(' ')}`;
  }
  return `ST.bytes.fill(0, ${bottom} - ${base}, ${bottom} - ${base} + ${size});`;
}

class FuncEmitter implements SiteNames {
  private readonly byId = new Map<number, Block>();
  private readonly emitted = new Set<number>();
  private readonly cases: number[] = [];
  private readonly caseSet = new Set<number>();
  /** Join blocks being copied (outermost first). */
  private readonly copying: number[] = [];

  /**
   * prefix names this function's locals apart from its callers' when it is laid out inside them; `chain` is
   * the functions being laid out into each other (never the same one twice); `exit` is the label a return
   * breaks to when inlined (a real return otherwise).
   */
  /** Stack addresses, constants and helper results among the registers (fast-provenance.ts). */
  private readonly known: Map<number, StackAddr>;
  private readonly constRegs: Map<number, number>;
  private readonly fromHelper: Set<number>;

  constructor(
    private readonly ctx: EmitContext, private readonly t: Tables, private readonly f: IrFunction, private readonly frameSize: number,
    private readonly facts: FuncFacts, private readonly prefix: string, private readonly chain: string[], private readonly exit?: string,
    bound?: Map<number, StackAddr>, private readonly localRet = false, private readonly lazy: LazyFrame[] = [],
  ) {
    for (const b of f.blocks) this.byId.set(b.id, b);
    const p = provenance(f, facts, `${prefix}fp`, frameSize, inst => ctx.constAddr(inst), bound);
    this.known = p.stack;
    this.constRegs = p.consts;
    this.fromHelper = p.fromHelper;
  }

  get stackBase(): number {
    return this.ctx.stackBase;
  }

  get progType(): ProgramType {
    return this.ctx.progType;
  }

  /** Whether a load or store through this operand should try the live packet first (see fast-mem.ts). */
  packetFirst(o: Operand): boolean {
    return 'r' in o && !this.fromHelper.has(o.r) && !this.f.params.includes(o.r) && !this.constRegs.has(o.r);
  }

  /**
   * For a pointer that may well be the context (a parameter: programs and the functions they hand ctx to), the
   * run-time test that it is; undefined for other operands.
   */
  ctxGuard(o: Operand): string | undefined {
    if (!('r' in o) || !this.f.params.includes(o.r)) return undefined;
    const hi = this.hi(o);
    return `(${this.lo(o)} === ${this.ctx.ctxBase}${hi === '0' ? '' : ` && ${hi} === 0`})`;
  }

  /** The bottom of this emitter's own frame (the stack pointer while its code runs, eagerly kept). */
  private ownBottom(): string {
    return this.prefix === '' ? 'bottom' : `(${this.prefix}fp - ${this.frameSize})`;
  }

  /**
   * Code putting the executor's frame state (depth, frame list, stack pointer and the stack's live bottom) where
   * eager bookkeeping would have it with the inlined frames `chain` open inside the generated function.
   */
  private framesFor(chain: LazyFrame[]): string {
    const base = this.ctx.stackBase;
    const n = chain.length;
    const push = chain.map((fr, j) => `FID[frames0 + ${j + 1}] = ${fr.id}; FFP[frames0 + ${j + 1}] = ${fr.fp};`).join(' ');
    const last = chain[n - 1];
    const sp = last === undefined ? 'bottom' : `(${last.fp} - ${last.fs})`;
    return `calls.depth = depth0 + ${n + 1}; m.depthFrames = frames0 + ${n + 1}; ${push}${push === '' ? '' : ' '}m.sp = ${sp}; ST.lo = ${sp} - ${base};`;
  }

  mat(): string {
    return this.lazy.length === 0 ? '' : this.framesFor(this.lazy);
  }

  demat(): string {
    return this.lazy.length === 0 ? '' : this.framesFor([]);
  }

  stackAddr(o: Operand): StackAddr | undefined {
    return 'r' in o ? this.known.get(o.r) : undefined;
  }

  lo(o: Operand): string {
    if ('imm' in o) return literal(loOf(o.imm));
    return this.facts.persistent[o.r] ? `L[${o.r}]` : `${this.prefix}r${o.r}`;
  }

  hi(o: Operand): string {
    if ('imm' in o) return literal(hiOf(o.imm));
    if (this.facts.persistent[o.r]) return `H[${o.r}]`;
    switch (this.facts.kind[o.r]) {
      case ZS:
      case Z: return '0';
      case S: return `(${this.prefix}r${o.r} >> 31)`;
      default: return `${this.prefix}h${o.r}`;
    }
  }

  kind(o: Operand): number {
    if ('imm' in o) return immKind(o.imm);
    return this.facts.persistent[o.r] ? F : this.facts.kind[o.r];
  }

  set(r: number, lo: string, hi: string): string {
    if (this.facts.persistent[r]) return `L[${r}] = ${lo}; H[${r}] = ${hi};`;
    if (this.facts.kind[r] === F) return `${this.prefix}r${r} = ${lo}; ${this.prefix}h${r} = ${hi};`;
    return `${this.prefix}r${r} = ${lo};`;
  }

  slotAddr(slot: number): string {
    return `(${this.prefix}fp - ${this.f.slots[slot]?.offset ?? 0})`;
  }

  constAddr(inst: Extract<Inst, { op: 'addr' }>): number {
    return this.ctx.constAddr(inst);
  }

  /**
   * bpf_map_lookup_elem on an array or hash map named by a constant handle, with its key in a live frame: the
   * map model's own lookup by index or key string, called straight (nothing else the helper does can fail or
   * be seen: the map is known, the key readable).
   */
  mapLookup(i: Extract<Inst, { op: 'call' }>): string | undefined {
    if (i.helper !== MAP_LOOKUP || i.args.length < 2 || !('r' in i.args[0])) return undefined;
    const handle = this.constRegs.get(i.args[0].r);
    const map = handle === undefined ? undefined : this.ctx.mapAt(handle);
    let call: string;
    if (map instanceof ArrayMap && map.info.keySize === 4) {
      const at = frameIndex(this, i.args[1], 0, 4);
      if (at === undefined) return undefined;
      call = `$v = C[${this.constant(map)}].lookupIndex(STDV.getUint32(${at}, true));`;
    } else if (map instanceof HashMap) {
      const size = map.info.keySize;
      const at = frameIndex(this, i.args[1], 0, size);
      if (at === undefined || size === 0) return undefined;
      call = `$v = C[${this.constant(map)}].lookupKey(keyStringAt(STB, ${at}, ${size}));`;
    } else {
      return undefined;
    }
    return i.dst === undefined ? call : `${call} ${this.set(i.dst, '$v', '0')}`;
  }

  private constant(x: unknown): number {
    this.t.consts.push(x);
    return this.t.consts.length - 1;
  }

  loc(i: { loc: Range }): number {
    return this.rangeIndex(i.loc);
  }

  helperSite(i: Extract<Inst, { op: 'call' }>): number {
    const spec = this.ctx.helper(i.helper);
    if (!spec) throw new Error(`helper ${i.helper} has no model`);
    const site = this.ctx.site(i.loc);
    this.t.impls.push(spec.impl);
    this.t.sites.push(site);
    this.t.reasons.push(`${spec.name} (${site}) may have moved the packet`);
    return this.t.impls.length - 1;
  }

  funcIndex(name: string): number {
    return this.ctx.funcIndex(name);
  }

  changesPacket(i: Extract<Inst, { op: 'call' }>): boolean {
    return this.ctx.helper(i.helper)?.changesPacket === true;
  }

  keepsLentPacket(i: Extract<Inst, { op: 'call' }>): boolean {
    return KEEPS_LENT_PACKET.has(i.helper);
  }

  signedDst(i: Extract<Inst, { op: 'atomic' }>): boolean {
    const t = this.f.regs[i.dst ?? -1]?.type;
    return t ? asInt(t)?.signed ?? false : false;
  }

  private rangeIndex(r: Range): number {
    let k = this.t.locIndex.get(r);
    if (k === undefined) {
      k = this.t.locs.length;
      this.t.locs.push(r);
      this.t.locIndex.set(r, k);
    }
    return k;
  }

  /** Declares this function's register locals (once, at the top of the generated function). */
  private declareLocals(except: Set<number>): void {
    const { persistent, kind, used } = this.facts;
    for (let r = 0; r < this.f.regs.length; r++) {
      if (!used[r] || persistent[r] || except.has(r)) continue;
      this.t.decls.push(kind[r] === F ? `${this.prefix}r${r} = 0, ${this.prefix}h${r} = 0` : `${this.prefix}r${r} = 0`);
    }
  }

  /**
   * A local call laid out in place, keeping everything callFunction does: the depth limit, the frame (zeroed),
   * faults placed inside the callee, tail calls out of it, the result in m.retLo/retHi. The frame is not
   * pushed: inlined frames are lazy (see LazyFrame), written to the machine only around code that can see them.
   */
  inlineCall(i: Extract<Inst, { op: 'callfn' }>): string | undefined {
    if (this.chain.length >= INLINE_DEPTH || this.chain.includes(i.fn)) return undefined;
    const callee = this.ctx.inlinable(i.fn);
    if (!callee) return undefined;
    const size = callee.ir.blocks.reduce((n, b) => n + b.insts.length + 1, 0);
    if (size > INLINE_INSTS || size > this.t.inlineBudget || callee.ir.params.length > 5 || i.args.length < callee.ir.params.length) return undefined;
    this.t.inlineBudget -= size;
    const k = ++this.t.inlines;
    const p = `i${k}_`;
    const label = `X${k}`;
    const params = callee.ir.params;
    const bound = new Map<number, StackAddr>();
    params.forEach((r, j) => {
      const a = this.stackAddr(i.args[j]);
      if (a) bound.set(r, a);
    });
    // A callee that cannot tail-call returns through two locals: nothing else reads m.retLo before the caller.
    const canTail = callsHelper(callee.ir, TAIL_CALL);
    const base = this.ctx.stackBase;
    const fs = callee.frameSize;
    const frame: LazyFrame = { id: this.ctx.frameId(i.fn, callee.ir.slots), fp: `${p}fp`, fs };
    // Laid out at this call, the callee's parameters hold these arguments: their kinds carry over.
    const argKinds = params.map((_, j) => this.kind(i.args[j]) as Kind);
    const facts = argKinds.every(k => k === F) ? callee.facts : analyze(callee.ir, argKinds);
    const sub = new FuncEmitter(this.ctx, this.t, callee.ir, fs, facts, p, [...this.chain, i.fn], label, bound, !canTail, [...this.lazy, frame]);
    sub.declareLocals(new Set());
    this.t.decls.push(`${p}fp = 0`, ...(canTail ? [`${p}tail = null`] : [`${p}rl = 0`, `${p}rh = 0`]));
    const site = this.loc(i);
    const args = params.map((r, j) => `$t = ${this.lo(i.args[j])}; $u = ${this.hi(i.args[j])}; ${sub.set(r, '$t', '$u')}`);
    const body = sub.body();
    // The machine's depth is this function's own while inlined frames are lazy: the callee's check counts them.
    const depth = MAX_CALL_DEPTH - this.lazy.length;
    return [
      `pc = ${site};`,
      `if (calls.depth >= ${depth}) rt.fault('call', ${JSON.stringify(`call to ${i.fn} would nest more than ${MAX_CALL_DEPTH} function frames`)});`,
      ...args,
      `${p}fp = ${this.ownBottom()};`,
      fs === 0 ? '' : `$s = ${p}fp - ${fs}; if ($s < ${base}) rt.fault('call', ${JSON.stringify(`stack exhausted entering ${i.fn}`)}); ${zeroFrame('$s', fs, base)}`,
      canTail ? `${p}tail = null;` : '',
      // Faults end the packet: the outermost generated function restores depth, frames and stack pointer
      // itself, so only a callee that can tail-call (the one exception that resumes) needs a handler here.
      ...(canTail ? [
        `${label}: try {`,
        body,
        `} catch (e) { if (e instanceof TailCallSignal) ${p}tail = e; else throw e; }`,
      ] : [
        `${label}: {`,
        body,
        '}',
      ]),
      // The helper that threw the tail call left the callee's frames written and its step count in m.steps
      // (the local count is -1 while a helper runs); the target runs in the caller's frames.
      canTail ? `if (${p}tail !== null) { pc = ${site}; ${this.framesFor(this.lazy)} if (steps >= 0) m.steps = steps; steps = -1; rt.tailCall(${p}tail.program); steps = m.steps; ${this.demat()} }` : '',
      i.dst === undefined ? '' : canTail ? `$v = m.retLo; $w = m.retHi; ${this.set(i.dst, '$v', '$w')}` : this.set(i.dst, `${p}rl`, `${p}rh`),
    ].filter(l => l !== '').join('\n');
  }

  emit(): FuncSource {
    const f = this.f;
    const { persistent, kind } = this.facts;
    const params = f.params.slice(0, 5);
    const args = params.map((_, i) => `a${i}l, a${i}h`).join(', ');
    const paramSet = new Set(params);
    params.forEach((p, i) => this.t.decls.push(kind[p] === F ? `r${p} = a${i}l, h${p} = a${i}h` : `r${p} = a${i}l`));
    this.declareLocals(paramSet);
    const body = this.body();
    const anyPersistent = persistent.some(x => x !== 0);
    const base = this.ctx.stackBase;
    const fs = this.frameSize;
    const src = [
      `return function ${safeName(f.name)}(${args}) {`,
      `if (calls.depth >= ${MAX_CALL_DEPTH}) rt.fault('call', ${JSON.stringify(`call to ${f.name} would nest more than ${MAX_CALL_DEPTH} function frames`)});`,
      anyPersistent ? 'const saved = cf.active ? rt.save(cf) : undefined;' : '',
      this.t.decls.length > 0 ? `let ${this.t.decls.join(', ')};` : '',
      'let $a = 0, $g = 0, $o = 0, $v = 0, $w = 0, $t = 0, $u = 0, $n = 0, $q = 0, $s = 0, $r = RG[0], $b = STB, $res;',
      `const fp = m.sp; const bottom = fp - ${fs};`,
      `if (bottom < ${base}) rt.fault('call', ${JSON.stringify(`stack exhausted entering ${f.name}`)});`,
      zeroFrame('bottom', fs, base),
      `m.sp = bottom; ST.lo = bottom - ${base};`,
      anyPersistent ? 'cf.active = true;' : '',
      'const depth0 = calls.depth, frames0 = m.depthFrames;',
      `$q = m.depthFrames; FID[$q] = ${this.ctx.frameId(f.name, f.slots)}; FFP[$q] = fp; m.depthFrames = $q + 1;`,
      'calls.depth++;',
      'let steps = m.steps, pc = 0, tail = null; const budget = m.budget;',
      'try {',
      body,
      '} catch (e) {',
      'if (e instanceof TailCallSignal) tail = e;',
      'else { if (e instanceof RuntimeFault && !e.range) e.range = LOCS[pc]; throw e; }',
      '} finally {',
      'if (steps >= 0) m.steps = steps;',
      'calls.depth = depth0;',
      `m.depthFrames = frames0; m.sp = fp; ST.lo = fp - ${base};`,
      anyPersistent ? 'cf.active = false; if (saved !== undefined) rt.restore(cf, saved);' : '',
      '}',
      'if (tail !== null) rt.tailCall(tail.program);',
      '};',
    ].filter(l => l !== '').join('\n');
    const t = this.t;
    return { source: src, locs: t.locs, loops: t.loops, impls: t.impls, sites: t.sites, reasons: t.reasons, consts: t.consts, persistent: anyPersistent };
  }

  /** The entry block's code; if any block needed a case of its own, everything inside the dispatch loop. */
  body(): string {
    const entry = this.f.entry;
    this.emitted.add(entry);
    const first = this.block(entry, 0);
    if (this.cases.length === 0) return first;
    const parts = [`case ${entry}: {\n${first}\n}`];
    for (let k = 0; k < this.cases.length; k++) {
      const id = this.cases[k];
      this.emitted.add(id);
      parts.push(`case ${id}: {\n${this.block(id, 0)}\n}`);
    }
    const b = `${this.prefix}b`;
    this.t.decls.push(`${b} = 0`);
    return `${b} = ${entry};\n${this.prefix}D: for (;;) switch (${b}) {\n${parts.join('\n')}\ndefault: throw new Error('fast mode: no block ' + ${b});\n}`;
  }

  /**
   * `pend` holds step checks of the blocks just before this one that are not made yet: a block of register
   * instructions only (nothing another packet or the error could see) takes them into its own check, the
   * rest make them first. A merged check that fails works out which block's check failed first and reports
   * it with that block's step count, as the per-block checks would have.
   */
  private block(id: number, nest: number, pend: Pending = []): string {
    const b = this.byId.get(id);
    if (!b) throw new Error(`missing block ${id}`);
    const out: string[] = [];
    if (b.loop || !b.insts.every(i => this.registerOnly(i))) {
      out.push(this.flush(pend));
      pend = [];
    }
    if (b.loop) {
      this.t.loops.push(b.loop.range);
      out.push(`m.lastLoop = LOOPS[${this.t.loops.length - 1}];`);
    }
    for (const i of b.insts) out.push(this.inst(i));
    out.push(this.term(b.term, nest, [...pend, { n: b.insts.length + 1, loc: this.rangeIndex(b.term.loc) }]));
    return out.filter(l => l !== '').join('\n');
  }

  /**
   * The step checks of `pend` as one: all their steps at once; when over the budget, the runtime finds the
   * first block whose own check would have failed and gives back the count it would have had.
   */
  private flush(pend: Pending): string {
    if (pend.length === 0) return '';
    const total = pend.reduce((n, p) => n + p.n, 0);
    if (pend.length === 1) return `steps += ${total}; if (steps > budget) rt.budget(LOCS[${pend[0].loc}]);`;
    const key = pend.map(p => `${p.n}@${p.loc}`).join(',');
    let k = this.t.chains.get(key);
    if (k === undefined) {
      const chain: BudgetChain = { steps: pend.map(p => p.n), locs: pend.map(p => this.t.locs[p.loc]) };
      k = this.t.consts.length;
      this.t.consts.push(chain);
      this.t.chains.set(key, k);
    }
    return `steps += ${total}; if (steps > budget) { steps = rt.over(steps, C[${k}]); rt.budget(rt.overAt); }`;
  }

  /** An instruction that only writes a local register and cannot fault. */
  private registerOnly(i: Inst): boolean {
    if (!REGISTER_OPS.has(i.op)) return false;
    const d = writtenReg(i);
    return d < 0 || !this.facts.persistent[d];
  }

  private inst(i: Inst): string {
    switch (i.op) {
      case 'load':
      case 'store':
      case 'memcpy':
      case 'memmove':
      case 'memset':
      case 'atomic':
      case 'call':
      case 'callfn':
        return emitMem(this, i);
      case 'asm':
        if (i.text.trim() !== '') throw new Error('inline assembly');
        return '';
      default:
        return emitOp(this, i);
    }
  }

  /** Code that continues at block `to`: inline when it has one way in, else a jump through the loop. */
  private jump(to: number, nest: number, pend: Pending): string {
    const b = this.byId.get(to);
    if (b && isSmallExit(b)) return this.block(to, nest, pend);
    const single = this.facts.edges[to] === 1 && to !== this.f.entry && nest < MAX_NEST;
    // Inside a copied block, the blocks only it leads to are copied along with it.
    if (single && this.copying.length > 0) return this.block(to, nest, pend);
    if (single && !this.emitted.has(to)) {
      this.emitted.add(to);
      return this.block(to, nest, pend);
    }
    // A small join point (not a loop header) is copied into each predecessor, so straight-line code needs no
    // dispatch loop; a budget bounds the growth.
    if (b && !b.loop && to !== this.f.entry && b.insts.length <= COPY_LIMIT && nest < MAX_NEST && this.t.copyBudget >= b.insts.length
      && this.copying.length < COPY_DEPTH && !this.copying.includes(to)) {
      this.t.copyBudget -= b.insts.length + 1;
      this.copying.push(to);
      const code = this.block(to, nest, pend);
      this.copying.pop();
      return code;
    }
    if (!this.caseSet.has(to) && to !== this.f.entry) {
      this.caseSet.add(to);
      this.cases.push(to);
    }
    return `${this.flush(pend)}\n${this.prefix}b = ${to}; continue ${this.prefix}D;`;
  }

  private term(t: Terminator, nest: number, pend: Pending): string {
    switch (t.op) {
      case 'br': return this.jump(t.to, nest, pend);
      case 'cbr': {
        if (t.t === t.f) return this.jump(t.t, nest, pend);
        const c = t.cond;
        let cond: string;
        if ('imm' in c) return this.jump(c.imm !== 0n ? t.t : t.f, nest, pend);
        const k = this.kind(c);
        cond = k === F ? `((${this.lo(c)} | ${this.hi(c)}) !== 0)` : `(${this.lo(c)} !== 0)`;
        // The branch that stays a jump (or the smaller one) goes inside the if; the other follows it.
        const inlineT = this.willInline(t.t);
        const inlineF = this.willInline(t.f);
        if (inlineT && !inlineF) return `if (!${cond}) { ${this.jump(t.f, nest + 1, pend)} }\n${this.jump(t.t, nest, pend)}`;
        return `if (${cond}) { ${this.jump(t.t, nest + 1, pend)} }\n${this.jump(t.f, nest, pend)}`;
      }
      case 'switch': return this.switchTerm(t, nest, pend);
      case 'ret': {
        const leave = this.exit === undefined ? 'return;' : `break ${this.exit};`;
        const [rl, rh] = this.localRet ? [`${this.prefix}rl`, `${this.prefix}rh`] : ['m.retLo', 'm.retHi'];
        if (!t.v) return `${this.flush(pend)}\n${rl} = 0; ${rh} = 0; ${leave}`;
        return `${this.flush(pend)}\n${rl} = ${this.lo(t.v)}; ${rh} = ${this.hi(t.v)}; ${leave}`;
      }
      case 'unreachable':
        return `${this.flush(pend)}\nrt.unreachable(LOCS[${this.rangeIndex(t.loc)}]);`;
    }
  }

  private willInline(to: number): boolean {
    const b = this.byId.get(to);
    return (b !== undefined && isSmallExit(b)) || (this.facts.edges[to] === 1 && to !== this.f.entry && !this.emitted.has(to));
  }

  private switchTerm(t: Extract<Terminator, { op: 'switch' }>, nest: number, pend: Pending): string {
    // First match wins, as in the closures' tables; targets are grouped so each is laid out once.
    const narrow = t.ty.bits !== 64;
    const seen = new Set<string>();
    const groups = new Map<number, string[]>();
    for (const c of t.cases) {
      const key = narrow ? String(wrapLo(loOf(c.value), t.ty.bits, t.ty.signed)) : `${loOf(c.value)},${hiOf(c.value)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const g = groups.get(c.to) ?? [];
      g.push(key);
      groups.set(c.to, g);
    }
    const lo = this.lo(t.v);
    const out: string[] = [];
    if (narrow) {
      out.push(`switch (${lo}) {`);
      for (const [to, keys] of groups) {
        if (to === t.dflt) continue;
        out.push(`${keys.map(k => `case ${literal(Number(k))}:`).join(' ')} { ${this.jump(to, nest + 1, pend)} }`);
      }
      out.push(`default: { ${this.jump(t.dflt, nest + 1, pend)} }`, '}');
      return out.join('\n');
    }
    const hi = this.hi(t.v);
    out.push(`$t = ${lo}; $u = ${hi};`);
    for (const [to, keys] of groups) {
      if (to === t.dflt) continue;
      const test = keys.map(k => {
        const [l, h] = k.split(',').map(Number);
        return `($t === ${literal(l)} && $u === ${literal(h)})`;
      }).join(' || ');
      out.push(`if (${test}) { ${this.jump(to, nest + 1, pend)} }`);
    }
    out.push(this.jump(t.dflt, nest, pend));
    return out.join('\n');
  }
}

/**
 * An inlined callee's frame, not pushed on the machine while the generated code runs (the depth, frame list,
 * stack pointer and the stack's live bottom stay the outermost function's): the frame's function id, the local
 * holding its frame pointer and its size. Only code that can observe them (helpers, calls, the slow paths of
 * memory accesses, whose faults name stack frames) writes them first and takes them back afterwards. Inline
 * stack checks against the lazy (higher) live bottom accept a subset of what eager bookkeeping would, and
 * the rest goes down the slow path, which sees the real frames.
 */
interface LazyFrame {
  id: number;
  fp: string;
  fs: number;
}

/** Step checks not made yet, oldest first: each block's steps and the location its budget fault names. */
type Pending = { n: number; loc: number }[];

/** Instructions emitOp lays out as register writes that cannot fault (division by zero gives 0 or a). */
const REGISTER_OPS = new Set<Inst['op']>(['mov', 'bin', 'neg', 'not', 'cmp', 'conv', 'ptradd', 'bswap', 'addr']);

const MAP_LOOKUP = 1;

/** bpf_tail_call: the helper whose TailCallSignal a caller must catch. */
const TAIL_CALL = 12;

function callsHelper(f: IrFunction, id: number): boolean {
  return f.blocks.some(b => b.insts.some(i => i.op === 'call' && i.helper === id));
}

function isSmallExit(b: Block): boolean {
  return (b.term.op === 'ret' || b.term.op === 'unreachable') && b.insts.length <= DUP_LIMIT && !b.loop;
}

function safeName(name: string): string {
  return 'f_' + name.replace(/[^A-Za-z0-9_$]/g, '_');
}
