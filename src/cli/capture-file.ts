// File I/O for captures: the input read in 1 MiB chunks into one reused buffer, and an output file sink.

import * as fs from 'fs';
import type { ChunkSource } from '../engine/pcap';

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
