// Classic pcap: a 24-byte file header (magic gives byte order and µs/ns resolution), then records of a 16-byte
// header (seconds, fraction, caplen, origlen) followed by caplen bytes.

import { u16, u32, u32be, u32le } from './bytes';
import { FormatParser, STEP_DONE, STEP_NEED_DATA, STEP_PACKET, type Step } from './parser';
import type { PacketRecord } from './types';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;
const FCS_PRESENT = 0x04000000;

export class PcapParser extends FormatParser {
  littleEndian = true;
  nanosecond = false;
  private headerRead = false;
  private linkType = 0;
  private snapLen = 0;
  private limit = 0;
  private fracLimit = 1e6;
  private fracToNs = 1000;

  next(rec: PacketRecord): Step {
    if (!this.headerRead) {
      const step = this.readFileHeader();
      if (step !== STEP_PACKET) return step;
    }
    const q = this.q;
    if (q.end - q.pos < RECORD_HEADER && !q.ensure(RECORD_HEADER)) return this.short(RECORD_HEADER);
    let b = q.buf;
    let p = q.pos;
    const le = this.littleEndian;
    const capLen = le ? u32le(b, p + 8) : u32be(b, p + 8);
    if (capLen > this.limit) return this.capLenError(capLen, this.snapLen, q.base + p);
    const size = RECORD_HEADER + capLen;
    if (q.end - p < size) {
      if (!q.ensure(size)) return this.short(size);
      b = q.buf;
      p = q.pos;
    }
    const frac = le ? u32le(b, p + 4) : u32be(b, p + 4);
    if (frac >= this.fracLimit) return this.badTimestamp(frac, q.base + p);
    rec.resetView();
    rec.index = ++this.packets;
    rec.tsSec = le ? u32le(b, p) : u32be(b, p);
    rec.tsNsec = frac * this.fracToNs;
    rec.capLen = capLen;
    rec.origLen = le ? u32le(b, p + 12) : u32be(b, p + 12);
    rec.linkType = this.linkType;
    rec.byteOffset = q.base + p;
    rec.buffer = b;
    rec.dataOffset = p + RECORD_HEADER;
    q.pos = p + size;
    return STEP_PACKET;
  }

  private readFileHeader(): Step {
    const q = this.q;
    if (!q.ensure(FILE_HEADER)) {
      if (!q.ended) return STEP_NEED_DATA;
      return this.fail('truncated-file-header', 0, `file ends after ${q.available()} bytes, inside the 24-byte pcap file header`);
    }
    const b = q.buf;
    const p = q.pos;
    const magic = u32le(b, p);
    this.littleEndian = magic === PCAP_MAGIC_US || magic === PCAP_MAGIC_NS;
    const le = this.littleEndian;
    this.nanosecond = u32(b, p, le) === PCAP_MAGIC_NS;
    const major = u16(b, p + 4, le);
    const minor = u16(b, p + 6, le);
    if (major !== 2) return this.fail('unsupported-version', 0, `pcap version ${major}.${minor} is not supported (only 2.x)`);
    const rawLinkType = u32(b, p + 20, le);
    this.linkType = rawLinkType & 0xffff;
    this.snapLen = u32(b, p + 16, le);
    this.limit = this.capLimit(this.snapLen);
    this.fracLimit = this.nanosecond ? 1e9 : 1e6;
    this.fracToNs = this.nanosecond ? 1 : 1000;
    this.interfaces.push({
      linkType: this.linkType,
      snapLen: this.snapLen,
      ticksPerSecond: this.nanosecond ? 1e9 : 1e6,
      tsOffsetSec: 0,
      fcsLength: rawLinkType & FCS_PRESENT ? (rawLinkType >>> 28) * 2 : 0,
    });
    const bad = this.checkLinkType(this.linkType, 20);
    if (bad !== undefined) return bad;
    q.pos = p + FILE_HEADER;
    this.headerRead = true;
    return STEP_PACKET;
  }

  /** The input ran out inside a record: wait for more, stop cleanly at a record boundary, or report damage. */
  private short(need: number): Step {
    const q = this.q;
    if (!q.ended) return STEP_NEED_DATA;
    const have = q.available();
    if (have === 0) return STEP_DONE;
    const at = q.offset();
    if (have < RECORD_HEADER) {
      return this.fail('truncated-record-header', at, `file ends ${have} bytes into a 16-byte record header`);
    }
    return this.fail('truncated-record', at,
      `record of ${need - RECORD_HEADER} captured bytes runs past the end of the file (only ${have - RECORD_HEADER} left)`);
  }

  private badTimestamp(frac: number, at: number): Step {
    const unit = this.nanosecond ? 'nanoseconds' : 'microseconds';
    return this.fail('bad-timestamp', at, `timestamp fraction ${frac} ${unit} is not below one second`);
  }
}
