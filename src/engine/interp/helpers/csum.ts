// Checksum helpers. bpf_l3_csum_replace and bpf_l4_csum_replace patch a 16-bit checksum in the packet with
// the kernel's arithmetic (flags: field size 0 = a precomputed diff, 2 or 4; BPF_F_MARK_MANGLED_0 keeps a
// zero UDP checksum at zero unless BPF_F_MARK_ENFORCE, and turns a computed zero into 0xffff;
// BPF_F_PSEUDO_HDR and BPF_F_IPV6 only matter for skb->csum, which a CHECKSUM_NONE skb - what test_run
// builds and what this model has - does not keep). bpf_csum_diff answers the folded 16-bit sum like
// kernels since 6.12. bpf_csum_update needs CHECKSUM_COMPLETE and so answers -ENOTSUPP; bpf_csum_level
// follows skb->ip_summed between NONE and UNNECESSARY.

import {
  csumFrom32to16, csumPartial, csumReplace2, csumReplace4, csumReplaceByDiff, csumSub, inetProtoCsumReplace4,
} from '../csum';
import type { Machine } from '../machine';
import { HelperSpec, num, ptr, u32, u64 } from './spec';

const EFAULT = 14;
const EINVAL = 22;
const EACCES = 13;
const ENOTSUPP = 524;

const F_HDR_FIELD_MASK = 0xf;
const F_PSEUDO_HDR = 0x10;
const F_MARK_MANGLED_0 = 0x20;
const F_MARK_ENFORCE = 0x40;
const F_IPV6 = 0x80;

/** Offset of the checksum word in the frame after the kernel's checks, or a negative errno. */
function csumWord(m: Machine, offset: number): number {
  if (offset > 0xffff || offset & 1) return -EFAULT;
  if (offset + 2 > m.pkt.length) return -EFAULT;
  return m.pkt.data + offset;
}

function readWord(m: Machine, at: number): number {
  return m.pkt.buf[at] | (m.pkt.buf[at + 1] << 8);
}

function writeWord(m: Machine, at: number, v: number): void {
  m.pkt.buf[at] = v & 0xff;
  m.pkt.buf[at + 1] = (v >> 8) & 0xff;
}

const l3: HelperSpec = {
  id: 10, name: 'bpf_l3_csum_replace', types: ['tc'], changesPacket: true,
  impl: m => {
    const flags = u64(m, 4);
    if (flags & ~BigInt(F_HDR_FIELD_MASK)) return -EINVAL;
    const at = csumWord(m, u32(m, 1));
    if (at < 0) return at;
    const from = u64(m, 2);
    const to = u64(m, 3);
    const sum = readWord(m, at);
    switch (Number(flags) & F_HDR_FIELD_MASK) {
      case 0:
        if (from !== 0n) return -EINVAL;
        writeWord(m, at, csumReplaceByDiff(sum, Number(to & 0xffffffffn)));
        return 0;
      case 2: writeWord(m, at, csumReplace2(sum, Number(from & 0xffffn), Number(to & 0xffffn))); return 0;
      case 4: writeWord(m, at, csumReplace4(sum, Number(from & 0xffffffffn), Number(to & 0xffffffffn))); return 0;
      default: return -EINVAL;
    }
  },
};

const l4: HelperSpec = {
  id: 11, name: 'bpf_l4_csum_replace', types: ['tc'], changesPacket: true,
  impl: m => {
    const flags64 = u64(m, 4);
    const allowed = BigInt(F_MARK_MANGLED_0 | F_MARK_ENFORCE | F_PSEUDO_HDR | F_HDR_FIELD_MASK | F_IPV6);
    if (flags64 & ~allowed) return -EINVAL;
    const flags = Number(flags64);
    const at = csumWord(m, u32(m, 1));
    if (at < 0) return at;
    const mangled0 = (flags & F_MARK_MANGLED_0) !== 0;
    const sum = readWord(m, at);
    if (mangled0 && !(flags & F_MARK_ENFORCE) && sum === 0) return 0;
    const from = u64(m, 2);
    const to = u64(m, 3);
    let out: number;
    switch (flags & F_HDR_FIELD_MASK) {
      case 0:
        if (from !== 0n) return -EINVAL;
        out = csumReplaceByDiff(sum, Number(to & 0xffffffffn));
        break;
      case 2: out = inetProtoCsumReplace4(sum, Number(from & 0xffffn), Number(to & 0xffffn)); break;
      case 4: out = inetProtoCsumReplace4(sum, Number(from & 0xffffffffn), Number(to & 0xffffffffn)); break;
      default: return -EINVAL;
    }
    if (mangled0 && out === 0) out = 0xffff;
    writeWord(m, at, out);
    return 0;
  },
};

const csumDiff: HelperSpec = {
  id: 28, name: 'bpf_csum_diff',
  impl: m => {
    const fromSize = u32(m, 1);
    const toSize = u32(m, 3);
    const seed = u32(m, 4);
    const bytes = (i: number, n: number): Uint8Array => (n === 0 ? new Uint8Array(0) : m.mem.view(ptr(m, i), n, 'read'));
    let ret = seed;
    if (fromSize && toSize) ret = csumSub(csumPartial(bytes(2, toSize), ret), csumPartial(bytes(0, fromSize), 0));
    else if (toSize) ret = csumPartial(bytes(2, toSize), ret);
    else if (fromSize) ret = ~csumPartial(bytes(0, fromSize), ~ret >>> 0) >>> 0;
    return csumFrom32to16(ret);
  },
};

const csumUpdate: HelperSpec = { id: 40, name: 'bpf_csum_update', types: ['tc'], impl: () => -ENOTSUPP };

const csumLevel: HelperSpec = {
  id: 135, name: 'bpf_csum_level', types: ['tc'],
  impl: m => {
    const s = m.skbCtx.state;
    switch (num(m, 1)) {
      case 0: return s.ipSummed === 1 ? s.csumLevel : -EACCES;
      case 1:
        if (s.ipSummed === 1) s.csumLevel = Math.min(s.csumLevel + 1, 3);
        else { s.ipSummed = 1; s.csumLevel = 0; }
        return 0;
      case 2:
        if (s.ipSummed === 1) {
          if (s.csumLevel === 0) s.ipSummed = 0;
          else s.csumLevel--;
        }
        return 0;
      case 3:
        if (s.ipSummed === 1) { s.ipSummed = 0; s.csumLevel = 0; }
        return 0;
      default: return -EINVAL;
    }
  },
};

export const CSUM_HELPERS: HelperSpec[] = [l3, l4, csumDiff, csumUpdate, csumLevel];
