// The IP receive path from the protocol handler on: ip_rcv's checks, the prerouting hook (where conntrack
// classifies the packet and DNAT happens), and the routing decision that sends the packet to local delivery or
// to forwarding.

import { formatIP } from './addr';
import { ipv4ChecksumOk } from './checksum';
import type { PathEnv } from './env';
import { ETH_P_ARP, ETH_P_IP, ETH_P_IPV6, type FlowKey } from './flowkey';
import { forward } from './forward';
import { localIn } from './local-in';
import { isLocalType } from './routing';
import { nfHook } from './nf-hook';
import { icmpError, ICMP_ADMIN_PROHIBITED, ICMP_HOST_UNREACHABLE, ICMP_NET_UNREACHABLE } from './reply';
import { PACKET_HOST, PACKET_OTHERHOST } from './skb';
import type { StageName } from './stages';
import type { Trip } from './trip';

function lastStage(trip: Trip): StageName {
  return trip.journey.path[trip.journey.path.length - 1]?.stage ?? 'nic-rx';
}

/** Protocol dispatch after TC ingress: IP goes up the stack, ARP to arp_rcv, anything else has no handler. */
export function protocolDispatch(env: PathEnv, trip: Trip): void {
  // __netif_receive_skb_core: a tag whose VLAN id no VLAN device claims (scenarios have none) marks the packet
  // PACKET_OTHERHOST, and the protocol handlers drop it; VLAN 0 (priority only) is handled as untagged.
  const skb = trip.skb;
  if (skb && skb.vlan_present && (skb.vlan_tci & 0x0fff) !== 0) {
    skb.pkt_type = PACKET_OTHERHOST;
    env.charge(trip, 'drop');
    trip.end(lastStage(trip), 'dropped', `VLAN ${skb.vlan_tci & 0x0fff}: no VLAN device for it, so the packet is PACKET_OTHERHOST and the protocol handler drops it (rx_otherhost_dropped)`);
    return;
  }
  const k = trip.key;
  if (!k || k.family === 0) {
    if (k?.ethType === ETH_P_IP || k?.ethType === ETH_P_IPV6) {
      env.charge(trip, 'drop');
      trip.end(lastStage(trip), 'dropped', `${k.ethType === ETH_P_IP ? 'ip_rcv' : 'ipv6_rcv'}: malformed header (too short or wrong version)`);
      return;
    }
    if (k?.ethType === ETH_P_ARP) {
      trip.end(lastStage(trip), 'consumed', 'ARP: handled by arp_rcv (not modelled further)');
      return;
    }
    env.count(trip.iface).rxDropped++;
    trip.end(lastStage(trip), 'dropped', `no protocol handler for EtherType 0x${(k?.ethType ?? 0).toString(16).padStart(4, '0')} (rx_dropped)`);
    return;
  }
  const bad = headerProblem(trip, k);
  if (bad) {
    env.charge(trip, 'drop');
    trip.end(lastStage(trip), 'dropped', bad);
    return;
  }
  ipReceive(env, trip, k);
}

/** ip_rcv_core / ipv6_rcv: what makes the kernel discard a packet before any hook. */
function headerProblem(trip: Trip, k: FlowKey): string | undefined {
  const name = k.family === 4 ? 'ip_rcv' : 'ipv6_rcv';
  if (trip.skb?.pkt_type === PACKET_OTHERHOST) return `${name}: PACKET_OTHERHOST, the destination MAC is not this interface's`;
  const avail = trip.bytes.length - k.l3;
  if (k.family === 4) {
    const ihl = (trip.bytes[k.l3] & 0x0f) * 4;
    if (!ipv4ChecksumOk(trip.bytes, k.l3)) return 'ip_rcv: bad IPv4 header checksum (IPSTATS_MIB_CSUMERRORS)';
    if (k.ipLen < ihl || k.ipLen > avail) return `ip_rcv: total length ${k.ipLen} does not fit the ${avail} bytes received`;
    return undefined;
  }
  if (k.ipLen > avail) return `ipv6_rcv: payload length ${k.ipLen - 40} does not fit the ${avail - 40} bytes received`;
  return undefined;
}

function ipReceive(env: PathEnv, trip: Trip, k: FlowKey): void {
  trip.ct = env.ct.classify(k, trip.bytes, trip.t);
  const extra = env.cost.cycles('ipRcv') + env.cost.cycles('conntrackLookup');
  if (!nfHook(env, trip, 'prerouting', { iif: trip.iface, extraCycles: extra })) return;
  const key = trip.key as FlowKey;
  const route = env.fib.lookup(key.dst);
  const via = route.via ? { via: formatIP(route.via) } : {};
  const dev = route.dev ? { dev: route.dev.name } : {};
  if (isLocalType(route.type)) {
    env.step(trip, { stage: 'routing', result: 'local', route: route.text, ...dev }, 'routing');
    localIn(env, trip, route.type);
    return;
  }
  if (route.type !== 'unicast') {
    env.step(trip, { stage: 'routing', result: route.type, route: route.text }, 'routing');
    unroutable(env, trip, key, route.type, route.text);
    return;
  }
  if (!env.forwarding || trip.skb?.pkt_type !== PACKET_HOST) {
    env.step(trip, { stage: 'routing', result: 'no-forwarding', route: route.text, ...dev }, 'routing');
    const why = env.forwarding ? 'not addressed to this host at the link layer (pkt_type is not PACKET_HOST)' : 'not a local address and forwarding is off (net.ipv4.ip_forward=0)';
    trip.end('routing', 'dropped', why);
    return;
  }
  env.step(trip, { stage: 'routing', result: 'forward', route: route.text, ...dev, ...via }, 'routing');
  forward(env, trip, route);
}

/**
 * No usable route. ip_error answers with ICMP only when forwarding is on; a blackhole route drops silently.
 */
function unroutable(env: PathEnv, trip: Trip, k: FlowKey, type: string, text: string): void {
  env.stack.no_route++;
  if (type === 'blackhole') {
    trip.end('routing', 'dropped', `blackhole route ${text}`);
    return;
  }
  const err = type === 'prohibit' ? ICMP_ADMIN_PROHIBITED : text === 'no route' ? ICMP_NET_UNREACHABLE : ICMP_HOST_UNREACHABLE;
  const from = env.forwarding ? env.fib.sourceFor(k.src, trip.inIface) : undefined;
  if (from) {
    trip.journey.reply = icmpError(trip.bytes, k, err, from);
    env.charge(trip, 'reply');
  }
  const answer = from ? `: ${err.kind} sent` : ' (no ICMP: forwarding is off)';
  trip.end('routing', 'dropped', `${type === 'unreachable' && text === 'no route' ? 'no route to' : `${type} route for`} the destination${answer}`);
}
