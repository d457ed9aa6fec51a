// The output side of the stack. Locally generated packets (a capture replayed with direction "egress") leave a
// socket, pass the output hook (conntrack, DNAT), are routed (again, if DNAT moved them: ip_route_me_harder),
// and join forwarded packets for the common tail: postrouting (SNAT, masquerade, conntrack confirm) and
// dev_queue_xmit on the output interface.

import { formatIP } from './addr';
import { devXmit } from './dev-xmit';
import type { PathEnv } from './env';
import { protoName, type FlowKey } from './flowkey';
import { confirmConntrack } from './local-in';
import { nfHook } from './nf-hook';
import { isLocalType, type FibResult } from './routing';
import { PACKET_HOST } from './skb';
import type { Iface } from './topology';
import type { Trip } from './trip';

export function postroutingAndXmit(env: PathEnv, trip: Trip, out: Iface, forwarded: boolean): void {
  if (!nfHook(env, trip, 'postrouting', { oif: out })) return;
  if (!confirmConntrack(env, trip, 'nf-postrouting')) return;
  devXmit(env, trip, out, { rxRecorded: forwarded, depth: 0 });
}

/** A locally generated frame, from the socket to the wire. */
export function localOut(env: PathEnv, trip: Trip): void {
  const k = trip.key;
  if (!k || k.family === 0) {
    // Not IP (ARP, LLDP…): a packet socket or the neighbour layer hands it straight to the device.
    trip.skb = outgoingSkb(trip, trip.iface, k);
    devXmit(env, trip, trip.iface, { rxRecorded: false, depth: 0 });
    return;
  }
  const sender = env.sockets.listener(k.proto, k.src, k.sport);
  const sock = { stage: 'socket' as const, proto: protoName(k.proto), port: k.sport, ...(sender ? { socket: sender.name } : {}) };
  env.step(trip, sock, 'socketQueue', env.cost.copy(k.payloadLen));
  const first = env.fib.lookup(k.dst);
  trip.ct = env.ct.classify(k, trip.bytes, trip.t);
  if (!nfHook(env, trip, 'output', { oif: first.dev, extraCycles: env.cost.cycles('conntrackLookup') })) return;
  const key = trip.key as FlowKey;
  const route = env.fib.lookup(key.dst);
  if (!routeOut(env, trip, route)) return;
  const dev = route.dev as Iface;
  trip.skb = outgoingSkb(trip, dev, key);
  if (dev.hasMac) trip.bytes.set(dev.mac, 6);
  postroutingAndXmit(env, trip, dev, false);
}

/** The routing step of the output path; false (fate set) when the packet cannot leave. */
function routeOut(env: PathEnv, trip: Trip, route: FibResult): boolean {
  if (route.type === 'unicast' && route.dev) {
    const via = route.via ? { via: formatIP(route.via) } : {};
    env.step(trip, { stage: 'routing', result: 'output', route: route.text, dev: route.dev.name, ...via }, 'routing');
    return true;
  }
  if (isLocalType(route.type)) {
    env.step(trip, { stage: 'routing', result: 'local', route: route.text }, 'routing');
    trip.end('routing', 'consumed', 'destination is this host: delivered over loopback (not modelled further)');
    return false;
  }
  env.step(trip, { stage: 'routing', result: route.type === 'unicast' ? 'unreachable' : route.type, route: route.text }, 'routing');
  const errno = route.type === 'blackhole' ? 'EINVAL' : route.type === 'prohibit' ? 'EACCES' : route.text === 'no route' ? 'ENETUNREACH' : 'EHOSTUNREACH';
  env.stack.no_route++;
  trip.end('routing', 'dropped', `no way out (${route.type} ${route.text}): the sender gets ${errno}`);
  return false;
}

/**
 * A locally generated sk_buff: alloc_skb leaves pkt_type at PACKET_HOST (only the copies handed to packet taps
 * say PACKET_OUTGOING), and queue_mapping stays 0 until netdev_pick_tx, which runs after TC egress.
 */
function outgoingSkb(trip: Trip, dev: Iface, k: FlowKey | undefined): Trip['skb'] {
  const protocol = k?.ethType ?? 0;
  return {
    len: trip.bytes.length, data_len: 0, protocol, pkt_type: PACKET_HOST, mark: 0, priority: 0, tc_classid: 0,
    queue_mapping: 0, hash: trip.hash, ifindex: dev.ifindex, ingress_ifindex: 0, vlan_present: 0, vlan_tci: 0, vlan_proto: 0,
    gso_size: 0, gso_segs: 1, tstamp_ns: Math.round(trip.t),
  };
}
