// The writers' output: one reusable buffer filled with records and handed to the caller's sink when full. The
// chunk given to the sink is a view into that buffer, valid only during the call (write or copy it at once).

export type ChunkSink = (chunk: Uint8Array) => void;

export const DEFAULT_OUTPUT_BUFFER = 1 << 20;

export class OutputBuffer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly sink: ChunkSink, size = DEFAULT_OUTPUT_BUFFER) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for n more bytes, flushing first if they do not fit. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n <= this.buf.length) return;
    this.buf = new Uint8Array(n);
    this.view = new DataView(this.buf.buffer);
  }

  /** Hands what was written so far to the sink. */
  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  u8(v: number): void {
    this.buf[this.pos++] = v;
  }

  u16(v: number, le: boolean): void {
    this.view.setUint16(this.pos, v, le);
    this.pos += 2;
  }

  u32(v: number, le: boolean): void {
    this.view.setUint32(this.pos, v >>> 0, le);
    this.pos += 4;
  }

  /** A signed 64-bit value from a number (exact within ±2^53). */
  i64(v: number, le: boolean): void {
    const hi = Math.floor(v / 4294967296);
    const lo = v - hi * 4294967296;
    this.u64parts(hi >>> 0, lo, le);
  }

  u64big(v: bigint, le: boolean): void {
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, v), le);
    this.pos += 8;
  }

  u64parts(hi: number, lo: number, le: boolean): void {
    this.view.setUint32(this.pos, le ? lo : hi, le);
    this.view.setUint32(this.pos + 4, le ? hi : lo, le);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    // TypedArray.set has a fixed cost that a plain loop beats for short runs (most packets are short).
    if (n > 96) this.buf.set(b, this.pos);
    else for (let i = 0, o = this.buf, p = this.pos; i < n; i++) o[p + i] = b[i];
    this.pos += n;
  }

  zeros(n: number): void {
    const o = this.buf;
    for (let i = 0; i < n; i++) o[this.pos + i] = 0;
    this.pos += n;
  }

  /** UTF-8 bytes a string takes (for sizing before writing). */
  utf8Length(s: string): number {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  /** Writes s as UTF-8; the caller reserved utf8Length(s) bytes. */
  utf8(s: string): number {
    const { written } = this.encoder.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += written;
    return written;
  }
}
