// ip_forward and its IPv6 twin: hop limit, path MTU, the forward hook, then the common output tail
// (postrouting, tc egress, qdisc, NIC). The TTL is decremented with an incremental checksum update, and the
// frame leaves with the output interface's MAC as its source.

import { get16, replace16 } from './checksum';
import type { PathEnv } from './env';
import type { FlowKey } from './flowkey';
import { nfHook } from './nf-hook';
import { icmpError, ICMP_FRAG_NEEDED, ICMP_TIME_EXCEEDED } from './reply';
import type { FibResult } from './routing';
import { postroutingAndXmit } from './stack-out';
import type { Iface } from './topology';
import type { Trip } from './trip';

export function forward(env: PathEnv, trip: Trip, route: FibResult): void {
  const k = trip.key as FlowKey;
  const out = route.dev as Iface;
  if (k.ttl <= 1) {
    sendError(env, trip, k, 'time-exceeded');
    trip.end('routing', 'dropped', `${k.family === 4 ? 'TTL' : 'hop limit'} expired in transit: ICMP time exceeded sent`);
    return;
  }
  if (tooBig(trip, k, out)) {
    sendError(env, trip, k, 'frag-needed', out.mtu);
    const what = k.family === 4 ? 'ICMP fragmentation needed' : 'ICMPv6 packet too big';
    trip.end('routing', 'dropped', `${k.ipLen} bytes exceed ${out.name}'s MTU ${out.mtu} and may not be fragmented: ${what} sent`);
    return;
  }
  decrementTtl(trip.bytes, k);
  trip.touched();
  env.charge(trip, 'forward');
  if (!nfHook(env, trip, 'forward', { iif: trip.iface, oif: out })) return;
  env.stack.forwarded++;
  if (out.hasMac) trip.bytes.set(out.mac, 6);
  postroutingAndXmit(env, trip, out, true);
}

/** ip_exceeds_mtu: too big for the link, not a GSO packet, and DF set (IPv6 routers never fragment). */
function tooBig(trip: Trip, k: FlowKey, out: Iface): boolean {
  if (k.ipLen <= out.mtu || (trip.skb?.gso_size ?? 0) > 0) return false;
  return k.family === 6 || k.df;
}

function decrementTtl(b: Uint8Array, k: FlowKey): void {
  if (k.family === 6) {
    b[k.l3 + 7] -= 1;
    return;
  }
  const before = get16(b, k.l3 + 8);
  b[k.l3 + 8] -= 1;
  replace16(b, k.l3 + 10, before, get16(b, k.l3 + 8));
}

function sendError(env: PathEnv, trip: Trip, k: FlowKey, what: 'time-exceeded' | 'frag-needed', mtu = 0): void {
  const from = env.fib.sourceFor(k.src, trip.inIface) ?? k.dst;
  trip.journey.reply = icmpError(trip.bytes, k, what === 'time-exceeded' ? ICMP_TIME_EXCEEDED : ICMP_FRAG_NEEDED, from, mtu);
  env.charge(trip, 'reply');
}
