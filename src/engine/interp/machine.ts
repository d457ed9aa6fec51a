// Everything a prepared program runs against: the address space, the maps, the packet and context models, the
// stack, devices and routes, and the per-packet outputs the helpers fill in. Maps and globals persist across
// packets; runPacket resets the rest.

import type { Range } from '../diagnostics';
import type { ProgramType } from '../ir/ir';
import { SkbCtx } from './ctx-skb';
import { XdpCtx, XDP_MD_SIZE } from './ctx-xdp';
import { AddressSpace, KIND_CTX, KIND_HANDLE, Region } from './memory';
import type { MapHost } from './maps/map';
import { MapRegistry } from './maps/registry';
import type { RingbufMap } from './maps/ringbuf';
import { Packet } from './packet';
import { SourceNames } from './source-names';
import type { DeviceConfig, MemAccess, PacketEvent, PrepareOptions, RedirectInfo, RouteConfig, StepInfo } from './types';

/** Shared "none yet" values of the per-packet outputs; never pushed to. */
export const NO_LINES: string[] = [];
export const NO_EVENTS: PacketEvent[] = [];

type FrameSlots = ReadonlyArray<{ name: string; offset: number; size: number }>;

/** Room for nested frames; the kernel allows 512 bytes in all, the verifier checks that. */
const STACK_SIZE = 64 * 1024;
const FUNC_HANDLE_STRIDE = 16;

export interface Device {
  ifindex: number;
  name: string;
  mtu: number;
  mac: Uint8Array;
  /** The link-layer broadcast address (loopback's is all zeroes, so eth_type_trans calls ff:ff:... multicast). */
  broadcast: Uint8Array;
}

/** A compiled function as the executor and the helpers that call back into programs see it. */
export interface FuncRef {
  readonly name: string;
  readonly index: number;
}

export interface ProgramRef {
  name: string;
  type: ProgramType;
  entry: FuncRef;
}

/**
 * What the programs of one object share when attached together: the address space their maps and globals live
 * in, and the maps (one map fd, as libbpf loads them). The maps answer per-CPU lookups for the CPU of the
 * machine that made them, so whoever runs a sharing machine sets `cpuIndex` on that one too.
 */
export interface SharedMaps {
  mem: AddressSpace;
  maps: MapRegistry;
}

export class Machine implements MapHost {
  readonly mem: AddressSpace;
  readonly maps: MapRegistry;
  readonly pkt: Packet;
  readonly xdpCtx: XdpCtx;
  readonly skbCtx: SkbCtx;
  readonly ctxRegion: Region;
  readonly stack: Region;
  readonly funcHandles: Region;
  readonly names: SourceNames;
  readonly cpus: number;
  cpuIndex: number;
  readonly devices = new Map<number, Device>();
  readonly routes: RouteConfig[];
  /** Helper arguments of the call being made (low and high halves). */
  readonly argLo = new Int32Array(5);
  readonly argHi = new Int32Array(5);
  retLo = 0;
  retHi = 0;
  /** Top of the free stack (frames grow down). */
  sp = 0;
  /**
   * Call frames, outermost first (the first depthFrames are live): which function (an id from frameId) and
   * its frame pointer, as numbers, so pushing a frame stores no object. At most MAX_CALL_DEPTH are live.
   */
  readonly frameIds = new Int32Array(16);
  readonly frameFps = new Int32Array(16);
  private readonly frameKinds: Array<{ fn: string; slots: FrameSlots }> = [];
  private readonly frameKindIds = new Map<FrameSlots, Map<string, number>>();
  depthFrames = 0;
  steps = 0;
  budget: number;
  lastLoop: Range | undefined;
  /** This packet's printk lines and events; the shared empty arrays until the first one (no allocation per packet). */
  printk: string[] = NO_LINES;
  readonly printkLimit: number;
  events: PacketEvent[] = NO_EVENTS;
  redirect: RedirectInfo | undefined;
  tailCalls = 0;
  /** The packet's capture time, as seconds and nanoseconds; tsNs makes the BigInt only when a helper asks. */
  private tsSec = 0;
  private tsNsec = 0;
  private tsBig: bigint | undefined = 0n;
  rng0 = 0;
  rng1 = 0;
  programs: ProgramRef[] = [];
  /** Compiled functions by index (function handles name them). */
  funcs: FuncRef[] = [];
  /** Read-only scratch memory for keys handed to callbacks (bpf_for_each_map_elem). */
  readonly scratch: Region;
  /** Memory accesses of the current step, when a step hook is installed. */
  traceLog: MemAccess[] | undefined;
  onStep: ((s: StepInfo) => void | 'stop') | undefined;
  /** Where the running helper call is, for messages about packet changes. */
  callSite = '';

  constructor(readonly progType: ProgramType, opts: PrepareOptions, shared?: SharedMaps) {
    this.mem = shared?.mem ?? new AddressSpace();
    this.cpus = Math.max(1, Math.floor(opts.cpus ?? 1));
    this.cpuIndex = Math.min(Math.max(0, Math.floor(opts.cpu ?? 0)), this.cpus - 1);
    this.budget = opts.budget ?? 1_000_000;
    this.printkLimit = opts.printkLimit ?? 1000;
    this.names = new SourceNames(opts.files ?? []);
    this.routes = opts.routes ?? [];
    this.seed(opts.seed ?? 1);
    this.maps = shared?.maps ?? new MapRegistry(this);
    this.pkt = new Packet(this.mem);
    this.xdpCtx = new XdpCtx(this.pkt);
    this.skbCtx = new SkbCtx(this.pkt);
    this.ctxRegion = this.must(this.mem.alloc({
      name: progType === 'xdp' ? 'xdp_md' : '__sk_buff',
      size: progType === 'xdp' ? XDP_MD_SIZE : 192,
      kind: KIND_CTX,
      ctx: progType === 'xdp' ? this.xdpCtx : this.skbCtx,
    }));
    // A little room above the top, so running off the outermost frame is named as a stack access.
    this.stack = this.must(this.mem.alloc({ name: 'stack', size: STACK_SIZE + 4096, where: off => this.stackWhere(off) }));
    this.funcHandles = this.must(this.mem.alloc({ name: 'function handles', size: 64 * 1024, kind: KIND_HANDLE, where: off => `function handle ${off / FUNC_HANDLE_STRIDE}` }));
    this.scratch = this.must(this.mem.alloc({ name: 'callback key', size: 4096, readonly: true }));
    this.resetStack();
    this.addDevices(opts.devices ?? []);
  }

  cpu(): number {
    return this.cpuIndex;
  }

  get ctxAddr(): number {
    return this.ctxRegion.base;
  }

  funcHandle(index: number): number {
    return this.funcHandles.base + index * FUNC_HANDLE_STRIDE;
  }

  /** Index of the function a handle names, or -1. */
  funcIndex(addr: number): number {
    const off = addr - this.funcHandles.base;
    return off >= 0 && off % FUNC_HANDLE_STRIDE === 0 && off < this.funcHandles.size ? off / FUNC_HANDLE_STRIDE : -1;
  }

  /** A number naming a function's frame layout, for pushFrameId. */
  frameId(fn: string, slots: FrameSlots): number {
    let byName = this.frameKindIds.get(slots);
    if (!byName) this.frameKindIds.set(slots, (byName = new Map()));
    let id = byName.get(fn);
    if (id === undefined) {
      id = this.frameKinds.length;
      this.frameKinds.push({ fn, slots });
      byName.set(fn, id);
    }
    return id;
  }

  pushFrame(fn: string, slots: FrameSlots, fp: number): void {
    this.pushFrameId(this.frameId(fn, slots), fp);
  }

  pushFrameId(id: number, fp: number): void {
    const d = this.depthFrames;
    this.frameIds[d] = id;
    this.frameFps[d] = fp;
    this.depthFrames = d + 1;
  }

  resetStack(): void {
    this.depthFrames = 0;
    this.sp = this.stack.base + STACK_SIZE;
    this.stack.lo = STACK_SIZE;
    this.stack.hi = STACK_SIZE;
  }

  private get hasRingbuf(): boolean {
    return this.maps.ringbufs > 0;
  }

  /** Per-packet state back to a clean start (maps and globals stay). */
  get tsNs(): bigint {
    if (this.tsBig === undefined) this.tsBig = BigInt(this.tsSec) * 1_000_000_000n + BigInt(this.tsNsec);
    return this.tsBig;
  }

  set tsNs(v: bigint) {
    this.tsBig = v;
  }

  /** Sets the capture time without making a BigInt. */
  setTime(sec: number, nsec: number): void {
    this.tsSec = sec;
    this.tsNsec = nsec;
    this.tsBig = undefined;
  }

  resetPacketState(tsNs: bigint): void {
    this.steps = 0;
    this.lastLoop = undefined;
    this.printk = NO_LINES;
    this.events = NO_EVENTS;
    this.redirect = undefined;
    this.tailCalls = 0;
    this.tsNs = tsNs;
    this.resetStack();
    if (this.hasRingbuf) for (const m of this.maps.maps) if (m.info.type === 27) (m as RingbufMap).abandon();
  }

  addPrintk(line: string): void {
    if (this.printk === NO_LINES) this.printk = [];
    if (this.printk.length < this.printkLimit) this.printk.push(line);
  }

  addEvent(e: PacketEvent): void {
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push(e);
  }

  device(ifindex: number): Device | undefined {
    // Every packet asks for its device: the last answer is kept (devices are only added by the constructor).
    if (ifindex === this.lastDevIndex) return this.lastDev;
    this.lastDevIndex = ifindex;
    this.lastDev = this.devices.get(ifindex);
    return this.lastDev;
  }

  private lastDevIndex = -1;
  private lastDev: Device | undefined = undefined;

  /** xorshift64-style generator on two 32-bit words: deterministic for a seed. */
  random32(): number {
    let s1 = this.rng0;
    const s0 = this.rng1;
    this.rng0 = s0;
    s1 ^= s1 << 23;
    s1 ^= s1 >>> 17;
    s1 ^= s0;
    s1 ^= s0 >>> 26;
    this.rng1 = s1 | 0;
    return (this.rng1 + s0) >>> 0;
  }

  private seed(seed: number): void {
    // SplitMix-style scrambling so small seeds give unrelated streams.
    let z = (seed | 0) + 0x9e3779b9;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    this.rng0 = (z ^ (z >>> 16)) | 1;
    this.rng1 = Math.imul(this.rng0, 0x27d4eb2d) | 0;
  }

  private addDevices(devs: DeviceConfig[]): void {
    this.devices.set(1, { ifindex: 1, name: 'lo', mtu: 65536, mac: new Uint8Array(6), broadcast: new Uint8Array(6) });
    for (const d of devs) {
      const lo = d.ifindex === 1;
      this.devices.set(d.ifindex, {
        ifindex: d.ifindex,
        name: d.name ?? (lo ? 'lo' : `if${d.ifindex}`),
        mtu: d.mtu ?? (lo ? 65536 : 1500),
        mac: parseMac(d.mac),
        broadcast: lo ? new Uint8Array(6) : new Uint8Array(6).fill(0xff),
      });
    }
  }

  /** "fp-12 of parse (slot 'hdr', 8 bytes)": the innermost frame holding the address. */
  private stackWhere(off: number): string {
    const addr = this.stack.base + off;
    const frame = (i: number) => ({ ...this.frameKinds[this.frameIds[i]], fp: this.frameFps[i] });
    const outer = this.depthFrames > 0 ? frame(0) : undefined;
    if (outer && addr >= outer.fp) return `fp+${addr - outer.fp} of ${outer.fn} (above the stack)`;
    for (let i = this.depthFrames - 1; i >= 0; i--) {
      const f = frame(i);
      if (addr >= f.fp || (i > 0 ? false : addr < this.sp)) continue;
      const below = f.fp - addr;
      const slot = f.slots.find(s => below <= s.offset && below > s.offset - s.size);
      return `fp-${below} of ${f.fn}${slot ? ` (in '${slot.name}', ${slot.size} bytes at fp-${slot.offset})` : ''}`;
    }
    const inner = this.depthFrames > 0 ? frame(this.depthFrames - 1) : undefined;
    return inner ? `fp-${inner.fp - addr} of ${inner.fn} (outside its ${inner.fp - this.sp}-byte frame)` : `stack offset ${off}`;
  }

  private must(r: Region | undefined): Region {
    if (!r) throw new Error('address space exhausted');
    return r;
  }
}

export function parseMac(s: string | undefined): Uint8Array {
  const out = new Uint8Array(6);
  if (!s) return out;
  const parts = s.split(/[:-]/);
  for (let i = 0; i < 6 && i < parts.length; i++) out[i] = parseInt(parts[i], 16) & 0xff;
  return out;
}
