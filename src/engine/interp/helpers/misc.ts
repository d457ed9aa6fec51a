// Small helpers: reading memory by address (bpf_probe_read_kernel and its _str form, which fail softly with
// -EFAULT and a zeroed buffer like the kernel's nofault copies), string compare, and socket lookups, which find
// no socket (none is modelled) and so answer NULL.

import type { Machine } from '../machine';
import { fault } from '../fault';
import { HelperSpec, needPtr, ptr, u32 } from './spec';

const EFAULT = 14;

/** Bytes at an address if the whole range is readable plain memory, else undefined. */
function readable(m: Machine, addr: number, n: number): Uint8Array | undefined {
  const r = m.mem.regionAt(addr);
  if (!r || r.kind !== 0) return undefined;
  const off = addr - r.base;
  if (off < r.lo || off + n > r.hi) return undefined;
  return r.bytes.subarray(off, off + n);
}

const probeRead = (id: number, name: string): HelperSpec => ({
  id, name,
  impl: m => {
    const size = u32(m, 1);
    const dst = m.mem.view(needPtr(m, 0, name, 'the destination'), size, 'write');
    const src = readable(m, ptr(m, 2), size);
    if (!src) {
      dst.fill(0);
      return -EFAULT;
    }
    dst.set(src);
    return 0;
  },
});

const probeReadStr = (id: number, name: string): HelperSpec => ({
  id, name,
  impl: m => {
    const size = u32(m, 1);
    const dst = m.mem.view(needPtr(m, 0, name, 'the destination'), size, 'write');
    if (size === 0) return 0;
    const addr = ptr(m, 2);
    const r = m.mem.regionAt(addr);
    if (!r || r.kind !== 0 || addr - r.base < r.lo || addr - r.base >= r.hi) {
      dst.fill(0);
      return -EFAULT;
    }
    const off = addr - r.base;
    const avail = r.bytes.subarray(off, Math.min(r.hi, off + size - 1));
    const nul = avail.indexOf(0);
    const s = nul < 0 ? avail : avail.subarray(0, nul);
    dst.set(s);
    dst[s.length] = 0;
    return s.length + 1;
  },
});

const strncmp: HelperSpec = {
  id: 182, name: 'bpf_strncmp',
  impl: m => {
    const n = u32(m, 1);
    const a = m.mem.view(needPtr(m, 0, 'bpf_strncmp', 's1'), n, 'read');
    const bAddr = needPtr(m, 2, 'bpf_strncmp', 's2');
    for (let i = 0; i < n; i++) {
      const ca = a[i];
      const cb = m.mem.view(bAddr + i, 1, 'read')[0];
      if (ca !== cb) return ca < cb ? -1 : 1;
      if (ca === 0) return 0;
    }
    return 0;
  },
};

const noSocket = (id: number, name: string): HelperSpec => ({ id, name, impl: () => 0 });

export const MISC_HELPERS: HelperSpec[] = [
  probeRead(113, 'bpf_probe_read_kernel'),
  probeReadStr(115, 'bpf_probe_read_kernel_str'),
  strncmp,
  noSocket(84, 'bpf_sk_lookup_tcp'),
  noSocket(85, 'bpf_sk_lookup_udp'),
  noSocket(99, 'bpf_skc_lookup_tcp'),
  { id: 86, name: 'bpf_sk_release', impl: () => 0 },
  // These take a socket, which no lookup here ever returns (and the verifier demands a non-NULL one): only a
  // --force run can reach them.
  needsSocket(100, 'bpf_tcp_check_syncookie'),
  needsSocket(110, 'bpf_tcp_gen_syncookie'),
  needsSocket(124, 'bpf_sk_assign'),
];

function needsSocket(id: number, name: string): HelperSpec {
  return { id, name, impl: () => fault('helper', `${name} needs a socket, and the interpreter models none`) };
}
