// bpf_fib_lookup answered from the configured route table (PrepareOptions.routes), and bpf_check_mtu from the
// configured devices. struct bpf_fib_lookup (64 bytes): family @0, l4_protocol @1, sport @2, dport @4,
// tot_len / mtu_result @6, ifindex @8, tos / flowinfo / rt_metric @12, src @16, dst @32, h_vlan_proto @48,
// h_vlan_TCI @50, smac @52, dmac @58. On success ifindex, smac and dmac are filled in (and dst becomes the
// gateway when the route has one); FRAG_NEEDED when tot_len exceeds the route MTU (mtu_result set).

import { parseMac } from '../machine';
import type { RouteConfig } from '../types';
import { HelperSpec, i32, needPtr, num, u32 } from './spec';

const EINVAL = 22;
const ENODEV = 19;
const EAFNOSUPPORT = 97;
const AF_INET = 2;
const AF_INET6 = 10;
const FIB_SIZE = 64;
const LOOKUP_FLAGS = 0x3f;
const SKIP_NEIGH = 4;

const RET = { SUCCESS: 0, BLACKHOLE: 1, UNREACHABLE: 2, PROHIBIT: 3, NOT_FWDED: 4, NO_NEIGH: 7, FRAG_NEEDED: 8 };

export interface ParsedPrefix {
  family: 4 | 6;
  bytes: Uint8Array;
  len: number;
}

export function parseAddress(s: string): { family: 4 | 6; bytes: Uint8Array } | undefined {
  if (s.includes(':')) {
    const [head, tail] = s.split('::');
    const part = (x: string | undefined): number[] => (x ? x.split(':').map(h => parseInt(h, 16)) : []);
    const a = part(head);
    const b = tail === undefined ? [] : part(tail);
    const groups = tail === undefined ? a : [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
    if (groups.length !== 8 || groups.some(g => !(g >= 0 && g <= 0xffff))) return undefined;
    const bytes = new Uint8Array(16);
    groups.forEach((g, i) => { bytes[i * 2] = g >> 8; bytes[i * 2 + 1] = g & 0xff; });
    return { family: 6, bytes };
  }
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some(p => !(p >= 0 && p <= 255))) return undefined;
  return { family: 4, bytes: Uint8Array.from(parts) };
}

export function parsePrefix(s: string): ParsedPrefix | undefined {
  const [addr, len] = s.split('/');
  const a = parseAddress(addr);
  if (!a) return undefined;
  const max = a.bytes.length * 8;
  const n = len === undefined ? max : Number(len);
  if (!(n >= 0 && n <= max)) return undefined;
  return { ...a, len: n };
}

function matches(p: ParsedPrefix, addr: Uint8Array): boolean {
  for (let bit = 0; bit < p.len; bit++) {
    const mask = 0x80 >> (bit & 7);
    if ((p.bytes[bit >> 3] & mask) !== (addr[bit >> 3] & mask)) return false;
  }
  return true;
}

function bestRoute(routes: readonly RouteConfig[], family: 4 | 6, dst: Uint8Array): RouteConfig | undefined {
  let best: RouteConfig | undefined;
  let bestLen = -1;
  for (const r of routes) {
    const p = parsePrefix(r.dst);
    if (!p || p.family !== family || p.len <= bestLen || !matches(p, dst)) continue;
    best = r;
    bestLen = p.len;
  }
  return best;
}

const fibLookup: HelperSpec = {
  id: 69, name: 'bpf_fib_lookup',
  impl: m => {
    if (u32(m, 2) < FIB_SIZE) return -EINVAL;
    const flags = num(m, 3);
    if (!Number.isFinite(flags) || flags & ~LOOKUP_FLAGS) return -EINVAL;
    const p = m.mem.view(needPtr(m, 1, 'bpf_fib_lookup', 'params'), FIB_SIZE, 'write');
    const dv = new DataView(p.buffer, p.byteOffset, FIB_SIZE);
    const family = p[0] === AF_INET ? 4 : p[0] === AF_INET6 ? 6 : 0;
    if (family === 0) return -EAFNOSUPPORT;
    const dst = p.slice(32, family === 4 ? 36 : 48);
    const route = bestRoute(m.routes, family, dst);
    if (!route || route.kind === 'local') return RET.NOT_FWDED;
    if (route.kind === 'blackhole') return RET.BLACKHOLE;
    if (route.kind === 'unreachable') return RET.UNREACHABLE;
    if (route.kind === 'prohibit') return RET.PROHIBIT;
    const dev = m.device(route.ifindex);
    if (!dev) return RET.NOT_FWDED;
    const mtu = route.mtu ?? dev.mtu;
    const totLen = dv.getUint16(6, true);
    if (totLen > 0 && totLen > mtu) {
      dv.setUint16(6, mtu, true);
      return RET.FRAG_NEEDED;
    }
    dv.setUint32(8, route.ifindex, true);
    dv.setUint32(12, 0, true);
    const gw = route.gateway ? parseAddress(route.gateway) : undefined;
    if (gw && gw.family === family) p.set(gw.bytes, 32);
    dv.setUint32(48, 0, true);
    if (flags & SKIP_NEIGH) return RET.SUCCESS;
    if (!route.neighMac) return RET.NO_NEIGH;
    p.set(parseMac(route.neighMac), 58);
    p.set(dev.mac, 52);
    return RET.SUCCESS;
  },
};

const checkMtu: HelperSpec = {
  id: 163, name: 'bpf_check_mtu',
  impl: m => {
    const flags = num(m, 4);
    const lenDiff = i32(m, 3);
    const mtuPtr = needPtr(m, 2, 'bpf_check_mtu', 'mtu_len');
    const io = m.mem.view(mtuPtr, 4, 'write');
    const dv = new DataView(io.buffer, io.byteOffset, 4);
    const ifindex = u32(m, 1);
    const devIndex = ifindex === 0 ? (m.progType === 'xdp' ? m.xdpCtx.state.ingressIfindex : m.skbCtx.state.ifindex) : ifindex;
    const dev = m.device(devIndex);
    const hard = 14;
    if (m.progType === 'xdp') {
      if (flags !== 0) return -EINVAL;
      if (!dev) return -ENODEV;
      let len = m.pkt.length;
      const inLen = dv.getUint32(0, true);
      if (inLen) len = inLen + hard;
      len += lenDiff;
      dv.setUint32(0, dev.mtu, true);
      return len > dev.mtu + hard ? 1 : 0;
    }
    if (!Number.isFinite(flags) || flags & ~1 || (flags & 1 && (lenDiff || dv.getUint32(0, true)))) return -EINVAL;
    if (!dev) return -ENODEV;
    const inLen = dv.getUint32(0, true);
    const len = (inLen ? inLen + hard : m.pkt.length) + lenDiff;
    dv.setUint32(0, dev.mtu, true);
    return len <= dev.mtu + hard ? 0 : 1;
  },
};

export const FIB_HELPERS: HelperSpec[] = [fibLookup, checkMtu];
