// XDP packet helpers with the kernel's limits (net/core/filter.c):
// - adjust_head: data may move down to the end of the xdp_frame area plus the metadata, and up to 14 bytes
//   (ETH_HLEN) before data_end; metadata moves with it;
// - adjust_meta: data_meta may move down to the end of the xdp_frame area and up to data; the metadata length
//   must be a multiple of 4 and at most 255 (-EACCES otherwise);
// - adjust_tail: data_end may grow to the frame minus skb_shared_info (the new bytes zeroed) and shrink to 14
//   bytes after data; with fragments, growing uses the last fragment's room and shrinking eats fragments first;
// - load/store_bytes and get_buff_len see the fragments too.

import type { Machine } from '../machine';
import { ETH_HLEN, XDP_FRAME_HDR } from '../packet-setup';
import { HelperSpec, i32, needPtr, u32 } from './spec';

const EFAULT = 14;
const EINVAL = 22;
const EACCES = 13;
const PAGE = 4096;

const adjustHead: HelperSpec = {
  id: 44, name: 'bpf_xdp_adjust_head', types: ['xdp'], changesPacket: true,
  impl: m => {
    const p = m.pkt;
    const offset = i32(m, 1);
    const metalen = p.data - p.meta;
    const data = p.data + offset;
    if (data < XDP_FRAME_HDR + metalen || data > p.end - ETH_HLEN) return -EINVAL;
    if (metalen) p.buf.copyWithin(p.meta + offset, p.meta, p.meta + metalen);
    p.meta += offset;
    p.data = data;
    p.sync();
    return 0;
  },
};

const adjustMeta: HelperSpec = {
  id: 54, name: 'bpf_xdp_adjust_meta', types: ['xdp'], changesPacket: true,
  impl: m => {
    const p = m.pkt;
    const meta = p.meta + i32(m, 1);
    if (meta < XDP_FRAME_HDR || meta > p.data) return -EINVAL;
    const metalen = p.data - meta;
    if (metalen % 4 !== 0 || metalen > 255) return -EACCES;
    p.meta = meta;
    p.sync();
    return 0;
  },
};

const adjustTail: HelperSpec = {
  id: 65, name: 'bpf_xdp_adjust_tail', types: ['xdp'], changesPacket: true,
  impl: m => {
    const p = m.pkt;
    const offset = i32(m, 1);
    if (p.frags.length > 0) return offset < 0 ? shrinkFrags(m, -offset) : growFrags(m, offset);
    const end = p.end + offset;
    if (end > p.limit || end < p.data + ETH_HLEN) return -EINVAL;
    if (offset > 0) p.buf.fill(0, p.end, end);
    p.end = end;
    p.sync();
    return 0;
  },
};

function shrinkFrags(m: Machine, offset: number): number {
  const p = m.pkt;
  if (offset > p.length + p.fragsLength - ETH_HLEN) return -EINVAL;
  let left = offset;
  while (left > 0 && p.frags.length > 0) {
    const last = p.frags[p.frags.length - 1];
    const cut = Math.min(left, last.length);
    left -= cut;
    if (cut === last.length) p.frags.pop();
    else p.frags[p.frags.length - 1] = last.subarray(0, last.length - cut);
  }
  if (p.frags.length === 0) {
    p.end -= left;
    p.sync();
  }
  return 0;
}

function growFrags(m: Machine, offset: number): number {
  const p = m.pkt;
  const last = p.frags[p.frags.length - 1];
  if (offset > PAGE - last.length) return -EINVAL;
  const grown = new Uint8Array(last.length + offset);
  grown.set(last);
  p.frags[p.frags.length - 1] = grown;
  return 0;
}

const buffLen: HelperSpec = {
  id: 188, name: 'bpf_xdp_get_buff_len', types: ['xdp'],
  impl: m => m.pkt.length + m.pkt.fragsLength,
};

function bytesHelper(id: number, name: string, store: boolean): HelperSpec {
  return {
    id, name, types: ['xdp'],
    impl: m => {
      const off = u32(m, 1);
      const len = u32(m, 3);
      if (off > 0xffff || len > 0xffff) return -EFAULT;
      if (off + len > m.pkt.length + m.pkt.fragsLength) return -EINVAL;
      const io = m.mem.view(needPtr(m, 2, name, 'the buffer'), len, store ? 'read' : 'write');
      m.pkt.transfer(off, io, store);
      return 0;
    },
  };
}

export const XDP_HELPERS: HelperSpec[] = [
  adjustHead, adjustMeta, adjustTail, buffLen,
  bytesHelper(189, 'bpf_xdp_load_bytes', false),
  bytesHelper(190, 'bpf_xdp_store_bytes', true),
];
