// JavaScript text for the register-only instructions (mov, bin, neg/not, cmp, conv, ptradd, bswap, addr) in
// fast mode. Each mirrors its closure in compile-arith.ts bit for bit: every value written is an int32 (the
// closures get that from their Int32Array stores; here it is explicit), narrow results are wrapped the same
// way, and 64-bit operations work on (lo, hi) pairs with the same carries.

import type { BinFn, CmpCC, Inst, IntTy, Operand } from '../ir/ir';
import { S, Z, ZS } from './fast-analysis';

/** How the function emitter names operands and writes registers. */
export interface RegNames {
  lo(o: Operand): string;
  hi(o: Operand): string;
  kind(o: Operand): number;
  /** Statement(s) writing a register from int32 expressions that must not read the register itself. */
  set(r: number, lo: string, hi: string): string;
  /** Address of a stack slot in the running frame. */
  slotAddr(slot: number): string;
  /** A constant address (global, map handle, function handle). */
  constAddr(inst: Extract<Inst, { op: 'addr' }>): number;
}

/** The int32 result of wrapping a 32-bit expression to a narrower width (wrapLo). */
function wrap(e: string, bits: number, signed: boolean): string {
  if (bits === 8) return signed ? `((${e}) << 24 >> 24)` : `((${e}) & 255)`;
  if (bits === 16) return signed ? `((${e}) << 16 >> 16)` : `((${e}) & 65535)`;
  return `((${e}) | 0)`;
}

/** Canonical high half of a 32-bit-or-narrower result held in `$t`. */
function hiOfNarrow(signed: boolean): string {
  return signed ? '($t >> 31)' : '0';
}

export function emitOp(n: RegNames, i: Inst): string {
  switch (i.op) {
    case 'mov': return twoStep(n, i.dst, n.lo(i.src), n.hi(i.src));
    case 'bin': return i.ty.bits === 64 ? bin64(n, i.fn, i.ty.signed, i.dst, i.a, i.b) : bin32(n, i.fn, i.ty, i.dst, i.a, i.b);
    case 'neg':
    case 'not': return unary(n, i.op, i.ty, i.dst, i.a);
    case 'cmp': return `${n.set(i.dst, `(${cmpExpr(n, i.cc, i.ty, i.a, i.b)} ? 1 : 0)`, '0')}`;
    case 'conv': return conv(n, i.to, i.dst, i.src);
    case 'ptradd': return add64(n, i.dst, i.base, i.off);
    case 'bswap': {
      if (i.bytes === 2) return n.set(i.dst, `bswap16(${n.lo(i.src)})`, '0');
      if (i.bytes === 4) return n.set(i.dst, `bswap32(${n.lo(i.src)})`, '0');
      return `$t = bswap32(${n.hi(i.src)}); $u = bswap32(${n.lo(i.src)}); ${n.set(i.dst, '$t', '$u')}`;
    }
    case 'addr':
      if (i.base.k === 'stack') return n.set(i.dst, n.slotAddr(i.base.slot), '0');
      return n.set(i.dst, String(n.constAddr(i)), '0');
    default:
      throw new Error(`not a register instruction: ${i.op}`);
  }
}

/** Writes through temporaries, so a destination that is also a source is read before it changes. */
function twoStep(n: RegNames, d: number, lo: string, hi: string): string {
  return `$t = ${lo}; $u = ${hi}; ${n.set(d, '$t', '$u')}`;
}

function bin32(n: RegNames, fn: BinFn, ty: IntTy, d: number, a: Operand, b: Operand): string {
  const x = n.lo(a);
  const y = n.lo(b);
  const s = ty.signed;
  let e: string;
  switch (fn) {
    case 'add': e = `(${x} + ${y}) | 0`; break;
    case 'sub': e = `(${x} - ${y}) | 0`; break;
    case 'mul': e = `Math.imul(${x}, ${y})`; break;
    case 'div': e = `divmod32(${x}, ${y}, ${s}, false)`; break;
    case 'mod': e = `divmod32(${x}, ${y}, ${s}, true)`; break;
    case 'and': e = `${x} & ${y}`; break;
    case 'or': e = `${x} | ${y}`; break;
    case 'xor': e = `${x} ^ ${y}`; break;
    case 'shl': e = `${x} << (${y} & 31)`; break;
    case 'shr': e = s ? `${x} >> (${y} & 31)` : `(${x} >>> (${y} & 31)) | 0`; break;
  }
  return `$t = ${wrap(e, ty.bits, s)}; ${n.set(d, '$t', hiOfNarrow(s))}`;
}

function add64(n: RegNames, d: number, a: Operand, b: Operand): string {
  const ha = n.hi(a);
  const hb = n.hi(b);
  const hiSum = ha === '0' && hb === '0' ? '' : ha === '0' ? `${hb} + ` : hb === '0' ? `${ha} + ` : `${ha} + ${hb} + `;
  return `$t = (${n.lo(a)} >>> 0) + (${n.lo(b)} >>> 0); $u = (${hiSum}($t > 4294967295 ? 1 : 0)) | 0; ${n.set(d, '($t | 0)', '$u')}`;
}

function bin64(n: RegNames, fn: BinFn, s: boolean, d: number, a: Operand, b: Operand): string {
  const al = n.lo(a);
  const ah = n.hi(a);
  const bl = n.lo(b);
  const bh = n.hi(b);
  switch (fn) {
    case 'add': return add64(n, d, a, b);
    case 'sub':
      return `$t = ${al} >>> 0; $u = ${bl} >>> 0; $v = (${ah} - ${bh} - ($t < $u ? 1 : 0)) | 0; ${n.set(d, '($t - $u) | 0', '$v')}`;
    case 'mul':
      return `$t = ${al}; $u = ${bl}; $v = (mulHiU32($t >>> 0, $u >>> 0) + Math.imul($t, ${bh}) + Math.imul(${ah}, $u)) | 0; ${n.set(d, 'Math.imul($t, $u)', '$v')}`;
    case 'div':
    case 'mod':
      return `$t = rt.div64(${al}, ${ah}, ${bl}, ${bh}, ${s}, ${fn === 'mod'}); ${n.set(d, '$t', 'rt.hi')}`;
    case 'and': return twoStep(n, d, `${al} & ${bl}`, `${ah} & ${bh}`);
    case 'or': return twoStep(n, d, `${al} | ${bl}`, `${ah} | ${bh}`);
    case 'xor': return twoStep(n, d, `${al} ^ ${bl}`, `${ah} ^ ${bh}`);
    case 'shl':
    case 'shr':
      return shift64(n, fn, s, d, a, b);
  }
}

/** 64-bit shifts; a constant count picks its case at generation time. */
function shift64(n: RegNames, fn: 'shl' | 'shr', s: boolean, d: number, a: Operand, b: Operand): string {
  const lo = n.lo(a);
  const hi = n.hi(a);
  const cases = (c: string) => {
    if (fn === 'shl') {
      return {
        zero: `$t = ${lo}; $u = ${hi};`,
        small: `$u = (${hi} << ${c}) | (${lo} >>> (32 - ${c})); $t = ${lo} << ${c};`,
        big: `$u = ${lo} << (${c} - 32); $t = 0;`,
      };
    }
    return {
      zero: `$t = ${lo}; $u = ${hi};`,
      small: `$t = (${lo} >>> ${c}) | (${hi} << (32 - ${c})); $u = ${s ? `${hi} >> ${c}` : `(${hi} >>> ${c}) | 0`};`,
      big: s ? `$t = ${hi} >> (${c} - 32); $u = ${hi} >> 31;` : `$t = (${hi} >>> (${c} - 32)) | 0; $u = 0;`,
    };
  };
  const write = n.set(d, '$t', '$u');
  if ('imm' in b) {
    const k = Number(BigInt.asUintN(32, b.imm) & 63n);
    const c = cases(String(k));
    return `${k === 0 ? c.zero : k < 32 ? c.small : c.big} ${write}`;
  }
  const c = cases('$n');
  return `$n = ${n.lo(b)} & 63; if ($n === 0) { ${c.zero} } else if ($n < 32) { ${c.small} } else { ${c.big} } ${write}`;
}

function unary(n: RegNames, op: 'neg' | 'not', ty: IntTy, d: number, a: Operand): string {
  const lo = n.lo(a);
  if (ty.bits === 64) {
    if (op === 'not') return twoStep(n, d, `~${lo}`, `~${n.hi(a)}`);
    return `$t = ${lo}; $u = (~${n.hi(a)} + ($t === 0 ? 1 : 0)) | 0; ${n.set(d, '-$t | 0', '$u')}`;
  }
  const e = op === 'not' ? `~${lo}` : `-${lo} | 0`;
  return `$t = ${wrap(e, ty.bits, ty.signed)}; ${n.set(d, '$t', hiOfNarrow(ty.signed))}`;
}

function conv(n: RegNames, to: IntTy, d: number, src: Operand): string {
  if (to.bits === 64) return twoStep(n, d, n.lo(src), n.hi(src));
  if (to.bits === 32) return `$t = ${n.lo(src)}; ${n.set(d, '$t', to.signed ? '($t >> 31)' : '0')}`;
  return `$t = ${wrap(n.lo(src), to.bits, to.signed)}; ${n.set(d, '$t', hiOfNarrow(to.signed))}`;
}

/** A boolean JS expression for a comparison (cmpStep's semantics). */
export function cmpExpr(n: RegNames, cc: CmpCC, ty: IntTy, a: Operand, b: Operand): string {
  const al = n.lo(a);
  const bl = n.lo(b);
  const op = { eq: '===', ne: '!==', lt: '<', le: '<=', gt: '>', ge: '>=' }[cc];
  const u = (x: string) => `(${x} >>> 0)`;
  if (ty.bits !== 64) {
    if (cc === 'eq' || cc === 'ne' || ty.signed) return `(${al} ${op} ${bl})`;
    return `(${u(al)} ${op} ${u(bl)})`;
  }
  const ka = n.kind(a);
  const kb = n.kind(b);
  const zeroHi = (k: number) => k === Z || k === ZS;
  const signHi = (k: number) => k === S || k === ZS;
  if (cc === 'eq' || cc === 'ne') {
    if ((zeroHi(ka) && zeroHi(kb)) || (signHi(ka) && signHi(kb))) return `(${al} ${op} ${bl})`;
    const ah = n.hi(a);
    const bh = n.hi(b);
    return cc === 'eq' ? `(${al} === ${bl} && ${ah} === ${bh})` : `(${al} !== ${bl} || ${ah} !== ${bh})`;
  }
  // Both high halves zero: the values are u32s. Both sign copies: signed order is int32 order and unsigned
  // order is u32 order of the low halves.
  if (zeroHi(ka) && zeroHi(kb)) return `(${u(al)} ${op} ${u(bl)})`;
  if (signHi(ka) && signHi(kb)) return ty.signed ? `(${al} ${op} ${bl})` : `(${u(al)} ${op} ${u(bl)})`;
  const ah = ty.signed ? `(${n.hi(a)})` : u(n.hi(a));
  const bh = ty.signed ? `(${n.hi(b)})` : u(n.hi(b));
  const strict = op.replace('=', '');
  return `(${ah} ${strict} ${bh} || (${ah} === ${bh} && ${u(al)} ${op} ${u(bl)}))`;
}

