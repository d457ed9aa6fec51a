// Context field accesses as plain JavaScript expressions, for fast mode's loads and stores through a pointer
// that is the context (checked at run time against the context struct's address). Only the fields whose
// model is a plain value are here, with exactly what XdpCtx/SkbCtx.read and write do for an aligned 4-byte
// access; everything else (narrow or wide loads, the fields with access rules, faults) still goes through
// the context model.

import type { ProgramType } from '../ir/ir';

/** The packet's own addresses: the live packet region's base plus the frame offset (Packet.addr). */
const DATA = '(PK.live.base + PK.data)';
const END = '(PK.live.base + PK.end)';
const META = '(PK.live.base + PK.meta)';

const XDP_READS: Record<number, string> = {
  0: DATA,
  4: END,
  8: META,
  12: '(XC.state.ingressIfindex | 0)',
  16: '(XC.state.rxQueue | 0)',
};

/** __sk_buff fields SkbCtx.field returns as they are (4-byte loads give `v | 0`). */
const SKB_FIELDS: Record<number, string> = {
  4: 'pktType', 8: 'mark', 12: 'queueMapping', 16: 'protocol', 20: 'vlanPresent', 24: 'vlanTci', 28: 'vlanProto',
  32: 'priority', 36: 'ingressIfindex', 40: 'ifindex', 44: 'tcIndex', 68: 'hash', 72: 'tcClassid', 84: 'napiId',
  160: 'wireLen', 164: 'gsoSegs', 176: 'gsoSize',
};

const SKB_READS: Record<number, string> = {
  0: '((PK.end - PK.data + (PK.frags.length === 0 ? 0 : PK.fragsLength)) | 0)',
  76: DATA,
  80: END,
  140: META,
};

/** The stores SkbCtx.write takes as plain assignments (4-byte stores), as functions of the value's low half. */
const SKB_WRITES: Record<number, (v: string) => string> = {
  8: v => `SK.state.mark = ${v} >>> 0;`,
  32: v => `SK.state.priority = ${v} >>> 0;`,
  44: v => `SK.state.tcIndex = ${v} & 65535;`,
  72: v => `SK.state.tcClassid = ${v} & 65535;`,
};

/** An int32 expression for a load of `size` bytes at `off` in the context, or undefined to use the model. */
export function ctxReadExpr(type: ProgramType, off: number, size: number): string | undefined {
  if (size !== 4) return undefined;
  if (type === 'xdp') return XDP_READS[off];
  const field = SKB_FIELDS[off];
  return field !== undefined ? `(SK.state.${field} | 0)` : SKB_READS[off];
}

/** A statement storing the low half `v` (an int32 expression) at `off`, or undefined to use the model. */
export function ctxWriteStmt(type: ProgramType, off: number, size: number, v: string): string | undefined {
  if (size !== 4 || type !== 'tc') return undefined;
  return SKB_WRITES[off]?.(v);
}
