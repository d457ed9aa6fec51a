// The interpreter's address space: one flat 32-bit space (kept below 2^31 so pointers survive truncation to
// int or u32) holding regions at distinct bases: the packet, the context struct, stack frames, every map's
// values, every global section, map and function handles. A table of 64 KiB granules maps an address to its
// region in one lookup; a guard granule follows every region, so running off the end never lands in a
// neighbour. Every access is checked against the region's live bounds at run time.

import { fault } from './fault';
import type { MemAccess } from './types';

/** The step hook's "no memory touched" list (shared and frozen; the first access of a step makes a real one). */
export const NO_ACCESS: MemAccess[] = Object.freeze([]) as unknown as MemAccess[];

export const KIND_PLAIN = 0;
/** The context struct: reads and writes go through the program type's model. */
export const KIND_CTX = 1;
/** A packet address range left behind by a helper that moved the packet: any access is an error. */
export const KIND_STALE = 2;
/** Map and function handles: an address to pass to helpers, never to dereference. */
export const KIND_HANDLE = 3;

const GRANULE_BITS = 16;
const GRANULE = 1 << GRANULE_BITS;
const FIRST_BASE = 0x00100000;
const LAST_BASE = 0x7fff0000;

/** Context structs: field reads and writes with the kernel's access rules. */
export interface CtxModel {
  /** Returns the low half of the value read; sets hiOut for 8-byte fields. */
  read(off: number, size: number): number;
  write(off: number, size: number, lo: number, hi: number): void;
  hiOut: number;
}

export interface Region {
  readonly id: number;
  kind: number;
  name: string;
  /** Address of byte 0 of `bytes`. A lent packet moves it so the packet's own addresses stay the same. */
  base: number;
  /** The address range the region owns (its granules), from its first address. */
  readonly home: number;
  /** Reserved bytes of address space (the region can grow its backing store up to this). */
  readonly size: number;
  bytes: Uint8Array;
  dv: DataView;
  /** Valid offsets [lo, hi); packet and stack regions move these as the program runs. */
  lo: number;
  hi: number;
  /** Map slabs: element stride and the bytes of each element a program may touch (0: no elements). */
  stride: number;
  limit: number;
  readonly: boolean;
  /** Names an offset for error messages ("data+14", "fp-8", "counts value[3]+4"). */
  where: (off: number) => string;
  ctx?: CtxModel;
  /** For stale packet ranges: why they went stale. */
  reason?: string;
  /**
   * A lent packet (read-only over someone else's bytes): copies the packet into its own frame and makes the
   * region writable, so a write can go ahead. Called before a write to a read-only region would fault.
   */
  own?: () => void;
}

export interface RegionInit {
  name: string;
  size: number;
  kind?: number;
  bytes?: Uint8Array;
  stride?: number;
  limit?: number;
  readonly?: boolean;
  where?: (off: number) => string;
  ctx?: CtxModel;
}

export class AddressSpace {
  readonly regions: Region[] = [];
  /** Region id per 64 KiB granule (-1: unmapped); read directly by the fast mode's inline accesses. */
  readonly granules = new Int32Array(1 << (32 - GRANULE_BITS)).fill(-1);
  private next = FIRST_BASE;
  /** High half of the last 8-byte load. */
  hiOut = 0;
  /** Set while a step hook is installed: every access of the current step is appended. */
  log: MemAccess[] | undefined;

  /** Reserves address space for a region; undefined when the space is exhausted. */
  alloc(init: RegionInit): Region | undefined {
    const granules = Math.max(1, Math.ceil(init.size / GRANULE));
    if (this.next + (granules + 1) * GRANULE > LAST_BASE) return undefined;
    const bytes = init.bytes ?? new Uint8Array(init.kind === KIND_HANDLE || init.kind === KIND_CTX ? 0 : init.size);
    const r: Region = {
      id: this.regions.length,
      kind: init.kind ?? KIND_PLAIN,
      name: init.name,
      base: this.next,
      home: this.next,
      size: init.size,
      bytes,
      dv: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      lo: 0,
      hi: Math.min(init.size, bytes.length),
      stride: init.stride ?? 0,
      limit: init.limit ?? 0,
      readonly: init.readonly ?? false,
      where: init.where ?? (off => `${init.name}+${off}`),
      ctx: init.ctx,
      reason: undefined,
      own: undefined,
    };
    this.regions.push(r);
    this.next += (granules + 1) * GRANULE;
    this.mapGranules(r, r.id);
    return r;
  }

  /** A second region object over an existing region's addresses (a stale twin of a packet range). */
  alias(of: Region, init: { name: string; kind: number; where?: (off: number) => string }): Region {
    const bytes = new Uint8Array(0);
    const r: Region = {
      id: this.regions.length, kind: init.kind ?? KIND_PLAIN, name: init.name, base: of.home, home: of.home, size: of.size,
      bytes, dv: new DataView(bytes.buffer), lo: 0, hi: 0, stride: 0, limit: 0, readonly: true,
      where: init.where ?? of.where, ctx: undefined, reason: undefined, own: undefined,
    };
    this.regions.push(r);
    return r;
  }

  /** Points a region's address range at another region (used to mark packet ranges stale and live again). */
  mapGranules(at: Region, to: number): void {
    const first = at.home >>> GRANULE_BITS;
    const count = Math.max(1, Math.ceil(at.size / GRANULE));
    this.granules.fill(to, first, first + count);
  }

  /** Whether a region's address range currently resolves to it. */
  maps(r: Region): boolean {
    return this.granules[r.home >>> GRANULE_BITS] === r.id;
  }

  /** Replaces a region's backing store (growth); the address range stays. */
  setBytes(r: Region, bytes: Uint8Array): void {
    r.bytes = bytes;
    r.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  regionAt(addr: number): Region | undefined {
    if (addr < 0 || addr >= 0x80000000) return undefined;
    const g = this.granules[addr >>> GRANULE_BITS];
    return g < 0 ? undefined : this.regions[g];
  }

  /** Loads up to 4 bytes; returns the canonical low half (the high half follows from `signed`). */
  load(addr: number, size: number, signed: boolean): number {
    const g = addr >= 0 ? this.granules[addr >>> GRANULE_BITS] : -1;
    const r = g === undefined || g < 0 ? undefined : this.regions[g];
    if (r === undefined || r.kind !== KIND_PLAIN) return this.loadSlow(r, addr, size, signed);
    const o = addr - r.base;
    if (o < r.lo || o + size > r.hi || (r.stride !== 0 && (o % r.stride) + size > r.limit)) this.boundsFault(r, addr, size, 'read');
    if (this.log !== undefined) this.record(r, addr, size, false);
    switch (size) {
      case 1: return signed ? r.dv.getInt8(o) : r.bytes[o];
      case 2: return signed ? r.dv.getInt16(o, true) : r.dv.getUint16(o, true);
      default: return r.dv.getInt32(o, true);
    }
  }

  /** Loads 8 bytes; returns the low half and leaves the high half in hiOut. */
  load64(addr: number): number {
    const g = addr >= 0 ? this.granules[addr >>> GRANULE_BITS] : -1;
    const r = g === undefined || g < 0 ? undefined : this.regions[g];
    if (r === undefined || r.kind !== KIND_PLAIN) return this.loadSlow(r, addr, 8, false);
    const o = addr - r.base;
    if (o < r.lo || o + 8 > r.hi || (r.stride !== 0 && (o % r.stride) + 8 > r.limit)) this.boundsFault(r, addr, 8, 'read');
    if (this.log !== undefined) this.record(r, addr, 8, false);
    this.hiOut = r.dv.getInt32(o + 4, true);
    return r.dv.getInt32(o, true);
  }

  store(addr: number, size: number, lo: number, hi: number): void {
    const g = addr >= 0 ? this.granules[addr >>> GRANULE_BITS] : -1;
    const r = g === undefined || g < 0 ? undefined : this.regions[g];
    if (r === undefined || r.kind !== KIND_PLAIN || r.readonly) {
      this.storeSlow(r, addr, size, lo, hi);
      return;
    }
    const o = addr - r.base;
    if (o < r.lo || o + size > r.hi || (r.stride !== 0 && (o % r.stride) + size > r.limit)) this.boundsFault(r, addr, size, 'write');
    if (this.log !== undefined) this.record(r, addr, size, true);
    switch (size) {
      case 1: r.bytes[o] = lo; return;
      case 2: r.dv.setUint16(o, lo & 0xffff, true); return;
      case 4: r.dv.setInt32(o, lo, true); return;
      default:
        r.dv.setInt32(o, lo, true);
        r.dv.setInt32(o + 4, hi, true);
    }
  }

  /**
   * Checks [addr, addr+len) for a bulk access and returns the region and offset. Helpers and memcpy use it;
   * len 0 is allowed anywhere a region is.
   */
  span(addr: number, len: number, mode: 'read' | 'write'): { r: Region; off: number } {
    const off = this.spanAt(addr, len, mode);
    return { r: this.spanRegion!, off };
  }

  /** The region of the last spanAt. */
  spanRegion: Region | undefined;

  /** span() without a result object: returns the offset and leaves the region in spanRegion. */
  spanAt(addr: number, len: number, mode: 'read' | 'write'): number {
    const r = this.regionAt(addr);
    if (r !== undefined && mode === 'write' && r.readonly && r.own !== undefined) {
      r.own();
      if (!r.readonly) return this.spanAt(addr, len, mode);
    }
    if (r === undefined || r.kind !== KIND_PLAIN || (mode === 'write' && r.readonly)) {
      if (r?.kind === KIND_CTX) fault('memory', `${mode} of ${len} bytes inside the context struct: only field loads and stores are allowed`);
      this.invalid(r, addr, len, mode);
    }
    const o = addr - r.base;
    if (len < 0 || o < r.lo || o + len > r.hi || (r.stride !== 0 && len > 0 && (o % r.stride) + len > r.limit)) this.boundsFault(r, addr, len, mode);
    if (this.log !== undefined && len > 0) this.record(r, addr, len, mode === 'write');
    this.spanRegion = r;
    return o;
  }

  /** memcpy/memmove: overlapping ranges behave like memmove. */
  copy(dst: number, src: number, len: number): void {
    if (len === 0) return;
    const s = this.span(src, len, 'read');
    // Taken before the write check: owning a lent packet there swaps the region's bytes (not their contents).
    const from = s.r.bytes.subarray(s.off, s.off + len);
    const d = this.span(dst, len, 'write');
    d.r.bytes.set(from, d.off);
  }

  fill(dst: number, value: number, len: number): void {
    if (len === 0) return;
    const d = this.span(dst, len, 'write');
    d.r.bytes.fill(value & 0xff, d.off, d.off + len);
  }

  /** A view of [addr, addr+len) after the checks of span(). */
  view(addr: number, len: number, mode: 'read' | 'write'): Uint8Array {
    const { r, off } = this.span(addr, len, mode);
    return r.bytes.subarray(off, off + len);
  }

  private record(r: Region, addr: number, size: number, write: boolean): void {
    const access: MemAccess = { addr, size, write, region: r.name };
    // Most steps touch memory once: a one-element array, not an empty one grown by push (17 slots).
    if (this.log === NO_ACCESS) this.log = [access];
    else this.log!.push(access);
  }

  private loadSlow(r: Region | undefined, addr: number, size: number, signed: boolean): number {
    if (r !== undefined && r.kind === KIND_CTX && r.ctx) {
      if (this.log !== undefined) this.record(r, addr, size, false);
      const v = r.ctx.read(addr - r.base, size);
      this.hiOut = r.ctx.hiOut;
      if (size === 8) return v;
      return size === 4 || !signed ? v : size === 2 ? (v << 16) >> 16 : (v << 24) >> 24;
    }
    return this.invalid(r, addr, size, 'read');
  }

  private storeSlow(r: Region | undefined, addr: number, size: number, lo: number, hi: number): void {
    if (r !== undefined && r.kind === KIND_CTX && r.ctx) {
      if (this.log !== undefined) this.record(r, addr, size, true);
      r.ctx.write(addr - r.base, size, lo, hi);
      return;
    }
    if (r !== undefined && r.kind === KIND_PLAIN && r.readonly && r.own !== undefined) {
      r.own();
      if (!r.readonly) {
        this.store(addr, size, lo, hi);
        return;
      }
    }
    if (r !== undefined && r.kind === KIND_PLAIN && r.readonly) {
      fault('memory', `write of ${size} bytes to read-only ${r.where(addr - r.base)}`);
    }
    this.invalid(r, addr, size, 'write');
  }

  private invalid(r: Region | undefined, addr: number, size: number, mode: string): never {
    const what = `${mode} of ${size} byte${size === 1 ? '' : 's'}`;
    if (r === undefined) {
      if (addr >= 0 && addr < 4096) fault('memory', `null pointer dereference: ${what} at address ${addr}`);
      fault('memory', `${what} at 0x${(addr >>> 0).toString(16)}: not an address the program may use`);
    }
    if (r.kind === KIND_STALE) fault('memory', `${what} through a stale packet pointer: ${r.reason ?? 'the packet was changed'}; reload pointers from the context after such helpers`);
    if (r.kind === KIND_HANDLE) fault('memory', `${what} through ${r.where(addr - r.base)}: map and function handles cannot be dereferenced`);
    if (r.readonly) fault('memory', `${what} to read-only ${r.where(addr - r.base)}`);
    fault('memory', `${what} at ${r.where(addr - r.base)}: invalid access`);
  }

  private boundsFault(r: Region, addr: number, size: number, mode: string): never {
    const what = `${mode} of ${size} byte${size === 1 ? '' : 's'}`;
    fault('memory', `out-of-bounds ${what} at ${r.where(addr - r.base)}`);
  }
}
