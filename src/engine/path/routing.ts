// The FIB: the kernel's local table (interface addresses, loopback, broadcast, multicast, `type local` routes)
// consulted before the main table (connected prefixes of the interface addresses plus the scenario's routes),
// each by longest prefix, ties broken by the lower metric.

import { formatIP, inPrefix, parseIP, parsePrefix, type Prefix } from './addr';
import type { RouteConfig, Scenario } from './scenario-types';
import type { Iface, Topology } from './topology';

export type RouteType = 'local' | 'broadcast' | 'multicast' | 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

export interface FibResult {
  type: RouteType;
  dev?: Iface;
  /** Next hop when not on link. */
  via?: Uint8Array;
  /** The matching route as `ip route` would print its destination. */
  text: string;
}

interface FibEntry extends FibResult {
  prefix: Prefix;
  metric: number;
}

function prefixText(p: Prefix): string {
  return `${formatIP(p.addr)}/${p.len}`;
}

/** The network address of a prefix (host bits cleared). */
function network(p: Prefix): Prefix {
  const addr = p.addr.slice();
  for (let bit = p.len; bit < addr.length * 8; bit++) addr[bit >> 3] &= ~(0x80 >> (bit & 7));
  return { addr, len: p.len };
}

function broadcastOf(p: Prefix): Uint8Array {
  const addr = p.addr.slice();
  for (let bit = p.len; bit < 32; bit++) addr[bit >> 3] |= 0x80 >> (bit & 7);
  return addr;
}

function byPrecedence(a: FibEntry, b: FibEntry): number {
  return b.prefix.len - a.prefix.len || a.metric - b.metric;
}

const FIXED_LOCAL: Array<[string, RouteType]> = [
  ['127.0.0.0/8', 'local'], ['::1/128', 'local'], ['255.255.255.255/32', 'broadcast'],
  ['224.0.0.0/4', 'multicast'], ['ff00::/8', 'multicast'],
];

export class Fib {
  private readonly local: FibEntry[] = [];
  private readonly main: FibEntry[] = [];

  constructor(s: Scenario, private readonly topo: Topology) {
    for (const [text, type] of FIXED_LOCAL) this.local.push(this.entry(parsePrefix(text) as Prefix, type));
    for (const itf of topo.ifaces) this.addInterface(itf);
    for (const r of s.routes ?? []) this.addRoute(r);
    this.local.sort(byPrecedence);
    this.main.sort(byPrecedence);
  }

  private entry(prefix: Prefix, type: RouteType, dev?: Iface, via?: Uint8Array, metric = 0): FibEntry {
    const e: FibEntry = { prefix, type, metric, text: prefixText(prefix) };
    if (dev) e.dev = dev;
    if (via) e.via = via;
    return e;
  }

  private addInterface(itf: Iface): void {
    for (const a of itf.addresses) {
      this.local.push(this.entry({ addr: a.addr, len: a.addr.length * 8 }, 'local', itf));
      this.main.push(this.entry(network(a), 'unicast', itf));
      if (a.addr.length === 4 && a.len < 31) this.local.push(this.entry({ addr: broadcastOf(a), len: 32 }, 'broadcast', itf));
    }
  }

  private addRoute(r: RouteConfig): void {
    const prefixes = r.dst === 'default' ? ['0.0.0.0/0', '::/0'].map(t => parsePrefix(t) as Prefix) : [parsePrefix(r.dst)];
    const type = r.type ?? 'unicast';
    const via = r.via !== undefined ? parseIP(r.via) : undefined;
    for (const p of prefixes) {
      if (!p || (via && via.length !== p.addr.length)) continue;
      const dev = r.dev !== undefined ? this.topo.named(r.dev) : via ? this.connectedDev(via) : undefined;
      // A unicast route needs a way out; the validator reports one without, the FIB just leaves it out.
      if (type === 'unicast' && !dev) continue;
      const e = this.entry(network(p), type, dev, via, r.metric ?? 0);
      (type === 'local' ? this.local : this.main).push(e);
    }
  }

  private connectedDev(addr: Uint8Array): Iface | undefined {
    return this.topo.ifaces.find(i => i.addresses.some(a => inPrefix(addr, a)));
  }

  /** The route for a destination; `unreachable` when nothing matches. */
  lookup(dst: Uint8Array): FibResult {
    for (const e of this.local) if (inPrefix(dst, e.prefix)) return e;
    for (const e of this.main) if (inPrefix(dst, e.prefix)) return e;
    return { type: 'unreachable', text: 'no route' };
  }

  /** The address a reply from this machine would carry when leaving towards `dst` (first address of the family). */
  sourceFor(dst: Uint8Array, preferred?: Iface): Uint8Array | undefined {
    const fam = (i: Iface | undefined): Uint8Array | undefined => i?.addresses.find(a => a.addr.length === dst.length)?.addr;
    return fam(preferred) ?? fam(this.lookup(dst).dev) ?? this.topo.ifaces.map(fam).find(a => a !== undefined);
  }
}

/** Routes that deliver to this host. */
export function isLocalType(t: RouteType): t is 'local' | 'broadcast' | 'multicast' {
  return t === 'local' || t === 'broadcast' || t === 'multicast';
}
