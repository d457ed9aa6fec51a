// Local delivery: the input hook, conntrack's confirm, then the transport protocol. A listening socket gets the
// packet in its receive queue; without one the kernel answers (TCP: RST, UDP: ICMP port unreachable, unknown
// protocol: ICMP protocol unreachable), and ICMP echo requests are answered by the kernel itself.

import type { PathEnv } from './env';
import {
  IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, isEcho, protoName, TCP_SYN, type FlowKey,
} from './flowkey';
import { nfHook } from './nf-hook';
import { echoReply, icmpError, ICMP_PORT_UNREACHABLE, ICMP_PROTO_UNREACHABLE, tcpReset } from './reply';
import type { RouteType } from './routing';
import type { Trip } from './trip';

/** Confirms the packet's new conntrack entry; false (fate set) when the table is full. */
export function confirmConntrack(env: PathEnv, trip: Trip, at: 'nf-input' | 'nf-postrouting'): boolean {
  const conn = trip.ct?.conn;
  if (!conn || conn.confirmed) return true;
  if (env.ct.confirm(conn)) {
    env.charge(trip, 'conntrackNew');
    return true;
  }
  env.stack.conntrack_table_full++;
  trip.end(at, 'dropped', 'nf_conntrack: table full, dropping packet');
  return false;
}

export function localIn(env: PathEnv, trip: Trip, routeType: RouteType): void {
  if (!nfHook(env, trip, 'input', { iif: trip.iface })) return;
  if (!confirmConntrack(env, trip, 'nf-input')) return;
  const k = trip.key as FlowKey;
  if (k.fragment) {
    trip.end('nf-input', 'consumed', 'IP fragment: queued for reassembly (ip_defrag; reassembly is not modelled)');
    return;
  }
  if (k.proto === IPPROTO_TCP || k.proto === IPPROTO_UDP) {
    transport(env, trip, k, routeType);
    return;
  }
  if (k.proto === IPPROTO_ICMP || k.proto === IPPROTO_ICMPV6) {
    icmp(env, trip, k, routeType);
    return;
  }
  env.stack.no_socket++;
  const from = k.dst;
  if (routeType === 'local') {
    trip.journey.reply = icmpError(trip.bytes, k, ICMP_PROTO_UNREACHABLE, from);
    env.charge(trip, 'reply');
  }
  trip.end('nf-input', 'dropped', `no handler for IP protocol ${k.proto}${routeType === 'local' ? ': ICMP protocol unreachable sent' : ''}`);
}

function transport(env: PathEnv, trip: Trip, k: FlowKey, routeType: RouteType): void {
  const proto = protoName(k.proto);
  const sock = env.sockets.listener(k.proto, k.dst, k.dport);
  const payload = Math.max(0, k.payloadLen);
  if (sock) {
    sock.queued++;
    const step = { stage: 'socket' as const, proto, port: k.dport, socket: sock.name, queued: sock.queued };
    env.step(trip, step, 'localDeliver', env.cost.cycles('socketQueue') + env.cost.copy(payload));
    env.stack.delivered++;
    const what = k.proto === IPPROTO_TCP && k.tcpFlags & TCP_SYN ? 'SYN queued on listening socket' : 'queued on socket';
    trip.end('socket', 'delivered', `${what} "${sock.name}" (${sock.queued} in its receive queue)`);
    return;
  }
  env.step(trip, { stage: 'socket', proto, port: k.dport }, 'localDeliver');
  env.stack.no_socket++;
  // Broadcast and multicast datagrams without a socket are dropped quietly.
  const answer = routeType !== 'local' ? undefined : k.proto === IPPROTO_TCP ? tcpReset(trip.bytes, k) : icmpError(trip.bytes, k, ICMP_PORT_UNREACHABLE, k.dst);
  if (answer) {
    trip.journey.reply = answer;
    env.charge(trip, 'reply');
  }
  const said = answer ? `: ${answer.kind === 'tcp-reset' ? 'TCP RST' : 'ICMP port unreachable'} sent` : '';
  trip.end('socket', 'dropped', `no socket listening on ${proto}:${k.dport}${said}`);
}

function icmp(env: PathEnv, trip: Trip, k: FlowKey, routeType: RouteType): void {
  const proto = protoName(k.proto);
  env.step(trip, { stage: 'socket', proto, port: 0, socket: 'kernel' }, 'localDeliver');
  const request = isEcho(k) && (k.icmpType === 8 || k.icmpType === 128);
  if (request && routeType === 'local') {
    trip.journey.reply = echoReply(trip.bytes, k);
    env.charge(trip, 'reply');
    trip.end('socket', 'consumed', `${proto} echo request answered by the kernel (echo reply sent)`);
    return;
  }
  trip.end('socket', 'consumed', `${proto} type ${k.icmpType} code ${k.icmpCode} handled by the kernel's ${proto} code`);
}
