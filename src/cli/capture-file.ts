// File I/O for captures: the input read in 1 MiB chunks into one reused buffer, and an output file sink.

import * as fs from 'fs';
import { captureDiagnostics, CaptureReader, type ChunkSource, type PacketRecord } from '../engine/pcap';
import type { CliIO } from './load-source';

const CHUNK = 1 << 20;
// Reads land 64 bytes into the buffer: reading into a page-aligned destination measured 4-6x slower here
// (src/bench/pcap-bench.ts).
const SKEW = 64;

export class CaptureFile implements ChunkSource {
  private readonly buf = new Uint8Array(SKEW + CHUNK);
  private constructor(private fd: number) {}

  /** Opens the file; an error message (for the user) if it cannot be read. */
  static open(file: string): CaptureFile | string {
    try {
      const fd = fs.openSync(file, 'r');
      if (fs.fstatSync(fd).isDirectory()) {
        fs.closeSync(fd);
        return `${file} is a directory`;
      }
      return new CaptureFile(fd);
    } catch (e) {
      return `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  }

  read(): Uint8Array | null {
    if (this.fd < 0) return null;
    const n = fs.readSync(this.fd, this.buf, SKEW, CHUNK, null);
    if (n === 0) {
      this.close();
      return null;
    }
    return this.buf.subarray(SKEW, SKEW + n);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

/** A sink writing chunks to a new file (synchronously: the replay loop is synchronous too). */
export function fileSink(file: string): { sink: (chunk: Uint8Array) => void; close: () => void } | string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'w');
  } catch (e) {
    return `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  return {
    sink: chunk => {
      let off = 0;
      while (off < chunk.length) off += fs.writeSync(fd, chunk, off, chunk.length - off);
    },
    close: () => fs.closeSync(fd),
  };
}

/**
 * Feeds a capture through the reader in order, handing each record (reused; valid during the call) to visit, up to
 * `limit` records; returns how many were visited. Damage ends the reading and stays on `reader.error`.
 */
export function forEachRecord(input: ChunkSource, reader: CaptureReader, limit: number, visit: (rec: PacketRecord) => void): number {
  let seen = 0;
  for (;;) {
    for (let rec = reader.next(); rec !== undefined; rec = reader.next()) {
      if (seen >= limit) return seen;
      seen++;
      visit(rec);
    }
    if (reader.state !== 'need-data') return seen;
    const chunk = input.read();
    if (chunk === null) reader.end();
    else reader.push(chunk);
  }
}

/** The capture's damage for the JSON summary, or undefined. */
export function captureErrorJson(reader: CaptureReader): Record<string, unknown> | undefined {
  const e = reader.error;
  return e ? { kind: e.kind, message: e.message, packet: e.packetIndex, byte_offset: e.byteOffset } : undefined;
}

/** Prints the capture's damage (packet number and byte offset) or emptiness on stderr. */
export function reportCapture(io: CliIO, file: string, reader: CaptureReader): void {
  for (const d of captureDiagnostics({ format: reader.format, packets: reader.packets, error: reader.error }, file)) {
    io.err(`${file}: ${d.severity}: ${d.message} [${d.code}]\n`);
    if (d.hint) io.err(`  hint: ${d.hint}\n`);
  }
}
