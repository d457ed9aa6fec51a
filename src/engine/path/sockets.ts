// Sockets of the scenario: listening TCP/UDP sockets (a bound address beats the wildcard, as the kernel's
// lookup scores them) with a count of what reached their receive queue, and AF_XDP sockets bound to one
// interface queue and sitting in an xskmap slot.

import { parseIP, sameAddr } from './addr';
import { IPPROTO_TCP, IPPROTO_UDP } from './flowkey';
import type { Scenario } from './scenario-types';
import type { Iface, Topology } from './topology';

export interface Listener {
  name: string;
  proto: number;
  port: number;
  addr: Uint8Array | undefined;
  queued: number;
}

export interface Xsk {
  name: string;
  iface: Iface;
  queue: number;
  key: number;
  received: number;
}

export class Sockets {
  private readonly listeners: Listener[] = [];
  private readonly xsks: Xsk[] = [];

  constructor(s: Scenario, topo: Topology) {
    for (const sk of s.sockets ?? []) {
      const proto = sk.proto === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
      this.listeners.push({
        name: sk.name ?? `${sk.proto}:${sk.port}`, proto, port: sk.port,
        addr: sk.addr !== undefined ? parseIP(sk.addr) : undefined, queued: 0,
      });
    }
    for (const x of s.xsks ?? []) {
      const iface = topo.named(x.iface);
      if (iface) this.xsks.push({ name: x.name, iface, queue: x.queue, key: x.key ?? x.queue, received: 0 });
    }
  }

  /** The socket a packet to dst:port is delivered to, preferring an exact address over the wildcard. */
  listener(proto: number, dst: Uint8Array, port: number): Listener | undefined {
    let wildcard: Listener | undefined;
    for (const l of this.listeners) {
      if (l.proto !== proto || l.port !== port) continue;
      if (!l.addr) wildcard ??= l;
      else if (sameAddr(l.addr, dst)) return l;
    }
    return wildcard;
  }

  /** The AF_XDP socket in slot `key` of the program's xskmap (one xskmap is modelled). */
  xskAt(key: number): Xsk | undefined {
    return this.xsks.find(x => x.key === key);
  }
}
