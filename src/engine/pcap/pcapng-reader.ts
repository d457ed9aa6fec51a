// pcapng: blocks of (type, length, body, length again). Each section (SHB) has its own byte order and interface
// list; packets come in EPBs, SPBs and the obsolete PB. Every other block type is skipped as a stream, so an
// unknown block of any size costs no memory. Blocks the reader has to look into are held whole (at most 320 KiB).

import { pad4, u16, u32 } from './bytes';
import type { CaptureErrorKind } from './errors';
import {
  BT_EPB, BT_IDB, BT_PB, BT_SHB, BT_SPB, BYTE_ORDER_MAGIC, MIN_BLOCK, MIN_EPB, MIN_IDB, MIN_PB, MIN_SHB, MIN_SPB,
  blockName, checkSectionHeader, parseInterface, type InterfaceState,
} from './pcapng-blocks';
import { FormatParser, MAX_CAPLEN, STEP_DONE, STEP_NEED_DATA, STEP_PACKET, type Step } from './parser';
import { splitTicks } from './timestamp';
import type { PacketRecord } from './types';

/** Largest block the reader holds in memory: the largest packet plus room for options. */
export const MAX_HELD_BLOCK = MAX_CAPLEN + 65536;
const CONTINUE = -1;
/** A step, or CONTINUE: the block was handled and the loop goes on to the next one. */
type Flow = Step | typeof CONTINUE;

export class PcapngParser extends FormatParser {
  /** Sections seen (the current one is sections - 1). */
  sections = 0;
  private le = true;
  private ifaces: InterfaceState[] = [];
  // A block being skipped: where it started, its length, and body bytes still to skip.
  private skipStart = 0;
  private skipType = 0;
  private skipLength = 0;
  private skipLeft = -1;

  next(rec: PacketRecord): Step {
    for (;;) {
      if (this.skipLeft >= 0) {
        const s = this.continueSkip();
        if (s !== CONTINUE) return s;
      }
      const q = this.q;
      if (q.end - q.pos < MIN_BLOCK && !q.ensure(MIN_BLOCK)) return this.shortHeader();
      const b = q.buf;
      const p = q.pos;
      const type = u32(b, p, this.le);
      if (type === BT_SHB || this.sections === 0) {
        const s = this.sectionHeader();
        if (s !== CONTINUE) return s;
        continue;
      }
      const len = u32(b, p + 4, this.le);
      const lenProblem = this.checkLength(type, len, q.base + p);
      if (lenProblem !== CONTINUE) return lenProblem;
      if (type === BT_EPB || type === BT_SPB || type === BT_PB || type === BT_IDB) {
        if (q.end - p < len && !q.ensure(len)) return this.shortBlock(type, len);
        const s = type === BT_IDB ? this.interfaceBlock(len) : this.packetBlock(rec, type, len);
        if (s !== CONTINUE) return s;
        continue;
      }
      // Anything else (NRB, ISB, DSB, custom, unknown): skip the body as it streams past, then check the trailer.
      this.skipStart = q.base + p;
      this.skipType = type;
      this.skipLength = len;
      this.skipLeft = len - 12;
      q.pos = p + 8;
    }
  }

  private checkLength(type: number, len: number, at: number): Flow {
    if (len % 4 !== 0) return this.fail('block-length-unaligned', at, `${blockName(type)} length ${len} is not a multiple of 4`);
    const min = minimumLength(type);
    if (len < min) return this.fail('block-too-short', at, `${blockName(type)} length ${len} is below the minimum of ${min}`);
    const held = type === BT_SHB || type === BT_IDB || type === BT_EPB || type === BT_SPB || type === BT_PB;
    if (held && len > MAX_HELD_BLOCK) {
      const kind: CaptureErrorKind = type === BT_SHB || type === BT_IDB ? 'block-too-long' : 'caplen-absurd';
      return this.fail(kind, at, `${blockName(type)} length ${len} is larger than any such block can be (${MAX_HELD_BLOCK} bytes)`);
    }
    return CONTINUE;
  }

  /** Reads an SHB (the first block must be one): byte order, version, options; starts a new section. */
  private sectionHeader(): Flow {
    const q = this.q;
    const at = q.offset();
    const first = this.sections === 0;
    if (u32(q.buf, q.pos, true) !== BT_SHB) return this.fail('bad-magic', at, `expected a Section Header Block at offset ${at}`);
    const magic = u32(q.buf, q.pos + 8, true);
    if (magic !== BYTE_ORDER_MAGIC && u32(q.buf, q.pos + 8, false) !== BYTE_ORDER_MAGIC) {
      return this.fail('bad-magic', at + 8, `Section Header Block byte-order magic 0x${magic.toString(16)} is neither 0x1a2b3c4d nor its byte swap`);
    }
    const le = magic === BYTE_ORDER_MAGIC;
    const len = u32(q.buf, q.pos + 4, le);
    const lenProblem = this.checkLength(BT_SHB, len, at);
    if (lenProblem !== CONTINUE) return lenProblem;
    if (!q.ensure(len)) {
      if (!q.ended) return STEP_NEED_DATA;
      if (first) return this.fail('truncated-file-header', at, `file ends inside the first Section Header Block (length ${len}, ${q.available()} bytes left)`);
      return this.shortBlock(BT_SHB, len);
    }
    const b = q.buf;
    const p = q.pos;
    const problem = checkSectionHeader(b, p, len, le);
    if (problem !== undefined) return this.fail(problem.kind, at + problem.at, problem.message);
    const trailer = this.checkTrailer(b, p, len, BT_SHB, le);
    if (trailer !== CONTINUE) return trailer;
    this.le = le;
    this.ifaces = [];
    this.interfaces.length = 0;
    this.sections++;
    q.pos = p + len;
    return CONTINUE;
  }

  private interfaceBlock(len: number): Flow {
    const q = this.q;
    const b = q.buf;
    const p = q.pos;
    const at = q.base + p;
    const parsed = parseInterface(b, p, len, this.le);
    if ('kind' in parsed) return this.fail(parsed.kind, at + parsed.at, parsed.message);
    const trailer = this.checkTrailer(b, p, len, BT_IDB, this.le);
    if (trailer !== CONTINUE) return trailer;
    const bad = this.checkLinkType(parsed.info.linkType, at + 8);
    if (bad !== undefined) return bad;
    parsed.capLimit = this.capLimit(parsed.info.snapLen);
    this.ifaces.push(parsed);
    this.interfaces.push(parsed.info);
    q.pos = p + len;
    return CONTINUE;
  }

  /** Fills rec from an EPB, SPB or PB held whole at q.buf[q.pos..]. */
  private packetBlock(rec: PacketRecord, type: number, len: number): Flow {
    const q = this.q;
    const b = q.buf;
    const p = q.pos;
    const le = this.le;
    const at = q.base + p;
    const simple = type === BT_SPB;
    const ifId = simple ? 0 : type === BT_PB ? u16(b, p + 8, le) : u32(b, p + 8, le);
    const iface = this.ifaces[ifId];
    if (iface === undefined) {
      return this.fail('no-interface', at, `${blockName(type)} names interface ${ifId}, but its section describes ${this.ifaces.length} interface(s)`);
    }
    const dataAt = simple ? p + 12 : p + 28;
    const room = p + len - 4 - dataAt;
    const origLen = u32(b, simple ? p + 8 : p + 24, le);
    let capLen: number;
    if (simple) {
      const snap = iface.info.snapLen;
      capLen = Math.min(origLen, room, snap === 0 ? room : snap);
    } else {
      capLen = u32(b, p + 20, le);
      if (capLen > room) {
        return this.fail('caplen-past-block', at, `${blockName(type)} captured length ${capLen} runs past its block (room for ${room} bytes)`);
      }
      if (capLen > iface.capLimit) return this.capLenError(capLen, iface.info.snapLen, at);
    }
    const trailer = this.checkTrailer(b, p, len, type, le);
    if (trailer !== CONTINUE) return trailer;
    rec.resetView();
    if (simple) {
      rec.tsSec = 0;
      rec.tsNsec = 0;
      rec.hasTimestamp = false;
    } else {
      splitTicks(u32(b, p + 12, le), u32(b, p + 16, le), iface.scale, rec);
      rec.tsSec += iface.info.tsOffsetSec;
      rec.hasTimestamp = true;
    }
    rec.index = ++this.packets;
    rec.origLen = origLen;
    rec.capLen = capLen;
    rec.linkType = iface.info.linkType;
    rec.interfaceId = ifId;
    rec.section = this.sections - 1;
    rec.byteOffset = at;
    rec.buffer = b;
    rec.dataOffset = dataAt;
    rec.optionsOffset = simple ? dataAt : Math.min(dataAt + pad4(capLen), p + len - 4);
    rec.optionsEnd = simple ? dataAt : p + len - 4;
    rec.littleEndian = le;
    q.pos = p + len;
    return STEP_PACKET;
  }

  private checkTrailer(b: Uint8Array, p: number, len: number, type: number, le: boolean): Flow {
    const trailing = u32(b, p + len - 4, le);
    if (trailing === len) return CONTINUE;
    return this.fail('block-trailer-mismatch', this.q.base + p, `${blockName(type)} ends with length ${trailing}, but starts with ${len}`);
  }

  /** Skips the rest of an unneeded block's body, then checks its trailing length. */
  private continueSkip(): Flow {
    const q = this.q;
    this.skipLeft -= q.skip(this.skipLeft);
    if (this.skipLeft > 0 || !q.ensure(4)) {
      if (!q.ended) return STEP_NEED_DATA;
      return this.fail('truncated-record', this.skipStart,
        `${blockName(this.skipType)} of length ${this.skipLength} runs past the end of the file`);
    }
    this.skipLeft = -1;
    const trailing = u32(q.buf, q.pos, this.le);
    if (trailing !== this.skipLength) {
      return this.fail('block-trailer-mismatch', this.skipStart, `${blockName(this.skipType)} ends with length ${trailing}, but starts with ${this.skipLength}`);
    }
    q.pos += 4;
    return CONTINUE;
  }

  private shortHeader(): Step {
    const q = this.q;
    if (!q.ended) return STEP_NEED_DATA;
    const have = q.available();
    if (have === 0) return STEP_DONE;
    if (this.sections === 0) return this.fail('truncated-file-header', 0, `file ends after ${have} bytes, inside the first Section Header Block`);
    return this.fail('truncated-record-header', q.offset(), `file ends ${have} bytes into a block header`);
  }

  private shortBlock(type: number, len: number): Step {
    const q = this.q;
    if (!q.ended) return STEP_NEED_DATA;
    return this.fail('truncated-record', q.offset(),
      `${blockName(type)} of length ${len} runs past the end of the file (${q.available()} bytes left)`);
  }
}

function minimumLength(type: number): number {
  switch (type) {
    case BT_SHB: return MIN_SHB;
    case BT_IDB: return MIN_IDB;
    case BT_EPB: return MIN_EPB;
    case BT_PB: return MIN_PB;
    case BT_SPB: return MIN_SPB;
    default: return MIN_BLOCK;
  }
}
