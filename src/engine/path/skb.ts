// The sk_buff as the driver builds it. With a native XDP program the driver gives every frame a page and
// XDP_PACKET_HEADROOM (256 bytes) in front; build_skb then wraps that buffer, keeping whatever headroom the
// program left (bpf_xdp_adjust_head moves it) and the metadata it wrote. Without XDP the frame sits in half a
// page behind NET_SKB_PAD (64 bytes on x86-64). Either way skb_shared_info takes the buffer's last 320 bytes
// (SKB_DATA_ALIGN on x86-64), so `end` is the buffer size minus that; what does not fit goes into frags
// (data_len).

import type { SkbState } from './runner';
import type { SkbAllocStep } from './stages';

export const XDP_PACKET_HEADROOM = 256;
export const NET_SKB_PAD = 64;
const SHINFO_SIZE = 320;
const PAGE = 4096;
const HALF_PAGE = 2048;

export const PACKET_HOST = 0;
export const PACKET_BROADCAST = 1;
export const PACKET_MULTICAST = 2;
export const PACKET_OTHERHOST = 3;
const PKT_TYPE_NAMES = ['PACKET_HOST', 'PACKET_BROADCAST', 'PACKET_MULTICAST', 'PACKET_OTHERHOST'];

export interface SkbGeometry {
  headroom: number;
  len: number;
  linear: number;
  end: number;
}

/** Layout after build_skb: `xdpHeadroom` is the headroom XDP left, undefined when no native XDP program ran. */
export function skbGeometry(len: number, xdpHeadroom: number | undefined): SkbGeometry {
  const headroom = xdpHeadroom ?? NET_SKB_PAD;
  const end = (xdpHeadroom !== undefined ? PAGE : HALF_PAGE) - SHINFO_SIZE;
  const linear = Math.max(0, Math.min(len, end - headroom));
  return { headroom, len, linear, end };
}

/** pkt_type as eth_type_trans sets it from the destination MAC. */
export function pktTypeOf(frame: Uint8Array, ifaceMac: Uint8Array, hasMac: boolean): number {
  if (frame[0] === 0xff && frame[1] === 0xff && frame[2] === 0xff && frame[3] === 0xff && frame[4] === 0xff && frame[5] === 0xff) {
    return PACKET_BROADCAST;
  }
  if (frame[0] & 1) return PACKET_MULTICAST;
  if (!hasMac) return PACKET_HOST;
  for (let i = 0; i < 6; i++) if (frame[i] !== ifaceMac[i]) return PACKET_OTHERHOST;
  return PACKET_HOST;
}

export function pktTypeName(t: number): string {
  return PKT_TYPE_NAMES[t] ?? `${t}`;
}

export function etherTypeName(t: number): string {
  switch (t) {
    case 0x0800: return 'IPv4';
    case 0x86dd: return 'IPv6';
    case 0x0806: return 'ARP';
    case 0x8100: return '802.1Q';
    case 0x88a8: return '802.1ad';
    default: return `0x${t.toString(16).padStart(4, '0')}`;
  }
}

export function allocStep(g: SkbGeometry, metaLen: number, protocol: number, pktType: number): SkbAllocStep {
  return {
    stage: 'skb-alloc', head: 0, data: g.headroom, tail: g.headroom + g.linear, end: g.end, headroom: g.headroom,
    len: g.len, data_len: g.len - g.linear, data_meta: metaLen, protocol: etherTypeName(protocol), pkt_type: pktTypeName(pktType),
  };
}

/**
 * A received sk_buff's fields; VLAN tags are still in the frame (no RX VLAN offload is modelled). The driver's
 * skb_record_rx_queue stores the RX queue plus one in queue_mapping (0 means "not recorded"), which is what
 * a TC ingress program reads.
 */
export function newSkbState(g: SkbGeometry, protocol: number, pktType: number, ifindex: number, hash: number, queue: number, tNs: number): SkbState {
  return {
    len: g.len, data_len: g.len - g.linear, protocol, pkt_type: pktType, mark: 0, priority: 0, tc_classid: 0,
    queue_mapping: queue + 1, hash, ifindex, ingress_ifindex: ifindex, vlan_present: 0, vlan_tci: 0, vlan_proto: 0, gso_size: 0,
    gso_segs: 1, tstamp_ns: tNs,
  };
}
