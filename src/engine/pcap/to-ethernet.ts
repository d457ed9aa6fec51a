// Turns a captured packet into the Ethernet frame an XDP or TC program would see.
//
// The rule for packets that have no Ethernet header (raw IP, Linux cooked SLL/SLL2, BSD loopback): the link
// header (if any) is dropped and a 14-byte Ethernet header is put in front of the network-layer packet:
//   destination 02:00:00:00:00:02, source 02:00:00:00:00:01 (locally administered unicast), except that a
//   Linux cooked header's own sender address is used as the source when it is 6 bytes long;
//   EtherType 0x0800 / 0x86DD from the IP version (LINKTYPE_RAW: the first nibble; IPV4/IPV6: the link type;
//   loopback: the address family 2 = IPv4, 24/28/30 = IPv6), or the cooked header's protocol field. Cooked
//   802.2/802.3 payloads (protocol 4 or 1) get an 802.3 length field instead.
// Ethernet packets are returned as they are (a view, no copy); the others are built in a scratch buffer that
// the framer reuses, so a frame is valid until the next convert().

import { u16, u32be, u32le } from './bytes';
import {
  LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP,
  LINKTYPE_NULL, LINKTYPE_RAW, linkTypeLabel,
} from './linktype';

export const SYNTH_DST_MAC = Uint8Array.of(0x02, 0, 0, 0, 0, 0x02);
export const SYNTH_SRC_MAC = Uint8Array.of(0x02, 0, 0, 0, 0, 0x01);

const EMPTY = new Uint8Array(0);
const ETH_P_IP = 0x0800;
const ETH_P_IPV6 = 0x86dd;
const ETH_P_802_3 = 0x0001;
const ETH_P_802_2 = 0x0004;
const ARPHRD_NETLINK = 824;
const SLL_HEADER = 16;
const SLL2_HEADER = 20;

/** The part of a packet record framing needs. */
export interface FramingInput {
  linkType: number;
  capLen: number;
  buffer: Uint8Array;
  dataOffset: number;
}

export type FramingResult =
  | { ok: true; frame: Uint8Array; synthesized: boolean }
  | { ok: false; reason: string };

export class EthernetFramer {
  /** After a successful convert(): the frame, and whether its Ethernet header was made up. */
  frame: Uint8Array = EMPTY;
  synthesized = false;
  /** After a failed convert(): why. */
  reason = '';

  private scratch = new Uint8Array(2048);

  convert(rec: FramingInput): boolean {
    const b = rec.buffer;
    const p = rec.dataOffset;
    const n = rec.capLen;
    switch (rec.linkType) {
      case LINKTYPE_ETHERNET:
        this.frame = b.subarray(p, p + n);
        this.synthesized = false;
        return true;
      case LINKTYPE_RAW:
        return this.fromRawIp(rec, n > 0 ? b[p] >> 4 : -1);
      case LINKTYPE_IPV4:
        return this.build(rec, 0, ETH_P_IP, -1);
      case LINKTYPE_IPV6:
        return this.build(rec, 0, ETH_P_IPV6, -1);
      case LINKTYPE_LINUX_SLL:
        return this.fromSll(rec);
      case LINKTYPE_LINUX_SLL2:
        return this.fromSll2(rec);
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP:
        return this.fromLoopback(rec);
      default:
        return this.fail(`${linkTypeLabel(rec.linkType)} cannot be turned into Ethernet`);
    }
  }

  private fromRawIp(rec: FramingInput, version: number): boolean {
    if (version === 4) return this.build(rec, 0, ETH_P_IP, -1);
    if (version === 6) return this.build(rec, 0, ETH_P_IPV6, -1);
    if (version < 0) return this.fail('empty raw IP packet');
    return this.fail(`raw IP packet with IP version ${version}`);
  }

  private fromSll(rec: FramingInput): boolean {
    if (rec.capLen < SLL_HEADER) return this.fail(`Linux cooked header cut short (${rec.capLen} of 16 bytes)`);
    const b = rec.buffer;
    const p = rec.dataOffset;
    if (u16(b, p + 2, false) === ARPHRD_NETLINK) return this.fail('Linux cooked netlink message (not a network packet)');
    const addrLen = u16(b, p + 4, false);
    return this.fromCooked(rec, SLL_HEADER, u16(b, p + 14, false), addrLen === 6 ? p + 6 : -1);
  }

  private fromSll2(rec: FramingInput): boolean {
    if (rec.capLen < SLL2_HEADER) return this.fail(`Linux cooked v2 header cut short (${rec.capLen} of 20 bytes)`);
    const b = rec.buffer;
    const p = rec.dataOffset;
    if (u16(b, p + 8, false) === ARPHRD_NETLINK) return this.fail('Linux cooked netlink message (not a network packet)');
    return this.fromCooked(rec, SLL2_HEADER, u16(b, p, false), b[p + 11] === 6 ? p + 12 : -1);
  }

  private fromCooked(rec: FramingInput, header: number, protocol: number, srcAt: number): boolean {
    if (protocol >= 0x0600) return this.build(rec, header, protocol, srcAt);
    if (protocol === ETH_P_802_2 || protocol === ETH_P_802_3) {
      const len = rec.capLen - header;
      if (len <= 1500) return this.build(rec, header, len, srcAt);
    }
    return this.fail(`Linux cooked protocol 0x${protocol.toString(16).padStart(4, '0')} is not an EtherType`);
  }

  private fromLoopback(rec: FramingInput): boolean {
    if (rec.capLen < 4) return this.fail(`loopback header cut short (${rec.capLen} of 4 bytes)`);
    const b = rec.buffer;
    const p = rec.dataOffset;
    // LOOP is big-endian; NULL is in the capturing host's order, so a value with high bits set was the other order.
    let family = rec.linkType === LINKTYPE_LOOP ? u32be(b, p) : u32le(b, p);
    if (rec.linkType === LINKTYPE_NULL && family > 0xffff) family = u32be(b, p);
    if (family === 2) return this.build(rec, 4, ETH_P_IP, -1);
    if (family === 24 || family === 28 || family === 30) return this.build(rec, 4, ETH_P_IPV6, -1);
    return this.fail(`loopback address family ${family} is neither IPv4 (2) nor IPv6 (24, 28, 30)`);
  }

  /** Writes dst, src, type/length, then the packet from `header` bytes in, into the scratch buffer. */
  private build(rec: FramingInput, header: number, typeOrLength: number, srcAt: number): boolean {
    const payload = rec.capLen - header;
    const size = 14 + payload;
    if (this.scratch.length < size) this.scratch = new Uint8Array(Math.max(size, this.scratch.length * 2));
    const out = this.scratch;
    const b = rec.buffer;
    out.set(SYNTH_DST_MAC, 0);
    if (srcAt >= 0) out.set(b.subarray(srcAt, srcAt + 6), 6);
    else out.set(SYNTH_SRC_MAC, 6);
    out[12] = typeOrLength >> 8;
    out[13] = typeOrLength & 0xff;
    const from = rec.dataOffset + header;
    out.set(b.subarray(from, from + payload), 14);
    this.frame = out.subarray(0, size);
    this.synthesized = true;
    return true;
  }

  private fail(reason: string): boolean {
    this.reason = reason;
    this.frame = EMPTY;
    this.synthesized = false;
    return false;
  }
}

/** One-off form of EthernetFramer.convert: the frame is a fresh copy when synthesised. */
export function toEthernet(rec: FramingInput): FramingResult {
  const f = new EthernetFramer();
  if (!f.convert(rec)) return { ok: false, reason: f.reason };
  return { ok: true, frame: f.synthesized ? f.frame.slice() : f.frame, synthesized: f.synthesized };
}
