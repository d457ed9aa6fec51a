// The packet buffer and the addresses the program sees for it. The frame is one byte array (headroom, data,
// tailroom); data_meta, data and data_end are offsets into it. Helpers that may move or resize the packet
// switch it to a fresh address range and mark the old one stale, so a pointer kept across such a call faults
// exactly where the kernel's verifier would have invalidated it.
//
// A packet can also be lent: it runs on the caller's bytes in place (a capture reader's buffer), the region
// read-only with its base shifted so every address is what it would be in a frame of our own. The first
// write, packet-changing helper or move copies it into the frame ("owns" it) and carries on, so lending is
// invisible to the program; packets that are only read are never copied.

import { AddressSpace, KIND_PLAIN, KIND_STALE, Region } from './memory';

/** Address ranges the packet cycles through; a pointer older than this many packet changes is not caught. */
const GENERATIONS = 16;
const EMPTY = new Uint8Array(0);
const NO_FRAGS: Uint8Array[] = [];
/** Largest frame a packet may grow to, including head- and tailroom. */
export const MAX_FRAME = 512 * 1024;

interface Slot {
  live: Region;
  stale: Region;
}

/** Copies a lent packet into a frame of its own and resets the packet to it (packet-setup's eager path). */
export type OwnFrame = (p: Packet, src: Uint8Array, off: number, len: number) => void;

/** After a lent packet had to be copied, this many packets are copied right away before lending again. */
const EAGER_AFTER_OWN = 32;

export class Packet {
  buf: Uint8Array = new Uint8Array(0);
  /** Offsets of data_meta, data and data_end in buf. */
  meta = 0;
  data = 0;
  end = 0;
  /** XDP multi-buffer: fragments (pages) beyond the linear part, reached only through helpers. */
  frags: Uint8Array[] = [];
  /** Highest offset data_end may grow to without reallocating (XDP: the frame minus skb_shared_info). */
  limit = 0;
  /**
   * Set when a helper may have moved the packet: the frame's head- or tailroom may then hold bytes the next
   * packet must not see, so its setup zeroes them (otherwise they are still zero and setup skips that).
   */
  dirty = false;
  private readonly slots: Slot[] = [];
  /** The live region (slots[cur].live), kept for fast mode's direct context reads. */
  live!: Region;
  /** Slots made live since the last reset (they need marking stale at the next one). */
  private touched = GENERATIONS;
  private spare = new Uint8Array(0);
  private spareView = new Uint8Array(0);
  /** Outputs are carved from shared pools: one small allocation per pool, not per packet. */
  private pool = new Uint8Array(0);
  private poolAt = 0;
  private cur = 0;
  /** Whether the packet is lent (see the top of this file), and what to copy when it must be owned. */
  lent = false;
  private lentSrc: Uint8Array = EMPTY;
  private lentOff = 0;
  private lentLen = 0;
  private ownFrame: OwnFrame | undefined;
  /** Packets still to copy eagerly after the last lent one had to be copied. */
  private eager = 0;
  /** DataViews of the last two buffers the live region pointed at (the frame and a lender's buffer). */
  private dvBuf0: Uint8Array = EMPTY;
  private dvBuf1: Uint8Array = EMPTY;
  private dv0: DataView = new DataView(new ArrayBuffer(0));
  private dv1: DataView = new DataView(new ArrayBuffer(0));

  constructor(private readonly mem: AddressSpace) {
    for (let i = 0; i < GENERATIONS; i++) {
      const live = mem.alloc({ name: 'packet', size: MAX_FRAME, bytes: new Uint8Array(0), where: off => this.where(off) });
      if (!live) throw new Error('address space exhausted while laying out the packet');
      const stale = mem.alias(live, { name: 'stale packet', kind: KIND_STALE });
      stale.reason = 'the pointer is from an earlier packet';
      live.own = () => this.own();
      this.slots.push({ live, stale });
      mem.mapGranules(live, stale.id);
    }
    this.live = this.slots[0].live;
  }

  /** Whether the next packet may be lent rather than copied (a recently copied lent packet makes it wait). */
  get lendable(): boolean {
    if (this.eager === 0) return true;
    this.eager--;
    return false;
  }

  /**
   * Starts a packet on src[off, off+len) in place. `head` is where the data would start in an own frame;
   * `ownFrame` makes that frame when the packet must be owned.
   */
  lend(src: Uint8Array, off: number, len: number, head: number, ownFrame: OwnFrame): void {
    const live = this.slots[0].live;
    if (this.lent && this.buf === src && this.cur === 0 && this.touched === 1 && this.frags === NO_FRAGS && this.ownFrame === ownFrame) {
      // The last packet was lent from the same buffer and is still lent (nothing wrote or moved it, so the
      // region is read-only over src, live and mapped, and no range went stale): what reset() and the rest of
      // this function would do comes down to the new offsets.
      this.meta = off;
      this.data = off;
      this.end = off + len;
      this.limit = off + len;
      live.lo = off;
      live.hi = off + len;
      live.base = live.home + head - off;
      this.lentOff = off;
      this.lentLen = len;
      return;
    }
    this.reset(src, off, off, off + len, off + len, NO_FRAGS);
    live.base = live.home + head - off;
    live.readonly = true;
    this.lent = true;
    this.lentSrc = src;
    this.lentOff = off;
    this.lentLen = len;
    this.ownFrame = ownFrame;
  }

  /**
   * A byte view of all of src's buffer (the last one made is kept). runPacket lends a view into a larger
   * buffer (one packet of a capture) as that buffer at the view's offset, so packets from one buffer share
   * the region's backing store and DataView instead of making one each.
   */
  whole(src: Uint8Array): Uint8Array {
    if (this.wholeView.buffer !== src.buffer) this.wholeView = new Uint8Array(src.buffer);
    return this.wholeView;
  }

  private wholeView: Uint8Array = EMPTY;

  /** Makes a lent packet our own: copied into a frame, writable, same addresses. No-op otherwise. */
  own(): void {
    if (!this.lent) return;
    this.lent = false;
    this.eager = EAGER_AFTER_OWN;
    const live = this.slots[this.cur].live;
    live.base = live.home;
    live.readonly = false;
    this.ownFrame!(this, this.lentSrc, this.lentOff, this.lentLen);
    this.lentSrc = EMPTY;
  }

  get region(): Region {
    return this.slots[this.cur].live;
  }

  /** Address of an offset in the frame. */
  addr(off: number): number {
    return this.slots[this.cur].live.base + off;
  }

  /** Frame offset of an address in the live packet range, or -1. */
  offsetOf(addr: number): number {
    this.own();
    const r = this.slots[this.cur].live;
    const o = addr - r.base;
    return o >= 0 && o < this.buf.length ? o : -1;
  }

  /** Starts a packet: every earlier range goes stale and slot 0 becomes live. */
  reset(buf: Uint8Array, meta: number, data: number, end: number, limit: number, frags: Uint8Array[] = NO_FRAGS): void {
    if (this.lent) {
      const live = this.slots[this.cur].live;
      live.base = live.home;
      live.readonly = false;
      this.lent = false;
      this.lentSrc = EMPTY;
    }
    // Slot 0 goes live again below: when it is the only one used, it need not go stale in between.
    for (let i = this.touched === 1 && this.cur === 0 ? 1 : 0; i < this.touched; i++) {
      const s = this.slots[i];
      s.stale.reason = 'the pointer is from an earlier packet';
      this.mem.mapGranules(s.live, s.stale.id);
    }
    this.touched = 1;
    this.cur = 0;
    this.buf = buf;
    this.frags = frags;
    this.limit = limit;
    this.meta = meta;
    this.data = data;
    this.end = end;
    this.activate();
  }

  /** The packet may have moved: old pointers go stale (with the reason) and a new range goes live. */
  moved(reason: string): void {
    this.own();
    this.dirty = true;
    const old = this.slots[this.cur];
    old.stale.reason = reason;
    this.mem.mapGranules(old.live, old.stale.id);
    this.cur = (this.cur + 1) % GENERATIONS;
    this.touched = Math.max(this.touched, this.cur + 1);
    if (this.cur === 0) this.touched = GENERATIONS;
    this.activate();
  }

  /** A reusable frame of exactly `size` bytes for the next packet (its contents are left as they were). */
  scratch(size: number): Uint8Array {
    if (this.spareView.length === size) return this.spareView;
    if (this.spare.length < size) this.spare = new Uint8Array(Math.max(size, 4096));
    this.spareView = this.spare.subarray(0, size);
    return this.spareView;
  }

  /** A fresh copy of bytes for a result, carved from a shared pool. */
  copyOut(bytes: Uint8Array): Uint8Array {
    const n = bytes.length;
    if (n === 0) return EMPTY;
    if (this.poolAt + n > this.pool.length) {
      this.pool = new Uint8Array(Math.max(64 * 1024, n));
      this.poolAt = 0;
    }
    const out = this.pool.subarray(this.poolAt, this.poolAt + n);
    out.set(bytes);
    this.poolAt += (n + 7) & ~7;
    return out;
  }

  /** Replaces the frame (after growing it); callers then call moved(). */
  setBuffer(buf: Uint8Array): void {
    this.buf = buf;
  }

  /** Re-reads the offsets into the live region's bounds after they changed without a move. */
  sync(): void {
    const r = this.slots[this.cur].live;
    r.lo = this.meta;
    r.hi = this.end;
  }

  get length(): number {
    return this.end - this.data;
  }

  get fragsLength(): number {
    let n = 0;
    for (const f of this.frags) n += f.length;
    return n;
  }

  /** Linear data bytes (a view). */
  dataView(): Uint8Array {
    return this.buf.subarray(this.data, this.end);
  }

  /** The packet's bytes from data on, fragments included (a copy). */
  output(): Uint8Array {
    const lin = this.buf.subarray(this.data, this.end);
    if (this.frags.length === 0) return this.copyOut(lin);
    const out = new Uint8Array(lin.length + this.fragsLength);
    out.set(lin);
    let at = lin.length;
    for (const f of this.frags) {
      out.set(f, at);
      at += f.length;
    }
    return out;
  }

  /** Copies packet bytes [off, off+len) counted from data (fragments included) to or from `io`. */
  transfer(off: number, io: Uint8Array, toPacket: boolean): void {
    let pos = off;
    let done = 0;
    const lin = this.end - this.data;
    const pieces: Array<{ bytes: Uint8Array; start: number }> = [{ bytes: this.buf.subarray(this.data, this.end), start: 0 }];
    let start = lin;
    for (const f of this.frags) {
      pieces.push({ bytes: f, start });
      start += f.length;
    }
    for (const p of pieces) {
      if (done === io.length) break;
      const end = p.start + p.bytes.length;
      if (pos >= end) continue;
      const from = pos - p.start;
      const n = Math.min(end - pos, io.length - done);
      if (toPacket) p.bytes.set(io.subarray(done, done + n), from);
      else io.set(p.bytes.subarray(from, from + n), done);
      done += n;
      pos += n;
    }
  }

  private activate(): void {
    const s = this.slots[this.cur];
    this.live = s.live;
    if (s.live.bytes !== this.buf) {
      s.live.bytes = this.buf;
      s.live.dv = this.viewOf(this.buf);
    }
    s.live.kind = KIND_PLAIN;
    this.sync();
    if (!this.mem.maps(s.live)) this.mem.mapGranules(s.live, s.live.id);
  }

  /** A DataView over buf, reusing the last two (a frame and a lender's buffer alternate per packet). */
  private viewOf(buf: Uint8Array): DataView {
    if (buf === this.dvBuf0) return this.dv0;
    if (buf === this.dvBuf1) return this.dv1;
    this.dvBuf1 = this.dvBuf0;
    this.dv1 = this.dv0;
    this.dvBuf0 = buf;
    this.dv0 = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    return this.dv0;
  }

  private where(off: number): string {
    if (off >= this.data) return `packet data+${off - this.data} (packet is ${this.end - this.data} bytes)`;
    if (off >= this.meta) return `packet metadata data-${this.data - off}`;
    return `packet headroom data-${this.data - off}`;
  }
}
