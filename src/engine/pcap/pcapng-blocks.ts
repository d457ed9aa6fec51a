// pcapng block constants and the parsing of the two blocks that describe the packets that follow: the Section
// Header Block (byte order, version) and the Interface Description Block (link type, snaplen, time scale).

import { i64, u16, u32 } from './bytes';
import { IF_FCSLEN, IF_NAME, IF_TSOFFSET, IF_TSRESOL, walkOptions } from './pcapng-options';
import { MICROSECONDS, tickScale, type TickScale } from './timestamp';
import type { InterfaceInfo } from './types';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
export const BT_PB = 0x00000002; // obsolete Packet Block
export const BT_SPB = 0x00000003;
export const BT_EPB = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export const MIN_BLOCK = 12;
export const MIN_SHB = 28;
export const MIN_IDB = 20;
export const MIN_EPB = 32;
export const MIN_PB = 32;
export const MIN_SPB = 16;

/** What a parsed IDB contributes to the packets that name it. */
export interface InterfaceState {
  info: InterfaceInfo;
  scale: TickScale;
  /** Largest caplen not counted as damage. */
  capLimit: number;
}

/** A problem found inside a block, at a file offset relative to the block start. */
export interface BlockProblem {
  kind: 'option-too-long' | 'bad-option' | 'unsupported-version';
  at: number;
  message: string;
}

/** Checks an SHB held at b[p, p+len): version 1.x and options that fit. */
export function checkSectionHeader(b: Uint8Array, p: number, len: number, le: boolean): BlockProblem | undefined {
  const major = u16(b, p + 12, le);
  const minor = u16(b, p + 14, le);
  if (major !== 1) return { kind: 'unsupported-version', at: 0, message: `pcapng version ${major}.${minor} is not supported (only 1.x)` };
  const bad = walkOptions(b, p + 24, p + len - 4, le);
  if (bad < 0) return undefined;
  return { kind: 'option-too-long', at: bad - p, message: `Section Header Block option of length ${u16(b, bad + 2, le)} runs past the end of its block` };
}

/** Parses an IDB held at b[p, p+len). */
export function parseInterface(b: Uint8Array, p: number, len: number, le: boolean): InterfaceState | BlockProblem {
  const info: InterfaceInfo = {
    linkType: u16(b, p + 8, le),
    snapLen: u32(b, p + 12, le),
    ticksPerSecond: MICROSECONDS.perSecond,
    tsOffsetSec: 0,
    fcsLength: 0,
  };
  let scale = MICROSECONDS;
  let problem: BlockProblem | undefined;
  const bad = walkOptions(b, p + 16, p + len - 4, le, (code, at, length) => {
    if (problem !== undefined) return;
    if (code === IF_NAME) info.name = new TextDecoder().decode(b.subarray(at, at + length));
    else if (code === IF_FCSLEN && length === 1) info.fcsLength = b[at];
    else if (code === IF_TSRESOL) {
      const s = length === 1 ? tickScale(b[at]) : undefined;
      if (s === undefined) problem = badOption(at - 4 - p, `if_tsresol ${describeTsresol(b, at, length)} is not a usable time resolution`);
      else scale = s;
    } else if (code === IF_TSOFFSET) {
      if (length === 8) info.tsOffsetSec = i64(b, at, le);
      else problem = badOption(at - 4 - p, `if_tsoffset has ${length} bytes instead of 8`);
    }
  });
  if (bad >= 0) {
    return { kind: 'option-too-long', at: bad - p, message: `Interface Description Block option of length ${u16(b, bad + 2, le)} runs past the end of its block` };
  }
  if (problem !== undefined) return problem;
  info.ticksPerSecond = scale.perSecond;
  return { info, scale, capLimit: 0 };
}

function badOption(at: number, message: string): BlockProblem {
  return { kind: 'bad-option', at, message };
}

function describeTsresol(b: Uint8Array, at: number, length: number): string {
  if (length !== 1) return `with ${length} bytes instead of 1`;
  const v = b[at];
  return v & 0x80 ? `0x${v.toString(16)} (2^-${v & 0x7f} s)` : `0x${v.toString(16)} (10^-${v} s)`;
}

export function blockName(type: number): string {
  switch (type) {
    case BT_SHB: return 'Section Header Block';
    case BT_IDB: return 'Interface Description Block';
    case BT_PB: return 'Packet Block';
    case BT_SPB: return 'Simple Packet Block';
    case BT_EPB: return 'Enhanced Packet Block';
    default: return `block of type 0x${type.toString(16).padStart(8, '0')}`;
  }
}
