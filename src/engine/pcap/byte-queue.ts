// The input side of the readers: chunks as the caller pushes them, read in place. Only a record that spans two
// chunks is copied (into a scratch buffer reused for the whole file), so one buffer holding the whole file is
// read with no copy at all.

const EMPTY = new Uint8Array(0);
const MIN_SCRATCH = 64 * 1024;

export class ByteQueue {
  /** Current segment: bytes [pos, end) of buf are unread. buf is a caller's chunk or the scratch buffer. */
  buf: Uint8Array = EMPTY;
  pos = 0;
  end = 0;
  /** File offset of buf[0]. */
  base = 0;
  /** True once the caller said no more chunks will come. */
  ended = false;

  private readonly chunks: Uint8Array[] = [];
  private head = 0; // chunks[head..] are pending
  private headStart = 0; // bytes of chunks[head] already taken
  private pendingBytes = 0;
  private scratch: Uint8Array = EMPTY;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.ended) return;
    this.chunks.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** File offset of the next unread byte. */
  offset(): number {
    return this.base + this.pos;
  }

  /** Unread bytes, pushed and not yet consumed. */
  available(): number {
    return this.end - this.pos + this.pendingBytes;
  }

  /** Capacity of the scratch buffer (it only grows to the largest record that spanned chunks). */
  scratchBytes(): number {
    return this.scratch.length;
  }

  /**
   * Makes the next n bytes contiguous at buf[pos..pos+n). False if the input does not hold them (yet): before
   * end(), the unread tail is then copied to the scratch buffer so the caller may reuse its chunks. The caller
   * must have bounded n (it sizes the scratch buffer).
   */
  ensure(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    if (this.pos === this.end) this.nextChunk();
    if (this.end - this.pos >= n) return true;
    const have = this.end - this.pos + this.pendingBytes;
    if (have < n) {
      if (!this.ended && have > 0) this.gather(have);
      return false;
    }
    this.gather(n);
    return true;
  }

  /** Consumes up to n bytes without looking at them; returns how many it consumed. */
  skip(n: number): number {
    let done = 0;
    while (done < n) {
      if (this.pos === this.end) {
        this.nextChunk();
        if (this.pos === this.end) break;
      }
      const take = Math.min(this.end - this.pos, n - done);
      this.pos += take;
      done += take;
    }
    return done;
  }

  /** Moves to the next pending chunk, read in place. Only called when the current segment is used up. */
  private nextChunk(): void {
    if (this.head >= this.chunks.length) return;
    const fileOffset = this.base + this.end;
    const c = this.chunks[this.head];
    this.buf = c;
    this.pos = this.headStart;
    this.end = c.length;
    this.base = fileOffset - this.headStart;
    this.pendingBytes -= c.length - this.headStart;
    this.dropHead();
  }

  private dropHead(): void {
    this.head++;
    this.headStart = 0;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    } else if (this.head >= 64) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Copies the unread part of the segment, then pending bytes, into scratch until it holds n bytes. */
  private gather(n: number): void {
    const have = this.end - this.pos;
    const fileOffset = this.base + this.pos;
    this.growScratch(n, have);
    let filled = have;
    while (filled < n && this.head < this.chunks.length) {
      const c = this.chunks[this.head];
      const take = Math.min(c.length - this.headStart, n - filled);
      this.scratch.set(c.subarray(this.headStart, this.headStart + take), filled);
      filled += take;
      this.headStart += take;
      this.pendingBytes -= take;
      if (this.headStart === c.length) this.dropHead();
    }
    this.buf = this.scratch;
    this.pos = 0;
    this.end = filled;
    this.base = fileOffset;
  }

  /** Makes scratch hold at least n bytes with the current unread bytes (have of them) moved to its start. */
  private growScratch(n: number, have: number): void {
    const unread = this.buf.subarray(this.pos, this.end);
    if (this.scratch.length >= n) {
      if (this.buf === this.scratch) this.scratch.copyWithin(0, this.pos, this.end);
      else this.scratch.set(unread, 0);
      return;
    }
    const next = new Uint8Array(Math.max(n, MIN_SCRATCH, Math.min(this.scratch.length * 2, n * 2)));
    if (have > 0) next.set(unread, 0);
    this.scratch = next;
  }
}
