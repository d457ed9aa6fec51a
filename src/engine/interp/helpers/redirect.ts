// Redirect helpers. They only record where the packet would go and answer the return code the kernel gives:
// - bpf_redirect: XDP_REDIRECT (XDP_ABORTED with flags) / TC_ACT_REDIRECT (TC_ACT_SHOT with bad flags);
// - bpf_redirect_map (XDP): XDP_REDIRECT if the devmap/cpumap/xskmap entry exists, otherwise the low two
//   bits of flags (the fallback action); unknown flags give XDP_ABORTED;
// - bpf_redirect_neigh / bpf_redirect_peer (TC): TC_ACT_REDIRECT, TC_ACT_SHOT for bad arguments.

import type { Machine } from '../machine';
import { MAP_CPUMAP, MAP_DEVMAP, MAP_DEVMAP_HASH, MAP_XSKMAP, TargetMap } from '../maps/target-maps';
import { mapArg } from './maps';
import { HelperSpec, num, u32, u64 } from './spec';

const XDP_ABORTED = 0;
const XDP_REDIRECT = 4;
const TC_ACT_SHOT = 2;
const TC_ACT_REDIRECT = 7;
const F_INGRESS = 1;
const F_BROADCAST = 8;
const F_EXCLUDE_INGRESS = 16;

const redirect: HelperSpec = {
  id: 23, name: 'bpf_redirect',
  impl: m => {
    const ifindex = u32(m, 0);
    const flags = num(m, 1);
    if (m.progType === 'xdp') {
      if (flags !== 0) return XDP_ABORTED;
      m.redirect = { helper: 'bpf_redirect', ifindex, flags };
      return XDP_REDIRECT;
    }
    if (!Number.isFinite(flags) || flags & ~F_INGRESS) return TC_ACT_SHOT;
    m.redirect = { helper: 'bpf_redirect', ifindex, flags };
    return TC_ACT_REDIRECT;
  },
};

const redirectMap: HelperSpec = {
  id: 51, name: 'bpf_redirect_map', types: ['xdp'],
  impl: m => {
    const map = mapArg(m, 0, 'bpf_redirect_map');
    const key = u32(m, 1);
    const flags = u64(m, 2);
    const t = map.info.type;
    const flagMask = t === MAP_DEVMAP || t === MAP_DEVMAP_HASH ? BigInt(F_BROADCAST | F_EXCLUDE_INGRESS) : 0n;
    if (flags & ~(3n | flagMask)) return XDP_ABORTED;
    if (!(map instanceof TargetMap) || (t !== MAP_DEVMAP && t !== MAP_DEVMAP_HASH && t !== MAP_CPUMAP && t !== MAP_XSKMAP)) return XDP_ABORTED;
    const kb = new Uint8Array(4);
    new DataView(kb.buffer).setUint32(0, key, true);
    const entry = map.get(kb);
    const broadcast = (flags & BigInt(F_BROADCAST)) !== 0n;
    if (!entry && !broadcast) {
      m.redirect = undefined;
      return Number(flags & 3n);
    }
    const info: Machine['redirect'] = { helper: 'bpf_redirect_map', map: map.info.name, key, flags: Number(flags) };
    if (entry && (t === MAP_DEVMAP || t === MAP_DEVMAP_HASH)) info.ifindex = new DataView(entry.buffer, entry.byteOffset).getUint32(0, true);
    if (t === MAP_CPUMAP) info.cpu = key;
    if (t === MAP_XSKMAP) info.queue = key;
    m.redirect = info;
    return XDP_REDIRECT;
  },
};

const redirectNeigh: HelperSpec = {
  id: 152, name: 'bpf_redirect_neigh', types: ['tc'],
  impl: m => {
    const plen = u32(m, 2);
    if ((plen !== 0 && plen < 20) || num(m, 3) !== 0) return TC_ACT_SHOT;
    m.redirect = { helper: 'bpf_redirect_neigh', ifindex: u32(m, 0), flags: 0 };
    return TC_ACT_REDIRECT;
  },
};

const redirectPeer: HelperSpec = {
  id: 155, name: 'bpf_redirect_peer', types: ['tc'],
  impl: m => {
    if (num(m, 1) !== 0) return TC_ACT_SHOT;
    m.redirect = { helper: 'bpf_redirect_peer', ifindex: u32(m, 0), flags: 0 };
    return TC_ACT_REDIRECT;
  },
};

export const REDIRECT_HELPERS: HelperSpec[] = [redirect, redirectMap, redirectNeigh, redirectPeer];
