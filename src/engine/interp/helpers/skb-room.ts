// skb helpers that insert or remove room in the headers (TC), after net/core/filter.c and skbuff.c:
// - bpf_skb_adjust_room: grow or shrink at the MAC/network boundary (BPF_ADJ_ROOM_MAC) or after the L3 base
//   header (BPF_ADJ_ROOM_NET); new room is zeroed; only for IPv4/IPv6 skbs; encap flags set the skb's
//   protocol to the new outer L3 and mark it encapsulated; decap flags likewise for shrinking;
// - bpf_skb_change_proto: IPv4 <-> IPv6, inserting or removing 20 bytes after the MAC header;
// - bpf_skb_vlan_push / bpf_skb_vlan_pop: the hardware-accelerated tag (__sk_buff vlan_* fields) and in-band
//   tags, as skb_vlan_push / skb_vlan_pop move them (a push with a tag already present writes that tag into
//   the packet first; a pop removes the accelerated tag or the outermost in-band one, then lifts the next
//   in-band tag into the accelerated slot).

import type { Machine } from '../machine';
import { ETH_HLEN } from '../packet-setup';
import { HelperSpec, i32, num, u32, u64 } from './spec';
import { BPF_SKB_MAX_LEN, skbReserve } from './skb-data';

const EFAULT = 14;
const EINVAL = 22;
const EALREADY = 114;
const ENOMEM = 12;
const ENOTSUPP = 524;

/** EtherTypes as __sk_buff shows them (network byte order read as a little-endian number). */
const be16 = (v: number): number => ((v & 0xff) << 8) | (v >> 8);
const P_IP = be16(0x0800);
const P_IPV6 = be16(0x86dd);
const P_8021Q = be16(0x8100);
const P_8021AD = be16(0x88a8);

const ENCAP_L3_IPV4 = 1n << 1n;
const ENCAP_L3_IPV6 = 1n << 2n;
const ENCAP_L4_GRE = 1n << 3n;
const ENCAP_L4_UDP = 1n << 4n;
const NO_CSUM_RESET = 1n << 5n;
const ENCAP_L2_ETH = 1n << 6n;
const DECAP_L3_IPV4 = 1n << 7n;
const DECAP_L3_IPV6 = 1n << 8n;
const FIXED_GSO = 1n;
const ENCAP_L2_MASK = 0xffn << 56n;
const ENCAP_L3_MASK = ENCAP_L3_IPV4 | ENCAP_L3_IPV6;
const DECAP_L3_MASK = DECAP_L3_IPV4 | DECAP_L3_IPV6;
const ADJ_ROOM_MASK = FIXED_GSO | ENCAP_L3_MASK | ENCAP_L4_GRE | ENCAP_L4_UDP | ENCAP_L2_ETH | ENCAP_L2_MASK | DECAP_L3_MASK;

function netBaseLen(protocol: number): number {
  return protocol === P_IP ? 20 : protocol === P_IPV6 ? 40 : 0;
}

/** Inserts len zero bytes at offset off from data (bpf_skb_generic_push); headers stay put relative to data. */
function pushAt(m: Machine, off: number, len: number): void {
  skbReserve(m, len, 0);
  const p = m.pkt;
  p.data -= len;
  p.meta = p.data;
  p.buf.copyWithin(p.data, p.data + len, p.data + len + off);
  p.buf.fill(0, p.data + off, p.data + off + len);
  p.sync();
}

/** Removes len bytes at offset off from data (bpf_skb_generic_pop). */
function popAt(m: Machine, off: number, len: number): number {
  const p = m.pkt;
  if (off + len > p.length) return -ENOMEM;
  p.buf.copyWithin(p.data + len, p.data, p.data + off);
  p.data += len;
  p.meta = p.data;
  p.sync();
  return 0;
}

function resetChecksumUnnecessary(m: Machine): void {
  const s = m.skbCtx.state;
  if (s.ipSummed === 1) {
    s.ipSummed = 0;
    s.csumLevel = 0;
  }
}

const adjustRoom: HelperSpec = {
  id: 50, name: 'bpf_skb_adjust_room', types: ['tc'], changesPacket: true,
  impl: m => {
    const s = m.skbCtx.state;
    const lenDiff = i32(m, 1);
    const mode = u32(m, 2);
    const flags = u64(m, 3);
    const abs = Math.abs(lenDiff);
    const shrink = lenDiff < 0;
    let lenMin = netBaseLen(s.protocol);
    if (flags & ~(ADJ_ROOM_MASK | NO_CSUM_RESET)) return -EINVAL;
    if (abs > 0xfff) return -EFAULT;
    if (s.protocol !== P_IP && s.protocol !== P_IPV6) return -ENOTSUPP;
    let off = s.netOffset - s.macOffset;
    if (mode === 0) off += netBaseLen(s.protocol);
    else if (mode !== 1) return -ENOTSUPP;
    if (flags & DECAP_L3_MASK) {
      if (!shrink) return -EINVAL;
      const d = flags & DECAP_L3_MASK;
      if (d === DECAP_L3_IPV4) lenMin = 20;
      else if (d === DECAP_L3_IPV6) lenMin = 40;
      else return -EINVAL;
    }
    const lenCur = m.pkt.length - s.netOffset;
    if (shrink && (abs >= lenCur || lenCur - abs < lenMin)) return -ENOTSUPP;
    if (!shrink && m.pkt.length + abs > BPF_SKB_MAX_LEN) return -ENOTSUPP;
    const r = shrink ? netShrink(m, off, abs, flags) : netGrow(m, off, abs, flags);
    if (r === 0 && !(flags & NO_CSUM_RESET)) resetChecksumUnnecessary(m);
    return r;
  },
};

function netGrow(m: Machine, off: number, len: number, flags: bigint): number {
  const s = m.skbCtx.state;
  const encap = (flags & ENCAP_L3_MASK) !== 0n;
  const innerMacLen = Number(flags >> 56n);
  if (encap) {
    if ((flags & ENCAP_L3_IPV4) && (flags & ENCAP_L3_IPV6)) return -EINVAL;
    if ((flags & ENCAP_L4_GRE) && (flags & ENCAP_L4_UDP)) return -EINVAL;
    if ((flags & ENCAP_L2_ETH) && innerMacLen !== ETH_HLEN) return -EINVAL;
    if (s.encapsulation) return -EALREADY;
    if (innerMacLen > len) return -EINVAL;
  }
  const macLen = s.netOffset - s.macOffset;
  pushAt(m, off, len);
  if (encap) {
    s.encapsulation = true;
    s.netOffset = s.macOffset + macLen;
    if (s.protocol === P_IP && (flags & ENCAP_L3_IPV6)) s.protocol = P_IPV6;
    else if (s.protocol === P_IPV6 && (flags & ENCAP_L3_IPV4)) s.protocol = P_IP;
  }
  return 0;
}

function netShrink(m: Machine, off: number, len: number, flags: bigint): number {
  const s = m.skbCtx.state;
  if (flags & ~(FIXED_GSO | DECAP_L3_MASK | NO_CSUM_RESET)) return -EINVAL;
  const r = popAt(m, off, len);
  if (r) return r;
  if (s.protocol === P_IP && (flags & DECAP_L3_IPV6)) s.protocol = P_IPV6;
  else if (s.protocol === P_IPV6 && (flags & DECAP_L3_IPV4)) s.protocol = P_IP;
  return 0;
}

const changeProto: HelperSpec = {
  id: 31, name: 'bpf_skb_change_proto', types: ['tc'], changesPacket: true,
  impl: m => {
    if (num(m, 2) !== 0) return -EINVAL;
    const s = m.skbCtx.state;
    const to = u32(m, 1) & 0xffff;
    const off = s.netOffset - s.macOffset;
    if (s.protocol === P_IP && to === P_IPV6) {
      pushAt(m, off, 20);
      s.protocol = P_IPV6;
    } else if (s.protocol === P_IPV6 && to === P_IP) {
      const r = popAt(m, off, 20);
      if (r) return r;
      s.protocol = P_IP;
    } else {
      return -ENOTSUPP;
    }
    s.hash = 0;
    return 0;
  },
};

const isVlan = (proto: number): boolean => proto === P_8021Q || proto === P_8021AD;

/** Writes a tag after the MAC addresses (__vlan_insert_tag). */
function insertTag(m: Machine, proto: number, tci: number): void {
  pushAt(m, 12, 4);
  const b = m.pkt.buf;
  const at = m.pkt.data + 12;
  b[at] = proto & 0xff; // proto is already in network order as a little-endian number
  b[at + 1] = proto >> 8;
  b[at + 2] = (tci >> 8) & 0xff;
  b[at + 3] = tci & 0xff;
}

/** Removes the outermost in-band tag (__skb_vlan_pop); returns its TCI or a negative errno. */
function popInbandTag(m: Machine): number {
  const p = m.pkt;
  if (p.length < ETH_HLEN + 4) return -ENOMEM;
  const b = p.buf;
  const tci = (b[p.data + 14] << 8) | b[p.data + 15];
  const inner = (b[p.data + 16] << 8) | b[p.data + 17];
  popAt(m, 12, 4);
  const s = m.skbCtx.state;
  if (inner >= 0x0600) s.protocol = be16(inner);
  else if (p.length >= ETH_HLEN + 2 && b[p.data + 14] === 0xff && b[p.data + 15] === 0xff) s.protocol = be16(0x0001);
  else s.protocol = be16(0x0004);
  s.netOffset = Math.max(s.netOffset - 4, ETH_HLEN);
  return tci;
}

const vlanPush: HelperSpec = {
  id: 18, name: 'bpf_skb_vlan_push', types: ['tc'], changesPacket: true,
  impl: m => {
    const s = m.skbCtx.state;
    let proto = u32(m, 1) & 0xffff;
    const tci = u32(m, 2) & 0xffff;
    if (!isVlan(proto)) proto = P_8021Q;
    if (s.vlanPresent) {
      insertTag(m, s.vlanProto, s.vlanTci);
      s.protocol = s.vlanProto;
      s.netOffset += 4;
    }
    s.vlanPresent = 1;
    s.vlanProto = proto;
    s.vlanTci = tci;
    return 0;
  },
};

const vlanPop: HelperSpec = {
  id: 19, name: 'bpf_skb_vlan_pop', types: ['tc'], changesPacket: true,
  impl: m => {
    const s = m.skbCtx.state;
    if (s.vlanPresent) {
      s.vlanPresent = 0;
      s.vlanProto = 0;
      s.vlanTci = 0;
    } else {
      if (!isVlan(s.protocol)) return 0;
      const r = popInbandTag(m);
      if (r < 0) return r;
    }
    if (!isVlan(s.protocol)) return 0;
    const proto = s.protocol;
    const tci = popInbandTag(m);
    if (tci < 0) return tci;
    s.vlanPresent = 1;
    s.vlanProto = proto;
    s.vlanTci = tci;
    return 0;
  },
};

export const SKB_ROOM_HELPERS: HelperSpec[] = [adjustRoom, changeProto, vlanPush, vlanPop];
