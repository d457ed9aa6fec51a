// Netfilter chains in the scenario's nft-like form, compiled once into plain predicates. A chain is evaluated
// rule by rule; the first rule whose match holds decides. NAT rules (dnat, snat, masquerade) are looked at
// only for the first packet of a connection, as nftables' nat chains are; later packets follow the binding kept
// in conntrack.

import { parsePrefix, inPrefix, type Prefix } from './addr';
import type { FlowKey } from './flowkey';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './flowkey';
import { parseNatTarget, parsePortRange } from './rule-syntax';
import type { ChainConfig, ChainName, CtStateName, MatchConfig, RejectWith, RuleConfig, Scenario } from './scenario-types';
import type { CtState } from './stages';

export interface CompiledRule {
  /** 1-based position in its chain. */
  index: number;
  action: RuleConfig['action'];
  reject?: RejectWith;
  nat?: { addr: Uint8Array; port?: number };
  comment?: string;
  test: (p: NfPacket) => boolean;
}

export interface Chain {
  name: ChainName;
  policy: 'accept' | 'drop';
  rules: CompiledRule[];
}

/** What a rule can look at. */
export interface NfPacket {
  key: FlowKey;
  ct: CtState;
  iif?: string;
  oif?: string;
}

export interface ChainVerdict {
  action: RuleConfig['action'] | 'policy-accept' | 'policy-drop';
  rule?: CompiledRule;
  /** Rules evaluated, for the cost model. */
  evaluated: number;
}

const PROTOS: Record<string, number> = { tcp: IPPROTO_TCP, udp: IPPROTO_UDP, icmp: IPPROTO_ICMP, icmpv6: IPPROTO_ICMPV6 };
const CT: Record<CtStateName, CtState> = { new: 'NEW', established: 'ESTABLISHED', related: 'RELATED', invalid: 'INVALID' };

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function addrTest(v: string | string[] | undefined, pick: (k: FlowKey) => Uint8Array): ((p: NfPacket) => boolean) | undefined {
  const prefixes = list(v).map(parsePrefix).filter((x): x is Prefix => x !== undefined);
  if (prefixes.length === 0) return undefined;
  return p => p.key.family !== 0 && prefixes.some(px => inPrefix(pick(p.key), px));
}

function portTest(v: MatchConfig['sport'], pick: (k: FlowKey) => number): ((p: NfPacket) => boolean) | undefined {
  const ranges = list(v).map(parsePortRange).filter((x): x is [number, number] => x !== undefined);
  if (ranges.length === 0) return undefined;
  return p => p.key.l4 >= 0 && ranges.some(([lo, hi]) => pick(p.key) >= lo && pick(p.key) <= hi);
}

function compileMatch(m: MatchConfig | undefined): (p: NfPacket) => boolean {
  if (!m) return () => true;
  const tests: Array<(p: NfPacket) => boolean> = [];
  if (m.iif !== undefined) tests.push(p => p.iif === m.iif);
  if (m.oif !== undefined) tests.push(p => p.oif === m.oif);
  if (m.family !== undefined) {
    const fam = m.family === 'ipv4' ? 4 : 6;
    tests.push(p => p.key.family === fam);
  }
  if (m.proto !== undefined) {
    const proto = typeof m.proto === 'number' ? m.proto : PROTOS[m.proto];
    tests.push(p => p.key.family !== 0 && p.key.proto === proto);
  }
  const optional = [
    addrTest(m.saddr, k => k.src), addrTest(m.daddr, k => k.dst),
    portTest(m.sport, k => k.sport), portTest(m.dport, k => k.dport),
  ];
  for (const t of optional) if (t) tests.push(t);
  const states = list(m.ct).map(s => CT[s]);
  if (states.length > 0) tests.push(p => states.includes(p.ct));
  return p => tests.every(t => t(p));
}

function compileRule(r: RuleConfig, i: number): CompiledRule {
  const rule: CompiledRule = { index: i + 1, action: r.action, test: compileMatch(r.match) };
  if (r.reject) rule.reject = r.reject;
  if (r.comment) rule.comment = r.comment;
  const nat = r.to !== undefined ? parseNatTarget(r.to) : undefined;
  if (!nat) return rule;
  // A NAT target of one family never applies to packets of the other.
  const fam = nat.addr.length === 4 ? 4 : 6;
  const base = rule.test;
  rule.nat = nat;
  rule.test = p => p.key.family === fam && base(p);
  return rule;
}

function compileChain(name: ChainName, cfg: ChainConfig | undefined): Chain {
  return { name, policy: cfg?.policy ?? 'accept', rules: (cfg?.rules ?? []).map(compileRule) };
}

export class Netfilter {
  readonly chains: Record<ChainName, Chain>;

  constructor(s: Scenario) {
    const nf = s.netfilter ?? {};
    this.chains = {
      prerouting: compileChain('prerouting', nf.prerouting), input: compileChain('input', nf.input),
      forward: compileChain('forward', nf.forward), output: compileChain('output', nf.output),
      postrouting: compileChain('postrouting', nf.postrouting),
    };
  }

  /** First matching rule decides; NAT rules count only for a packet that opens a connection. */
  evaluate(chain: ChainName, p: NfPacket): ChainVerdict {
    const c = this.chains[chain];
    let evaluated = 0;
    for (const r of c.rules) {
      const isNat = r.action === 'dnat' || r.action === 'snat' || r.action === 'masquerade';
      if (isNat && p.ct !== 'NEW') continue;
      evaluated++;
      if (r.test(p)) return { action: r.action, rule: r, evaluated };
    }
    return { action: c.policy === 'accept' ? 'policy-accept' : 'policy-drop', evaluated };
  }
}
