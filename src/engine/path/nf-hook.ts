// One netfilter hook on a packet: evaluate the chain, set up NAT for a connection's first packet, apply the
// connection's NAT binding for this hook, and turn drop/reject into the packet's fate (reject also builds the
// kernel's answer: a TCP RST or an ICMP error).

import type { PathEnv } from './env';
import type { FlowKey } from './flowkey';
import { applyNat, bindNat, manipAt, type Manip } from './nat';
import type { ChainVerdict, CompiledRule } from './netfilter';
import {
  icmpError, ICMP_ADMIN_PROHIBITED, ICMP_HOST_UNREACHABLE, ICMP_NET_UNREACHABLE, ICMP_PORT_UNREACHABLE, tcpReset,
  type IcmpError,
} from './reply';
import type { ChainName } from './scenario-types';
import type { NfStep } from './stages';
import type { Iface } from './topology';
import type { Trip } from './trip';

const STAGE: Record<ChainName, NfStep['stage']> = {
  prerouting: 'nf-prerouting', input: 'nf-input', forward: 'nf-forward', output: 'nf-output', postrouting: 'nf-postrouting',
};

const NAT_HOOKS: Partial<Record<ChainName, Manip>> = {
  prerouting: manipAt('prerouting'), output: manipAt('output'), input: manipAt('input'), postrouting: manipAt('postrouting'),
};

const REJECTS: Record<string, IcmpError> = {
  'icmp-port-unreachable': ICMP_PORT_UNREACHABLE, 'icmp-host-unreachable': ICMP_HOST_UNREACHABLE,
  'icmp-net-unreachable': ICMP_NET_UNREACHABLE, 'icmp-admin-prohibited': ICMP_ADMIN_PROHIBITED,
};

export interface HookIfaces {
  iif?: Iface;
  oif?: Iface;
  /** Cycles charged to this hook besides the chain itself (ip_rcv checks, conntrack lookup). */
  extraCycles?: number;
}

/** Runs a chain on the trip; false when the packet went no further (its fate is set). */
export function nfHook(env: PathEnv, trip: Trip, chain: ChainName, ifs: HookIfaces): boolean {
  const k = trip.key;
  const ct = trip.ct;
  if (!k) return true;
  const verdict = env.nf.evaluate(chain, { key: k, ct: ct?.state ?? 'UNTRACKED', iif: ifs.iif?.name, oif: ifs.oif?.name });
  let cycles = env.cost.cycles('nfHook') + verdict.evaluated * env.cost.cycles('nfRule') + (ifs.extraCycles ?? 0);
  if (verdict.rule && isNat(verdict.rule)) bind(env, trip, verdict.rule, ifs.oif);
  const nat = natHere(trip, chain);
  if (nat) cycles += env.cost.cycles('nat');
  const step = stepOf(chain, verdict, trip, nat);
  env.step(trip, step, undefined, cycles);
  if (step.verdict === 'accept') return true;
  if (step.verdict === 'reject') reject(env, trip, k, verdict.rule as CompiledRule, chain, ifs.iif);
  else {
    env.stack.nf_dropped++;
    trip.end(STAGE[chain], 'dropped', `dropped by ${ruleName(chain, verdict)}`);
  }
  return false;
}

function isNat(r: CompiledRule): boolean {
  return r.action === 'dnat' || r.action === 'snat' || r.action === 'masquerade';
}

function ruleName(chain: ChainName, v: ChainVerdict): string {
  if (!v.rule) return `the ${chain} chain's policy`;
  return `${chain} rule ${v.rule.index}${v.rule.comment ? ` (${v.rule.comment})` : ''}`;
}

function stepOf(chain: ChainName, v: ChainVerdict, trip: Trip, nat: string | undefined): NfStep {
  const verdict: NfStep['verdict'] = v.action === 'drop' || v.action === 'policy-drop' ? 'drop' : v.action === 'reject' ? 'reject' : 'accept';
  const s: NfStep = { stage: STAGE[chain], verdict };
  if (trip.ct) {
    s.ct = trip.ct.state;
    if (trip.ct.conn) s.ct_dir = trip.ct.dir;
  }
  if (v.rule) s.rule = v.rule.index;
  if (nat) s.nat = nat;
  return s;
}

/** A NAT rule matched the first packet of a connection: record the binding in the conntrack entry. */
function bind(env: PathEnv, trip: Trip, r: CompiledRule, oif: Iface | undefined): void {
  const conn = trip.ct?.conn;
  const k = trip.key;
  if (!conn || conn.confirmed || !k) return;
  if (r.action === 'dnat' && r.nat) bindNat(conn, 'dst', r.nat.addr, r.nat.port);
  if (r.action === 'snat' && r.nat) bindNat(conn, 'src', r.nat.addr, r.nat.port);
  if (r.action !== 'masquerade') return;
  const addr = env.fib.sourceFor(k.dst, oif);
  if (addr) bindNat(conn, 'src', addr, undefined);
}

/** Applies the connection's binding for this hook's manipulation type; returns what changed. */
function natHere(trip: Trip, chain: ChainName): string | undefined {
  const manip = NAT_HOOKS[chain];
  const ct = trip.ct;
  const k = trip.key;
  if (!manip || !ct?.conn || !k || ct.state === 'RELATED') return undefined;
  if (!ct.conn.dnat && !ct.conn.snat) return undefined;
  const done = applyNat(trip.bytes, k, ct.conn, ct.dir, manip);
  if (done) trip.touched();
  return done;
}

function reject(env: PathEnv, trip: Trip, k: FlowKey, rule: CompiledRule, chain: ChainName, iif: Iface | undefined): void {
  env.stack.nf_rejected++;
  const kind = rule.reject ?? 'icmp-port-unreachable';
  const from = env.fib.sourceFor(k.src, iif) ?? k.dst;
  const reply = kind === 'tcp-reset' ? tcpReset(trip.bytes, k) : icmpError(trip.bytes, k, REJECTS[kind], chain === 'input' ? k.dst : from);
  if (reply) trip.journey.reply = reply;
  env.charge(trip, 'reply');
  trip.end(STAGE[chain], 'dropped', `rejected by ${chain} rule ${rule.index}${rule.comment ? ` (${rule.comment})` : ''}: ${reply ? reply.kind : kind} sent`);
}
