// What the interpreter's helpers see of the scenario's machine: its interfaces as devices (bpf_redirect targets,
// bpf_check_mtu, the smac of bpf_fib_lookup) and its routing tables flattened into the one longest-prefix list
// bpf_fib_lookup reads. The kernel consults the local table before the main table, so a main route that a local
// route covers can never answer and is left out; among equal prefixes the local route, then the lower metric, wins.

import { formatIP, formatMac, parseIP, parsePrefix, type Prefix } from '../path/addr';
import type { Scenario } from '../path/scenario-types';
import type { Iface, Topology } from '../path/topology';
import type { DeviceConfig, RouteConfig } from '../interp/types';

export function interpDevices(topo: Topology): DeviceConfig[] {
  return topo.ifaces.map(itf => {
    const d: DeviceConfig = { ifindex: itf.ifindex, name: itf.name, mtu: itf.mtu };
    if (itf.hasMac) d.mac = formatMac(itf.mac);
    return d;
  });
}

interface Entry {
  prefix: Prefix;
  route: RouteConfig;
  local: boolean;
  metric: number;
}

/** Addresses every Linux host routes locally whatever its interfaces (the kernel's fixed local table part). */
const FIXED_LOCAL = ['127.0.0.0/8', '::1/128', '224.0.0.0/4', 'ff00::/8', '255.255.255.255/32'];

function network(p: Prefix): Prefix {
  const addr = p.addr.slice();
  for (let bit = p.len; bit < addr.length * 8; bit++) addr[bit >> 3] &= ~(0x80 >> (bit & 7));
  return { addr, len: p.len };
}

function text(p: Prefix): string {
  return `${formatIP(p.addr)}/${p.len}`;
}

function covers(outer: Prefix, inner: Prefix): boolean {
  if (outer.addr.length !== inner.addr.length || outer.len > inner.len) return false;
  for (let bit = 0; bit < outer.len; bit++) {
    const mask = 0x80 >> (bit & 7);
    if ((outer.addr[bit >> 3] & mask) !== (inner.addr[bit >> 3] & mask)) return false;
  }
  return true;
}

function connectedDev(topo: Topology, addr: Uint8Array): Iface | undefined {
  return topo.ifaces.find(i => i.addresses.some(a => a.addr.length === addr.length && covers(network(a), { addr, len: addr.length * 8 })));
}

function entry(prefix: Prefix, route: Omit<RouteConfig, 'dst'>, local: boolean, metric = 0): Entry {
  const p = network(prefix);
  return { prefix: p, route: { dst: text(p), ...route }, local, metric };
}

export function interpRoutes(topo: Topology, s: Scenario): RouteConfig[] {
  const out: Entry[] = [];
  for (const t of FIXED_LOCAL) out.push(entry(parsePrefix(t) as Prefix, { ifindex: 1, kind: 'local' }, true));
  for (const itf of topo.ifaces) {
    for (const a of itf.addresses) {
      out.push(entry({ addr: a.addr, len: a.addr.length * 8 }, { ifindex: itf.ifindex, kind: 'local' }, true));
      out.push(entry(a, { ifindex: itf.ifindex, kind: 'unicast' }, false));
    }
  }
  for (const r of s.routes ?? []) {
    const dsts = r.dst === 'default' ? ['0.0.0.0/0', '::/0'] : [r.dst];
    const type = r.type ?? 'unicast';
    const via = r.via !== undefined ? parseIP(r.via) : undefined;
    for (const d of dsts) {
      const p = parsePrefix(d);
      if (!p || (via && via.length !== p.addr.length)) continue;
      const dev = r.dev !== undefined ? topo.named(r.dev) : via ? connectedDev(topo, via) : undefined;
      if (type === 'unicast' && !dev) continue;
      const route: Omit<RouteConfig, 'dst'> = { ifindex: dev?.ifindex ?? 0, kind: type };
      if (via && r.via !== undefined) route.gateway = formatIP(via);
      out.push(entry(p, route, type === 'local', r.metric ?? 0));
    }
  }
  const locals = out.filter(e => e.local);
  return out
    .filter(e => e.local || !locals.some(l => covers(l.prefix, e.prefix)))
    .sort((a, b) => b.prefix.len - a.prefix.len || Number(b.local) - Number(a.local) || a.metric - b.metric)
    .map(e => e.route);
}
