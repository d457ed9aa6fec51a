// skb data helpers (TC): load/store bytes, load relative to the MAC or network header, pull, change_tail and
// change_head, and the skb hash helpers. The skb is always linear here (as BPF_PROG_TEST_RUN builds it), so
// "pull" only checks the length. BPF_F_RECOMPUTE_CSUM on store_bytes updates skb->csum in the kernel only
// for CHECKSUM_COMPLETE skbs; these are CHECKSUM_NONE, so it changes nothing observable.

import { csumPartial } from '../csum';
import type { Machine } from '../machine';
import { SHINFO_SIZE, TC_HEADROOM } from '../packet-setup';
import { HelperSpec, needPtr, num, u32 } from './spec';

const EFAULT = 14;
const EINVAL = 22;
const ENOMEM = 12;
const INT_MAX = 0x7fffffff;
/** SKB_MAX_ALLOC: the largest skb the resizing helpers build. */
export const BPF_SKB_MAX_LEN = 16384 - SHINFO_SIZE;

const F_RECOMPUTE_CSUM = 1;
const F_INVALIDATE_HASH = 2;

/** Makes sure there are `head` bytes before data and `tail` bytes after data_end, reallocating if needed. */
export function skbReserve(m: Machine, head: number, tail: number): void {
  const p = m.pkt;
  if (p.data >= head && p.buf.length - p.end >= tail) return;
  const newHead = Math.max(head, TC_HEADROOM);
  const len = p.end - p.data;
  const buf = new Uint8Array(newHead + len + Math.max(tail, SHINFO_SIZE));
  buf.set(p.buf.subarray(p.data, p.end), newHead);
  p.setBuffer(buf);
  p.meta = newHead;
  p.data = newHead;
  p.end = newHead + len;
  p.limit = buf.length;
  p.sync();
}

function clear(io: Uint8Array): number {
  io.fill(0);
  return -EFAULT;
}

const loadBytes: HelperSpec = {
  id: 26, name: 'bpf_skb_load_bytes', types: ['tc'],
  impl: m => {
    const off = u32(m, 1);
    const len = u32(m, 3);
    const io = m.mem.view(needPtr(m, 2, 'bpf_skb_load_bytes', 'the buffer'), len, 'write');
    if (off > INT_MAX || off + len > m.pkt.length) return clear(io);
    io.set(m.pkt.buf.subarray(m.pkt.data + off, m.pkt.data + off + len));
    return 0;
  },
};

const loadBytesRelative: HelperSpec = {
  id: 68, name: 'bpf_skb_load_bytes_relative', types: ['tc'],
  impl: m => {
    const off = u32(m, 1);
    const len = u32(m, 3);
    const io = m.mem.view(needPtr(m, 2, 'bpf_skb_load_bytes_relative', 'the buffer'), len, 'write');
    const s = m.skbCtx.state;
    if (off > 0xffff) return clear(io);
    const start = num(m, 4);
    let from: number;
    if (start === 0) from = s.macOffset + off;
    else if (start === 1) from = s.netOffset + off;
    else return clear(io);
    if (from < s.macOffset || from + len > m.pkt.length) return clear(io);
    io.set(m.pkt.buf.subarray(m.pkt.data + from, m.pkt.data + from + len));
    return 0;
  },
};

const storeBytes: HelperSpec = {
  id: 9, name: 'bpf_skb_store_bytes', types: ['tc'], changesPacket: true,
  impl: m => {
    const flags = num(m, 4);
    if (!Number.isFinite(flags) || flags & ~(F_RECOMPUTE_CSUM | F_INVALIDATE_HASH)) return -EINVAL;
    const off = u32(m, 1);
    const len = u32(m, 3);
    const from = m.mem.view(needPtr(m, 2, 'bpf_skb_store_bytes', 'the source'), len, 'read');
    if (off > INT_MAX || off + len > m.pkt.length) return -EFAULT;
    m.pkt.buf.set(from, m.pkt.data + off);
    if (flags & F_INVALIDATE_HASH) m.skbCtx.state.hash = 0;
    return 0;
  },
};

const pullData: HelperSpec = {
  id: 39, name: 'bpf_skb_pull_data', types: ['tc'], changesPacket: true,
  impl: m => (u32(m, 1) > m.pkt.length ? -ENOMEM : 0),
};

/** __bpf_skb_min_len: the network header offset (no transport header or CHECKSUM_PARTIAL here). */
function minLen(m: Machine): number {
  return Math.max(0, m.skbCtx.state.netOffset);
}

const changeTail: HelperSpec = {
  id: 38, name: 'bpf_skb_change_tail', types: ['tc'], changesPacket: true,
  impl: m => {
    const newLen = u32(m, 1);
    if (num(m, 2) !== 0 || newLen > BPF_SKB_MAX_LEN || newLen < minLen(m)) return -EINVAL;
    if (m.skbCtx.state.encapsulation) return -524;
    const p = m.pkt;
    const len = p.length;
    if (newLen > len) {
      skbReserve(m, 0, newLen - len);
      p.end = p.data + newLen;
    } else {
      p.end = p.data + newLen;
    }
    p.sync();
    return 0;
  },
};

const changeHead: HelperSpec = {
  id: 43, name: 'bpf_skb_change_head', types: ['tc'], changesPacket: true,
  impl: m => {
    const room = u32(m, 1);
    const p = m.pkt;
    const newLen = p.length + room;
    if (num(m, 2) !== 0 || newLen > BPF_SKB_MAX_LEN || newLen < p.length) return -EINVAL;
    skbReserve(m, room, 0);
    p.data -= room;
    p.meta = p.data;
    p.buf.fill(0, p.data, p.data + room);
    p.sync();
    const s = m.skbCtx.state;
    s.netOffset += room;
    s.macOffset = 0;
    return 0;
  },
};

/** A deterministic stand-in for the kernel's flow hash (which is keyed by a random per-boot secret). */
function flowHash(m: Machine): number {
  const h = csumPartial(m.pkt.dataView().subarray(0, 54), 0x9e3779b9);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0 || 1;
}

const hashRecalc: HelperSpec = {
  id: 34, name: 'bpf_get_hash_recalc', types: ['tc'],
  impl: m => {
    const s = m.skbCtx.state;
    if (s.hash === 0) s.hash = flowHash(m);
    return s.hash;
  },
};

const setHashInvalid: HelperSpec = {
  id: 41, name: 'bpf_set_hash_invalid', types: ['tc'],
  impl: m => {
    m.skbCtx.state.hash = 0;
    return 0;
  },
};

const setHash: HelperSpec = {
  id: 48, name: 'bpf_set_hash', types: ['tc'],
  impl: m => {
    m.skbCtx.state.hash = u32(m, 1);
    return 0;
  },
};

export const SKB_DATA_HELPERS: HelperSpec[] = [
  loadBytes, loadBytesRelative, storeBytes, pullData, changeTail, changeHead, hashRecalc, setHashInvalid, setHash,
];
