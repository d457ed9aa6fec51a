// How a packet is laid out before the program runs, following BPF_PROG_TEST_RUN (net/bpf/test_run.c):
// - XDP: a 4096-byte frame; data at XDP_PACKET_HEADROOM (256) with data_meta == data; at most 3520 bytes
//   linear (the frame minus headroom minus skb_shared_info), the rest in page-sized fragments; data_end may
//   grow up to the frame minus skb_shared_info; the headroom is zeroed.
// - TC: an skb whose data starts after NET_SKB_PAD (64) bytes of headroom; protocol and pkt_type as
//   eth_type_trans() sets them for the receiving device (loopback's all-zero MAC unless configured).

import type { Machine } from './machine';
import type { PacketMeta } from './types';

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

export function setupXdp(m: Machine, bytes: Uint8Array, meta: PacketMeta): void {
  // The frame is reused: pointers from the last packet are stale anyway, and everything a program can reach
  // beyond the new data (headroom via adjust_head, tailroom via adjust_tail, which zeroes it) starts zeroed.
  const xdpFrame = m.pkt.scratch(XDP_FRAME_SIZE);
  xdpFrame.fill(0, 0, XDP_HEADROOM);
  const linear = Math.min(bytes.length, XDP_MAX_LINEAR);
  xdpFrame.set(bytes.subarray(0, linear), XDP_HEADROOM);
  const frags: Uint8Array[] = [];
  for (let at = linear; at < bytes.length; at += PAGE) frags.push(bytes.slice(at, Math.min(at + PAGE, bytes.length)));
  m.pkt.reset(xdpFrame, XDP_HEADROOM, XDP_HEADROOM, XDP_HEADROOM + linear, XDP_FRAME_SIZE - SHINFO_SIZE, frags);
  m.xdpCtx.state = { ingressIfindex: meta.ifindex ?? 1, rxQueue: meta.rxQueue ?? 0, egressIfindex: 0 };
}

export function setupTc(m: Machine, bytes: Uint8Array, meta: PacketMeta): void {
  const buf = m.pkt.scratch(TC_HEADROOM + bytes.length + SHINFO_SIZE);
  buf.fill(0);
  buf.set(bytes, TC_HEADROOM);
  m.pkt.reset(buf, TC_HEADROOM, TC_HEADROOM, TC_HEADROOM + bytes.length, buf.length - SHINFO_SIZE);
  const ifindex = meta.ifindex ?? 1;
  const dev = m.device(ifindex);
  const s = m.skbCtx.state;
  const et = ethTypeTrans(bytes, dev?.mac ?? new Uint8Array(6), dev?.broadcast ?? new Uint8Array(6));
  s.pktType = et.pktType;
  s.protocol = et.protocol;
  s.mark = meta.mark ?? 0;
  s.priority = meta.priority ?? 0;
  s.queueMapping = 0;
  s.vlanPresent = 0;
  s.vlanTci = 0;
  s.vlanProto = 0;
  s.ingressIfindex = meta.ingressIfindex ?? 0;
  s.ifindex = ifindex;
  s.tcIndex = 0;
  s.cb = new Uint8Array(20);
  (meta.cb ?? []).slice(0, 5).forEach((v, i) => new DataView(s.cb.buffer).setUint32(i * 4, v >>> 0, true));
  s.hash = 0;
  s.tcClassid = 0;
  s.napiId = 0;
  s.tstamp = meta.tstamp ?? 0n;
  s.wireLen = bytes.length;
  s.gsoSegs = 0;
  s.gsoSize = 0;
  s.tstampType = 0;
  s.hwtstamp = 0n;
  s.ipSummed = 0;
  s.csumLevel = 0;
  s.macOffset = 0;
  s.netOffset = ETH_HLEN;
  s.encapsulation = false;
}

/** eth_type_trans(): the skb's protocol (network byte order, as __sk_buff shows it) and packet type. */
export function ethTypeTrans(frame: Uint8Array, devMac: Uint8Array, broadcast: Uint8Array): { protocol: number; pktType: number } {
  let pktType = PACKET_HOST;
  const dst = frame.subarray(0, 6);
  if (!sameMac(dst, devMac)) {
    if (dst[0] & 1) pktType = sameMac(dst, broadcast) ? PACKET_BROADCAST : PACKET_MULTICAST;
    else pktType = PACKET_OTHERHOST;
  }
  const proto = ((frame[12] ?? 0) << 8) | (frame[13] ?? 0);
  let ethertype: number;
  if (proto >= 0x0600) ethertype = proto;
  else if (frame.length >= 16 && frame[14] === 0xff && frame[15] === 0xff) ethertype = 0x0001; // ETH_P_802_3
  else ethertype = 0x0004; // ETH_P_802_2
  return { protocol: ((ethertype & 0xff) << 8) | (ethertype >> 8), pktType };
}

function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 6; i++) if (a[i] !== b[i]) return false;
  return true;
}
