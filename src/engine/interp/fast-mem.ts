// JavaScript text for memory instructions, helper calls and local calls in fast mode. A load or store is
// checked inline for the common case (a plain region, inside its live bounds, inside a map value's bytes);
// anything else (context fields, faults, read-only or stale regions) goes through the same AddressSpace
// method the closures call, so messages and effects are identical. Calls keep the executor's protocol:
// argument registers, callSite, the step count handed over to the callee and taken back.

import type { Inst, Operand, ProgramType } from '../ir/ir';
import { ctxReadExpr, ctxWriteStmt } from './fast-ctx';
import type { RegNames } from './fast-ops';

/**
 * A stack address known when the code is generated: `fp` (the name of a running frame's frame pointer) plus
 * `off`, in a frame of `frame` bytes. An access inside that frame needs no checks: the frame is live (the
 * code runs in its function or in a callee laid out inside it), so it lies within the stack's bounds.
 */
export interface StackAddr {
  fp: string;
  off: number;
  frame: number;
}

/** What the memory emitter needs beyond register names: where sources are, per call site constants. */
export interface SiteNames extends RegNames {
  stackBase: number;
  progType: ProgramType;
  /** A run-time test that the pointer is the context, for operands likely to be it (else undefined). */
  ctxGuard(o: Operand): string | undefined;
  stackAddr(o: Operand): StackAddr | undefined;
  /** Index of a source range in LOCS. */
  loc(i: Inst): number;
  /** Index of a helper or function call site in the per-function constant tables. */
  helperSite(i: Extract<Inst, { op: 'call' }>): number;
  /** Index of a function in FN (every compiled function of the program). */
  funcIndex(name: string): number;
  /** Whether a helper invalidates packet pointers. */
  changesPacket(i: Extract<Inst, { op: 'call' }>): boolean;
  /** The callee laid out in place, or undefined to call it. */
  inlineCall(i: Extract<Inst, { op: 'callfn' }>): string | undefined;
  /** Whether a helper leaves a lent packet lent (helpers/table.ts). */
  keepsLentPacket(i: Extract<Inst, { op: 'call' }>): boolean;
  /** Whether a 4-byte atomic's destination sign-extends the old value (its C type is signed). */
  signedDst(i: Extract<Inst, { op: 'atomic' }>): boolean;
  /** Whether accesses through the operand try the live packet region before the granule table. */
  packetFirst(o: Operand): boolean;
  /** A helper call done inline, or undefined. */
  mapLookup(i: Extract<Inst, { op: 'call' }>): string | undefined;
  /** Code writing the lazy inlined frames to the machine before a call out that may see them, and taking them back. */
  mat(): string;
  demat(): string;
}

/** `call` (statements) as one block, with the lazy frames written around it (see fast-func.ts's LazyFrame). */
function around(n: SiteNames, call: string): string {
  const m = n.mat();
  return m === '' ? `{ ${call} }` : `{ ${m} ${call} ${n.demat()} }`;
}

/**
 * The live packet region first: an offset inside its live bounds means the granule table maps the address to
 * that region (the packet keeps its live range mapped) and the region is plain, unstrided memory, so the
 * generic test below would pass with the same region and offset.
 */
const PACKET_OK = (size: number) => `(($o = $a - ($r = PK.live).base) >= $r.lo && $o + ${size} <= $r.hi)`;

const INLINE_OK = (size: number) =>
  `($g >= 0 && ($r = RG[$g]).kind === 0 && ($o = $a - $r.base) >= $r.lo && $o + ${size} <= $r.hi && ($r.stride === 0 || $o % $r.stride + ${size} <= $r.limit))`;

function wildCheck(n: SiteNames, p: Operand, off: number, size: number, what: string, loc: number): string {
  const hi = n.hi(p);
  if (hi === '0') return '';
  return `if (${hi} !== 0) rt.wild(${n.lo(p)}, ${hi}, ${off}, ${size}, '${what}', LOCS[${loc}]); `;
}

function address(n: SiteNames, p: Operand, off: number): string {
  return `$a = ${n.lo(p)}${off === 0 ? '' : ` + ${off}`}; $g = $a >= 0 ? G[$a >>> 16] : -1; `;
}

/** The stack byte index of [ptr + off, +size) when it is known to lie in a live frame. */
export function frameIndex(n: SiteNames, p: Operand, off: number, size: number): string | undefined {
  const k = n.stackAddr(p);
  if (!k) return undefined;
  const at = k.off + off;
  if (at < -k.frame || at + size > 0) return undefined;
  return `(${k.fp} - ${n.stackBase}${at < 0 ? ` - ${-at}` : ` + ${at}`})`;
}

function load(n: SiteNames, i: Extract<Inst, { op: 'load' }>): string {
  const at = frameIndex(n, i.ptr, i.off, i.size);
  if (at !== undefined) {
    if (i.size === 8) return `$o = ${at}; $v = STDV.getInt32($o, true); $w = STDV.getInt32($o + 4, true); ${n.set(i.dst, '$v', '$w')}`;
    const read = i.size === 1 ? (i.signed ? `(STB[${at}] << 24 >> 24)` : `STB[${at}]`)
      : i.size === 2 ? `STDV.${i.signed ? 'getInt16' : 'getUint16'}(${at}, true)` : `STDV.getInt32(${at}, true)`;
    return `$v = ${read}; ${n.set(i.dst, '$v', i.signed ? '($v >> 31)' : '0')}`;
  }
  const loc = n.loc(i);
  const head = wildCheck(n, i.ptr, i.off, i.size, 'read', loc) + address(n, i.ptr, i.off);
  const ok = INLINE_OK(i.size);
  // Context fields (kind 1) go straight to the context model, as AddressSpace.load does for them.
  const ctx = `else if ($g >= 0 && $r.kind === 1) { pc = ${loc}; $v = $r.ctx.read($a - $r.base, ${i.size}); $w = $r.ctx.hiOut; }`;
  if (i.size === 8) {
    return `${head}if (${ok}) { $v = $r.dv.getInt32($o, true); $w = $r.dv.getInt32($o + 4, true); } ${ctx} else ${around(n, `$v = rt.load64($a, LOCS[${loc}]); $w = rt.hi;`)} ${n.set(i.dst, '$v', '$w')}`;
  }
  let read: string;
  if (i.size === 1) read = i.signed ? '($r.bytes[$o] << 24 >> 24)' : '$r.bytes[$o]';
  else if (i.size === 2) read = i.signed ? '(($b = $r.bytes)[$o] << 16 | $b[$o + 1] << 24) >> 16' : '(($b = $r.bytes)[$o] | $b[$o + 1] << 8)';
  else read = '(($b = $r.bytes)[$o] | $b[$o + 1] << 8 | $b[$o + 2] << 16 | $b[$o + 3] << 24)';
  const hi = i.signed ? '($v >> 31)' : '0';
  const narrow = i.signed && i.size < 4 ? (i.size === 2 ? ' $v = $v << 16 >> 16;' : ' $v = $v << 24 >> 24;') : '';
  let body = `${address(n, i.ptr, i.off)}if (${ok}) $v = ${read}; ${ctx.replace(' $w = $r.ctx.hiOut;', narrow)} else ${around(n, `$v = rt.load($a, ${i.size}, ${i.signed}, LOCS[${loc}]);`)}`;
  if (n.packetFirst(i.ptr)) body = `${packetAddress(n, i.ptr, i.off)}if (${PACKET_OK(i.size)}) $v = ${read}; else { ${body} }`;
  // A plain context field read straight from its model's state when the pointer is the context.
  const guard = n.ctxGuard(i.ptr);
  const field = guard === undefined ? undefined : ctxReadExpr(n.progType, i.off, i.size);
  if (field !== undefined) body = `if (${guard}) $v = ${field}; else { ${body} }`;
  return `${wildCheck(n, i.ptr, i.off, i.size, 'read', loc)}${body} ${n.set(i.dst, '$v', hi)}`;
}

/** The address alone, for the packet-first test (the granule lookup comes after it, if needed). */
function packetAddress(n: SiteNames, p: Operand, off: number): string {
  return `$a = ${n.lo(p)}${off === 0 ? '' : ` + ${off}`}; `;
}

function store(n: SiteNames, i: Extract<Inst, { op: 'store' }>): string {
  const at = frameIndex(n, i.ptr, i.off, i.size);
  if (at !== undefined) {
    const v = n.lo(i.src);
    switch (i.size) {
      case 1: return `STB[${at}] = ${v};`;
      case 2: return `STDV.setUint16(${at}, ${v} & 65535, true);`;
      case 4: return `STDV.setInt32(${at}, ${v}, true);`;
      default: return `$o = ${at}; STDV.setInt32($o, ${v}, true); STDV.setInt32($o + 4, ${n.hi(i.src)}, true);`;
    }
  }
  const loc = n.loc(i);
  const lo = n.lo(i.src);
  const ok = INLINE_OK(i.size).replace('.kind === 0 &&', '.kind === 0 && !$r.readonly &&');
  let write: string;
  switch (i.size) {
    case 1: write = `$r.bytes[$o] = ${lo};`; break;
    case 2: write = `$r.dv.setUint16($o, ${lo} & 65535, true);`; break;
    case 4: write = `$r.dv.setInt32($o, ${lo}, true);`; break;
    default: write = `$r.dv.setInt32($o, ${lo}, true); $r.dv.setInt32($o + 4, ${n.hi(i.src)}, true);`;
  }
  const ctx = `else if ($g >= 0 && $r.kind === 1) { pc = ${loc}; $r.ctx.write($a - $r.base, ${i.size}, ${lo}, ${n.hi(i.src)}); }`;
  let body = `${address(n, i.ptr, i.off)}if (${ok}) { ${write} } ${ctx} else ${around(n, `rt.store($a, ${i.size}, ${lo}, ${n.hi(i.src)}, LOCS[${loc}]);`)}`;
  // A lent packet is read-only: its first write takes the generic path, which owns it.
  if (n.packetFirst(i.ptr)) body = `${packetAddress(n, i.ptr, i.off)}if (${PACKET_OK(i.size)} && !$r.readonly) { ${write} } else { ${body} }`;
  const guard = n.ctxGuard(i.ptr);
  const field = guard === undefined ? undefined : ctxWriteStmt(n.progType, i.off, i.size, lo);
  if (field !== undefined) body = `if (${guard}) { ${field} } else { ${body} }`;
  return `${wildCheck(n, i.ptr, i.off, i.size, 'write', loc)}${body}`;
}

const ATOMIC_CODES = { add: 0, and: 1, or: 2, xor: 3, xchg: 4, cmpxchg: 5 };

export function emitMem(n: SiteNames, i: Inst): string {
  switch (i.op) {
    case 'load': return load(n, i);
    case 'store': return store(n, i);
    case 'memcpy':
    case 'memmove':
      return around(n, `rt.copy(${n.lo(i.dst)}, ${n.hi(i.dst)}, ${n.lo(i.src)}, ${n.hi(i.src)}, ${i.size}, LOCS[${n.loc(i)}]);`);
    case 'memset': {
      const at = frameIndex(n, i.dst, 0, i.size);
      if (at !== undefined && i.size <= 32) {
        if (i.size === 0) return '';
        // Frames are 8-byte aligned in the stack, so a slot at a multiple of 4 from fp takes word stores.
        const words = n.stackAddr(i.dst)!.off % 4 === 0 ? i.size >> 2 : 0;
        const out = [`$o = ${at}; $v = ${n.lo(i.value)} & 255;`];
        if (words > 0) out.push('$w = Math.imul($v, 16843009); $q = $o >> 2;', ...Array.from({ length: words }, (_, k) => `ST32[$q + ${k}] = $w;`));
        for (let k = words * 4; k < i.size; k++) out.push(`STB[$o + ${k}] = $v;`);
        return out.join(' ');
      }
      return around(n, `rt.fill(${n.lo(i.dst)}, ${n.hi(i.dst)}, ${n.lo(i.value)}, ${i.size}, LOCS[${n.loc(i)}]);`);
    }
    case 'atomic': {
      const cmp = i.cmp ?? i.src;
      const call = `rt.atomic(${ATOMIC_CODES[i.fn]}, ${i.size}, ${n.lo(i.ptr)}, ${n.hi(i.ptr)}, ${i.off}, ${n.lo(i.src)}, ${n.hi(i.src)}, ${n.lo(cmp)}, ${n.hi(cmp)}, LOCS[${n.loc(i)}])`;
      const hi = i.size === 8 ? '$w' : n.signedDst(i) ? '($v >> 31)' : '0';
      const result = i.dst === undefined ? '' : ` ${n.set(i.dst, '$v', hi)}`;
      if (i.fn === 'cmpxchg') return `${around(n, `$v = ${call}; $w = rt.hi;`)}${result}`;
      // Inline when the address is a plain writable region in bounds (the read check is implied).
      const ph = n.hi(i.ptr);
      const ok = `${ph === '0' ? '' : `${ph} === 0 && `}${INLINE_OK(i.size).replace('.kind === 0 &&', '.kind === 0 && !$r.readonly &&')}`;
      return `${address(n, i.ptr, i.off)}if (${ok}) { ${atomicInline(i.fn, i.size, n.lo(i.src), n.hi(i.src))} } else ${around(n, `$v = ${call}; $w = rt.hi;`)}${result}`;
    }
    case 'call': return helperCall(n, i);
    case 'callfn': return localCall(n, i);
    default:
      throw new Error(`not a memory or call instruction: ${i.op}`);
  }
}

/** Read-modify-write of [$r.dv at $o]: the old value in $v ($w), the new one written (atomicStep's arithmetic). */
function atomicInline(fn: 'add' | 'and' | 'or' | 'xor' | 'xchg', size: number, vl: string, vh: string): string {
  if (size === 4) {
    const nv = { add: `($v + ${vl}) | 0`, and: `$v & ${vl}`, or: `$v | ${vl}`, xor: `$v ^ ${vl}`, xchg: vl }[fn];
    return `$v = $r.dv.getInt32($o, true); $w = 0; $r.dv.setInt32($o, ${nv}, true);`;
  }
  const read = '$v = $r.dv.getInt32($o, true); $w = $r.dv.getInt32($o + 4, true);';
  let next: string;
  switch (fn) {
    case 'add': next = `$t = ($v >>> 0) + (${vl} >>> 0); $u = ($w + ${vh} + ($t > 4294967295 ? 1 : 0)) | 0; $t = $t | 0;`; break;
    case 'and': next = `$t = $v & ${vl}; $u = $w & ${vh};`; break;
    case 'or': next = `$t = $v | ${vl}; $u = $w | ${vh};`; break;
    case 'xor': next = `$t = $v ^ ${vl}; $u = $w ^ ${vh};`; break;
    default: next = `$t = ${vl}; $u = ${vh};`;
  }
  return `${read} ${next} $r.dv.setInt32($o, $t, true); $r.dv.setInt32($o + 4, $u, true);`;
}

/** Result of a helper (number or BigInt) into a register, as helperStep converts it. */
function helperResult(n: SiteNames, d: number): string {
  return `if (typeof $res === 'number') { if (($res | 0) === $res) { $v = $res; $w = $res >> 31; } else { $v = loOfNumber($res); $w = hiOfNumber($res); } } else { $v = loOf($res); $w = hiOf($res); } ${n.set(d, '$v', '$w')}`;
}

function helperCall(n: SiteNames, i: Extract<Inst, { op: 'call' }>): string {
  const inline = n.mapLookup(i);
  if (inline !== undefined) return inline;
  const k = n.helperSite(i);
  const out: string[] = [];
  for (let j = 0; j < 5; j++) {
    const a = i.args[j];
    out.push(a ? `AL[${j}] = ${n.lo(a)}; AH[${j}] = ${n.hi(a)};` : `AL[${j}] = 0; AH[${j}] = 0;`);
  }
  if (!n.keepsLentPacket(i)) out.push('if (m.pkt.lent) m.pkt.own();');
  out.push(n.mat());
  out.push(`m.callSite = SITE[${k}]; pc = ${n.loc(i)}; m.steps = steps; steps = -1;`);
  if (n.changesPacket(i)) out.push(`try { $res = IMPL[${k}](m); } finally { m.pkt.moved(REASON[${k}]); }`);
  else out.push(`$res = IMPL[${k}](m);`);
  out.push('steps = m.steps;', n.demat());
  if (i.dst !== undefined) out.push(helperResult(n, i.dst));
  return out.join(' ');
}

function localCall(n: SiteNames, i: Extract<Inst, { op: 'callfn' }>): string {
  const inline = n.inlineCall(i);
  if (inline !== undefined) return inline;
  const args = i.args.slice(0, 5).map(a => `${n.lo(a)}, ${n.hi(a)}`).join(', ');
  const out = [`${n.mat()} pc = ${n.loc(i)}; m.steps = steps; steps = -1; FN[${n.funcIndex(i.fn)}](${args}); steps = m.steps; ${n.demat()}`];
  if (i.dst !== undefined) out.push(`$v = m.retLo; $w = m.retHi; ${n.set(i.dst, '$v', '$w')}`);
  return out.join(' ');
}
