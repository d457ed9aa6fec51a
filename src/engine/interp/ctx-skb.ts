// struct __sk_buff as a TC (SCHED_CLS) program sees it, with the kernel's access rules for that program type:
// narrow loads of plain 4-byte fields, exact loads of the packet pointers and 8-byte fields, the socket fields
// (family .. local_port) off limits, and stores only to mark, queue_mapping, priority, tc_index, cb[],
// tc_classid and tstamp.

import { fault } from './fault';
import type { CtxModel } from './memory';
import type { Packet } from './packet';

export const SK_BUFF_SIZE = 192;

export interface SkbState {
  pktType: number;
  mark: number;
  queueMapping: number;
  /** skb->protocol as the program reads it: the EtherType in network byte order. */
  protocol: number;
  vlanPresent: number;
  vlanTci: number;
  /** In network byte order, like protocol. */
  vlanProto: number;
  priority: number;
  ingressIfindex: number;
  ifindex: number;
  tcIndex: number;
  cb: Uint8Array;
  hash: number;
  tcClassid: number;
  napiId: number;
  tstamp: bigint;
  wireLen: number;
  gsoSegs: number;
  gsoSize: number;
  tstampType: number;
  hwtstamp: bigint;
  /** CHECKSUM_NONE (0) or CHECKSUM_UNNECESSARY (1), and the latter's level (bpf_csum_level). */
  ipSummed: number;
  csumLevel: number;
  /** mac_header and network_header relative to data; skb->encapsulation. */
  macOffset: number;
  netOffset: number;
  encapsulation: boolean;
}

export function freshSkbState(): SkbState {
  return {
    pktType: 0, mark: 0, queueMapping: 0, protocol: 0, vlanPresent: 0, vlanTci: 0, vlanProto: 0, priority: 0,
    ingressIfindex: 0, ifindex: 1, tcIndex: 0, cb: new Uint8Array(20), hash: 0, tcClassid: 0, napiId: 0,
    tstamp: 0n, wireLen: 0, gsoSegs: 0, gsoSize: 0, tstampType: 0, hwtstamp: 0n, ipSummed: 0, csumLevel: 0,
    macOffset: 0, netOffset: 14, encapsulation: false,
  };
}

const CB_START = 48;
const CB_END = 68;
const SOCK_FIELDS_START = 88;
const SOCK_FIELDS_END = 140;

export class SkbCtx implements CtxModel {
  hiOut = 0;
  readonly state: SkbState = freshSkbState();
  /** state.cb as five 32-bit words (host order), for clearing it per packet, and as a DataView. */
  readonly cbWords: Int32Array;
  readonly cbView: DataView;

  constructor(private readonly pkt: Packet) {
    const cb = this.state.cb;
    this.cbWords = new Int32Array(cb.buffer, cb.byteOffset, 5);
    this.cbView = new DataView(cb.buffer, cb.byteOffset, 20);
  }

  read(off: number, size: number): number {
    this.hiOut = 0;
    this.checkCommon(off, size, 'load');
    if (off >= CB_START && off < CB_END) return this.readCb(off - CB_START, size);
    switch (off) {
      case 76: case 80: case 140:
        if (size !== 4) this.deny(off, size, 'load', 'packet pointers are read with 4-byte loads');
        return this.pkt.addr(off === 76 ? this.pkt.data : off === 80 ? this.pkt.end : this.pkt.meta);
      case 152: return this.read64(off, size, this.state.tstamp);
      case 184: return this.read64(off, size, this.state.hwtstamp);
      case 168:
        if (size !== 8) this.deny(off, size, 'load', 'skb->sk is an 8-byte pointer');
        return 0; // no socket is modelled
      case 180:
        if (size !== 1) this.deny(off, size, 'load', 'tstamp_type is one byte');
        return this.state.tstampType;
      default:
        break;
    }
    if (off === 144 || (off > 180 && off < 184)) this.deny(off, size, 'load', 'not readable from TC');
    const base = off & ~3;
    if (size > 4 || off + size > base + 4) this.deny(off, size, 'load', 'narrow loads must stay inside one 4-byte field');
    const v = this.field(base);
    const shifted = v >>> ((off - base) * 8);
    return size === 4 ? v | 0 : size === 2 ? shifted & 0xffff : shifted & 0xff;
  }

  write(off: number, size: number, lo: number, hi: number): void {
    this.checkCommon(off, size, 'store');
    if (off >= CB_START && off < CB_END) {
      this.writeCb(off - CB_START, size, lo, hi);
      return;
    }
    if (off === 152) {
      if (size !== 8) this.deny(off, size, 'store', 'tstamp is written with an 8-byte store');
      this.state.tstamp = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      return;
    }
    if (size !== 4) this.deny(off, size, 'store', 'fields are written with 4-byte stores');
    const s = this.state;
    switch (off) {
      case 8: s.mark = lo >>> 0; return;
      case 32: s.priority = lo >>> 0; return;
      case 44: s.tcIndex = lo & 0xffff; return;
      case 72: s.tcClassid = lo & 0xffff; return;
      case 12:
        // The kernel stores a u16 and skips values >= NO_QUEUE_MAPPING (0xffff).
        if (lo >>> 0 < 0xffff) s.queueMapping = lo & 0xffff;
        return;
      default:
        this.deny(off, size, 'store', 'TC programs may write only mark, queue_mapping, priority, tc_index, cb[], tc_classid and tstamp');
    }
  }

  private field(off: number): number {
    const s = this.state;
    switch (off) {
      case 0: return this.pkt.length + this.pkt.fragsLength;
      case 4: return s.pktType;
      case 8: return s.mark;
      case 12: return s.queueMapping;
      case 16: return s.protocol;
      case 20: return s.vlanPresent;
      case 24: return s.vlanTci;
      case 28: return s.vlanProto;
      case 32: return s.priority;
      case 36: return s.ingressIfindex;
      case 40: return s.ifindex;
      case 44: return s.tcIndex;
      case 68: return s.hash;
      case 72: return s.tcClassid;
      case 84: return s.napiId;
      case 160: return s.wireLen;
      case 164: return s.gsoSegs;
      case 176: return s.gsoSize;
      default: return this.deny(off, 4, 'load', 'no such field');
    }
  }

  private checkCommon(off: number, size: number, what: 'load' | 'store'): void {
    if (off < 0 || off + size > SK_BUFF_SIZE || off % size !== 0) this.deny(off, size, what, 'outside __sk_buff or misaligned');
    if (off >= SOCK_FIELDS_START && off < SOCK_FIELDS_END) this.deny(off, size, what, 'family .. local_port are for socket programs, not TC');
  }

  private read64(off: number, size: number, v: bigint): number {
    if (size !== 8) this.deny(off, size, 'load', 'this field is read with an 8-byte load');
    this.hiOut = Number(BigInt.asIntN(32, v >> 32n));
    return Number(BigInt.asIntN(32, v));
  }

  private readCb(at: number, size: number): number {
    const cb = this.state.cb;
    const dv = new DataView(cb.buffer, cb.byteOffset, cb.byteLength);
    if (at + size > 20) this.deny(CB_START + at, size, 'load', 'past cb[4]');
    switch (size) {
      case 1: return cb[at];
      case 2: return dv.getUint16(at, true);
      case 4: return dv.getInt32(at, true);
      default:
        this.hiOut = dv.getInt32(at + 4, true);
        return dv.getInt32(at, true);
    }
  }

  private writeCb(at: number, size: number, lo: number, hi: number): void {
    const cb = this.state.cb;
    const dv = new DataView(cb.buffer, cb.byteOffset, cb.byteLength);
    if (at + size > 20) this.deny(CB_START + at, size, 'store', 'past cb[4]');
    switch (size) {
      case 1: cb[at] = lo; return;
      case 2: dv.setUint16(at, lo & 0xffff, true); return;
      case 4: dv.setInt32(at, lo, true); return;
      default:
        dv.setInt32(at, lo, true);
        dv.setInt32(at + 4, hi, true);
    }
  }

  private deny(off: number, size: number, what: string, why: string): never {
    return fault('memory', `invalid __sk_buff ${what} of ${size} bytes at offset ${off}: ${why} (kernel: invalid bpf_context access off=${off} size=${size})`);
  }
}
