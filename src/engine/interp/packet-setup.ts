// How a packet is laid out before the program runs, following BPF_PROG_TEST_RUN (net/bpf/test_run.c):
// - XDP: a 4096-byte frame; data at XDP_PACKET_HEADROOM (256) with data_meta == data; at most 3520 bytes
//   linear (the frame minus headroom minus skb_shared_info), the rest in page-sized fragments; data_end may
//   grow up to the frame minus skb_shared_info; the headroom is zeroed.
// - TC: an skb whose data starts after NET_SKB_PAD (64) bytes of headroom; protocol and pkt_type as
//   eth_type_trans() sets them for the receiving device (loopback's all-zero MAC unless configured).

import type { SkbState } from './ctx-skb';
import type { Machine } from './machine';
import type { Packet } from './packet';
import type { PacketMeta, SkbInit } from './types';

export const XDP_HEADROOM = 256;
export const XDP_FRAME_SIZE = 4096;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64. */
export const SHINFO_SIZE = 320;
/** sizeof(struct xdp_frame): the part of the headroom adjust_head and adjust_meta may not enter. */
export const XDP_FRAME_HDR = 40;
export const XDP_MAX_LINEAR = XDP_FRAME_SIZE - XDP_HEADROOM - SHINFO_SIZE;
const PAGE = 4096;
export const TC_HEADROOM = 64;
export const ETH_HLEN = 14;

const PACKET_HOST = 0;
const PACKET_BROADCAST = 1;
const PACKET_MULTICAST = 2;
const PACKET_OTHERHOST = 3;

const NO_FRAGS: Uint8Array[] = [];
const NO_META: PacketMeta = {};

export function setupXdp(m: Machine, bytes: Uint8Array, meta: PacketMeta): void {
  setupXdpFrom(m, bytes, 0, bytes.length, meta);
}

/**
 * setupXdp for the bytes [off, off+len) of a larger buffer (a capture reader's), without a view of them: a
 * packet that fits the linear part is lent (run in place, copied only if something writes or moves it).
 */
export function setupXdpFrom(m: Machine, src: Uint8Array, off: number, len: number, meta: PacketMeta = NO_META): void {
  const p = m.pkt;
  if (len <= XDP_MAX_LINEAR && p.lendable) p.lend(src, off, len, XDP_HEADROOM, ownXdpFrame);
  else ownXdpFrame(p, src, off, len);
  const s = m.xdpCtx.state;
  s.ingressIfindex = meta.ifindex ?? 1;
  s.rxQueue = meta.rxQueue ?? 0;
  s.egressIfindex = 0;
}

/** The packet copied into the reused frame, as test_run lays it out. */
function ownXdpFrame(p: Packet, src: Uint8Array, off: number, len: number): void {
  // The frame is reused: pointers from the last packet are stale anyway, and everything a program can reach
  // beyond the new data (headroom via adjust_head, tailroom via adjust_tail, which zeroes it) starts zeroed.
  // Only a packet-moving helper can leave bytes in the headroom, so it is cleared only after one ran.
  const xdpFrame = p.scratch(XDP_FRAME_SIZE);
  if (p.dirty) {
    xdpFrame.fill(0, 0, XDP_HEADROOM);
    p.dirty = false;
  }
  const linear = Math.min(len, XDP_MAX_LINEAR);
  xdpFrame.set(off === 0 && linear === src.length ? src : src.subarray(off, off + linear), XDP_HEADROOM);
  let frags = NO_FRAGS;
  if (linear < len) {
    frags = [];
    for (let at = linear; at < len; at += PAGE) frags.push(src.slice(off + at, off + Math.min(at + PAGE, len)));
  }
  p.reset(xdpFrame, XDP_HEADROOM, XDP_HEADROOM, XDP_HEADROOM + linear, XDP_FRAME_SIZE - SHINFO_SIZE, frags);
}

export function setupTc(m: Machine, bytes: Uint8Array, meta: PacketMeta): void {
  setupTcFrom(m, bytes, 0, bytes.length, meta);
}

/** setupTc for the bytes [off, off+len) of a larger buffer: lent (see packet.ts) unless XDP metadata comes first. */
export function setupTcFrom(m: Machine, src: Uint8Array, off: number, len: number, meta: PacketMeta = NO_META): void {
  const p = m.pkt;
  if (!meta.dataMeta && p.lendable) p.lend(src, off, len, TC_HEADROOM, ownTcFrame);
  else copyTcFrame(p, src, off, len, meta.dataMeta);
  skbState(m, src, off, len, meta);
}

function ownTcFrame(p: Packet, src: Uint8Array, off: number, len: number): void {
  copyTcFrame(p, src, off, len, undefined);
}

/** The packet copied into a zeroed skb buffer: headroom, XDP metadata if any, data, skb_shared_info. */
function copyTcFrame(p: Packet, src: Uint8Array, off: number, len: number, dataMeta: Uint8Array | undefined): void {
  // XDP metadata sits right in front of the frame, as skb_metadata_len bytes of the skb's headroom.
  const metaLen = dataMeta?.length ?? 0;
  const head = TC_HEADROOM + metaLen;
  const buf = p.scratch(head + len + SHINFO_SIZE);
  buf.fill(0);
  if (dataMeta) buf.set(dataMeta, TC_HEADROOM);
  buf.set(off === 0 && len === src.length ? src : src.subarray(off, off + len), head);
  p.reset(buf, TC_HEADROOM, head, head + len, buf.length - SHINFO_SIZE);
}

const NO_MAC = new Uint8Array(6);

/** The __sk_buff fields test_run starts a packet with. */
function skbState(m: Machine, src: Uint8Array, off: number, len: number, meta: PacketMeta): void {
  const ifindex = meta.ifindex ?? 1;
  const dev = m.device(ifindex);
  const s = m.skbCtx.state;
  s.pktType = dev === undefined ? pktTypeOf(src, off, len, NO_MAC, NO_MAC) : pktTypeOf(src, off, len, dev.mac, dev.broadcast);
  s.protocol = protocolOf(src, off, len);
  s.mark = meta.mark ?? 0;
  s.priority = meta.priority ?? 0;
  s.queueMapping = 0;
  s.vlanPresent = 0;
  s.vlanTci = 0;
  s.vlanProto = 0;
  s.ingressIfindex = meta.ingressIfindex ?? 0;
  s.ifindex = ifindex;
  s.tcIndex = 0;
  // cb is 20 bytes: five word stores beat fill()'s call on every packet.
  const cb = m.skbCtx.cbWords;
  cb[0] = 0;
  cb[1] = 0;
  cb[2] = 0;
  cb[3] = 0;
  cb[4] = 0;
  if (meta.cb) meta.cb.slice(0, 5).forEach((v, i) => new DataView(s.cb.buffer, s.cb.byteOffset).setUint32(i * 4, v >>> 0, true));
  s.hash = 0;
  s.tcClassid = 0;
  s.napiId = 0;
  s.tstamp = meta.tstamp ?? 0n;
  s.wireLen = len;
  s.gsoSegs = 0;
  s.gsoSize = 0;
  s.tstampType = 0;
  s.hwtstamp = 0n;
  if (meta.skb) applySkbInit(s, meta.skb);
  s.ipSummed = 0;
  s.csumLevel = 0;
  s.macOffset = 0;
  s.netOffset = ETH_HLEN;
  s.encapsulation = false;
}

function applySkbInit(s: SkbState, k: SkbInit): void {
  if (k.pktType !== undefined) s.pktType = k.pktType;
  if (k.hash !== undefined) s.hash = k.hash >>> 0;
  if (k.queueMapping !== undefined) s.queueMapping = k.queueMapping & 0xffff;
  if (k.vlanPresent !== undefined) s.vlanPresent = k.vlanPresent;
  if (k.vlanTci !== undefined) s.vlanTci = k.vlanTci & 0xffff;
  if (k.vlanProto !== undefined) s.vlanProto = k.vlanProto & 0xffff;
  if (k.gsoSegs !== undefined) s.gsoSegs = k.gsoSegs;
  if (k.gsoSize !== undefined) s.gsoSize = k.gsoSize;
}

/** eth_type_trans(): the skb's protocol (network byte order, as __sk_buff shows it) and packet type. */
export function ethTypeTrans(frame: Uint8Array, devMac: Uint8Array, broadcast: Uint8Array): { protocol: number; pktType: number } {
  return { protocol: protocolOf(frame, 0, frame.length), pktType: pktTypeOf(frame, 0, frame.length, devMac, broadcast) };
}

/** eth_type_trans's packet type for the frame at src[off, off+len) (bytes past the frame count as missing). */
function pktTypeOf(src: Uint8Array, off: number, len: number, devMac: Uint8Array, broadcast: Uint8Array): number {
  if (sameMac(src, off, len, devMac)) return PACKET_HOST;
  if (len > 0 && src[off] & 1) return sameMac(src, off, len, broadcast) ? PACKET_BROADCAST : PACKET_MULTICAST;
  return PACKET_OTHERHOST;
}

function protocolOf(src: Uint8Array, off: number, len: number): number {
  const proto = ((len > 12 ? src[off + 12] : 0) << 8) | (len > 13 ? src[off + 13] : 0);
  let ethertype: number;
  if (proto >= 0x0600) ethertype = proto;
  else if (len >= 16 && src[off + 14] === 0xff && src[off + 15] === 0xff) ethertype = 0x0001; // ETH_P_802_3
  else ethertype = 0x0004; // ETH_P_802_2
  return ((ethertype & 0xff) << 8) | (ethertype >> 8);
}

/** Whether the destination MAC (the frame's first 6 bytes; a shorter frame never matches) is `mac`. */
function sameMac(src: Uint8Array, off: number, len: number, mac: Uint8Array): boolean {
  if (len < 6) return false;
  for (let i = 0; i < 6; i++) if (src[off + i] !== mac[i]) return false;
  return true;
}
