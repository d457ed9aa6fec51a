// The capture reader: sniffs the format from the first bytes, then hands packets out one at a time from chunks
// the caller pushes. Feeding loop:
//
//   const r = new CaptureReader();
//   for (;;) {
//     for (let rec = r.next(); rec; rec = r.next()) replay(rec);
//     if (r.state !== 'need-data') break;          // 'done' or 'error' (see r.error)
//     const chunk = source.read();
//     chunk ? r.push(chunk) : r.end();
//   }
//
// Once next() has returned undefined for want of data, the reader holds no reference to the caller's chunks (a
// partial record is copied aside), so the caller may reuse its read buffer for the next chunk.

import { ByteQueue } from './byte-queue';
import { u32le } from './bytes';
import { captureError, captureErrorDiagnostic, type CaptureError } from './errors';
import { FormatParser, STEP_DONE, STEP_NEED_DATA, STEP_PACKET } from './parser';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US, PcapParser } from './pcap-reader';
import { BT_SHB } from './pcapng-blocks';
import { PcapngParser } from './pcapng-reader';
import { PacketRecord, type CaptureFormat, type ChunkSource, type InterfaceInfo, type ReaderOptions, type ReaderState } from './types';
import { diag, type Diagnostic } from '../diagnostics';

const NO_INTERFACES: readonly InterfaceInfo[] = [];

export class CaptureReader {
  state: ReaderState = 'reading';
  format: CaptureFormat | undefined;
  private readonly q = new ByteQueue();
  private readonly rec = new PacketRecord();
  private parser: FormatParser | undefined;
  private sniffError: CaptureError | undefined;

  constructor(private readonly options: ReaderOptions = {}) {}

  /** A reader over a whole file in one buffer: packets are views into it, nothing is copied. */
  static fromBytes(bytes: Uint8Array, options?: ReaderOptions): CaptureReader {
    const r = new CaptureReader(options);
    r.push(bytes);
    r.end();
    return r;
  }

  /** Adds the next chunk of the file. The reader reads it in place: do not change it until next() returns undefined. */
  push(chunk: Uint8Array): void {
    if (this.state === 'done' || this.state === 'error') return;
    this.q.push(chunk);
    if (this.state === 'need-data') this.state = 'reading';
  }

  /** Says no more chunks will come: a partial record left over is then damage. */
  end(): void {
    this.q.ended = true;
    if (this.state === 'need-data') this.state = 'reading';
  }

  /**
   * The next packet, or undefined: then `state` says whether to push more ('need-data'), or the capture is over
   * ('done', or 'error' with `error` set). The record object is reused: see PacketRecord.
   */
  next(): PacketRecord | undefined {
    if (this.state !== 'reading') return undefined;
    const parser = this.parser ?? this.sniff();
    if (parser === undefined) return undefined;
    const step = parser.next(this.rec);
    if (step === STEP_PACKET) return this.rec;
    this.state = step === STEP_NEED_DATA ? 'need-data' : step === STEP_DONE ? 'done' : 'error';
    return undefined;
  }

  /** The damage that stopped the reader, if any. */
  get error(): CaptureError | undefined {
    return this.sniffError ?? this.parser?.error;
  }

  /** Packets handed out so far. */
  get packets(): number {
    return this.parser?.packets ?? 0;
  }

  /** Interfaces of the current section (classic pcap: the one the file header describes). */
  get interfaces(): readonly InterfaceInfo[] {
    return this.parser?.interfaces ?? NO_INTERFACES;
  }

  /** Bytes of scratch memory held for records that spanned chunks. */
  get scratchBytes(): number {
    return this.q.scratchBytes();
  }

  private sniff(): FormatParser | undefined {
    const q = this.q;
    if (!q.ensure(4)) {
      if (!q.ended) {
        this.state = 'need-data';
        return undefined;
      }
      const have = q.available();
      if (have === 0) return this.failSniff(captureError('empty-file', 1, 0, 'the capture file is empty (0 bytes)'));
      return this.failSniff(captureError('truncated-file-header', 1, 0, `the capture file has only ${have} bytes`));
    }
    const magic = u32le(q.buf, q.pos);
    if (magic === PCAP_MAGIC_US || magic === PCAP_MAGIC_NS || swap32(magic) === PCAP_MAGIC_US || swap32(magic) === PCAP_MAGIC_NS) {
      this.format = 'pcap';
      this.parser = new PcapParser(q, this.options);
    } else if (magic === BT_SHB) {
      this.format = 'pcapng';
      this.parser = new PcapngParser(q, this.options);
    } else {
      return this.failSniff(captureError('bad-magic', 1, 0, badMagicMessage(q.buf, q.pos, magic)));
    }
    return this.parser;
  }

  private failSniff(err: CaptureError): undefined {
    this.sniffError = err;
    this.state = 'error';
    return undefined;
  }
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

function badMagicMessage(b: Uint8Array, p: number, magic: number): string {
  if (b[p] === 0x1f && b[p + 1] === 0x8b) return 'the file is gzip-compressed: decompress it first';
  if (magic === 0xa1b2cd34 || swap32(magic) === 0xa1b2cd34) return 'modified (Kuznetzov) pcap is not supported: convert it with editcap';
  const hex = Array.from(b.subarray(p, p + 4), x => x.toString(16).padStart(2, '0')).join(' ');
  return `not a pcap or pcapng file (starts with ${hex})`;
}

export interface ReadSummary {
  format: CaptureFormat | undefined;
  packets: number;
  error: CaptureError | undefined;
}

/** Reads a whole source, calling visit for every packet (the record is reused between calls). */
export function readPackets(source: ChunkSource, visit: (rec: PacketRecord) => void, options?: ReaderOptions): ReadSummary {
  const r = new CaptureReader(options);
  for (;;) {
    for (let rec = r.next(); rec !== undefined; rec = r.next()) visit(rec);
    if (r.state !== 'need-data') break;
    const chunk = source.read();
    if (chunk === null) r.end();
    else r.push(chunk);
  }
  return { format: r.format, packets: r.packets, error: r.error };
}

/** Engine diagnostics for a finished read: the damage (if any), and a warning for a capture without packets. */
export function captureDiagnostics(summary: ReadSummary, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (summary.error !== undefined) out.push(captureErrorDiagnostic(summary.error, file));
  else if (summary.packets === 0) out.push(diag('pcap', 'warning', 'PCAP_NO_PACKETS', { file, start: 0, end: 0 }, 'the capture holds no packets'));
  return out;
}
