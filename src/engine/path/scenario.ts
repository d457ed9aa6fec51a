// Checks a scenario document: first its shape against schemas/scenario.schema.json (the file editors complete
// with), then what a schema cannot say: names that must exist, addresses that must parse, NAT only at the hooks
// that do NAT, queue numbers within the queue count. Every error names the JSON path of the value at fault.

import schemaJson from '../../../schemas/scenario.schema.json';
import { parseHexBytes, parseIP, parseMac, parsePrefix } from './addr';
import { COST_NAMES } from './cost';
import { parseNatTarget, parsePortRange } from './rule-syntax';
import { childPath, SchemaChecker, type PathIssue, type SchemaNode } from './schema-check';
import { cpuCount, ifindexOf } from './scenario-types';
import type { ChainName, InterfaceConfig, MatchConfig, PortSpec, RuleConfig, Scenario } from './scenario-types';

export type { PathIssue } from './schema-check';

export interface ScenarioResult {
  /** The document, typed, when it has no errors. */
  value: Scenario | undefined;
  errors: PathIssue[];
}

const checker = new SchemaChecker(schemaJson as SchemaNode);

export function validateScenario(doc: unknown): ScenarioResult {
  const errors = checker.check(doc);
  if (errors.length > 0) return { value: undefined, errors };
  const scenario = doc as Scenario;
  new SemanticCheck(scenario, errors).run();
  return { value: errors.length === 0 ? scenario : undefined, errors };
}

/** Parses and checks scenario text (a JSON document). */
export function parseScenarioText(text: string): ScenarioResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { value: undefined, errors: [{ path: '$', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return validateScenario(doc);
}

const CHAINS: ChainName[] = ['prerouting', 'input', 'forward', 'output', 'postrouting'];

class SemanticCheck {
  private readonly ifaces = new Map<string, InterfaceConfig>();

  constructor(private readonly s: Scenario, private readonly errors: PathIssue[]) {}

  private err(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  run(): void {
    this.interfaces();
    this.programs();
    this.netfilter();
    this.routes();
    this.sockets();
    this.xsks();
    if (this.s.rss) this.rss(this.s.rss, '$.rss', undefined);
    this.costNames();
  }

  private costNames(): void {
    for (const name of Object.keys(this.s.cost?.cycles ?? {})) {
      if (!(COST_NAMES as string[]).includes(name)) {
        this.err(childPath('$.cost.cycles', name), `unknown cost "${name}" (known: ${COST_NAMES.join(', ')})`);
      }
    }
  }

  private ifaceRef(name: string | undefined, path: string): InterfaceConfig | undefined {
    if (name === undefined) return undefined;
    const i = this.ifaces.get(name);
    if (!i) this.err(path, `no interface named "${name}" (interfaces: ${[...this.ifaces.keys()].join(', ')})`);
    return i;
  }

  private interfaces(): void {
    const indexes = new Map<number, string>();
    this.s.interfaces.forEach((itf, i) => {
      const p = childPath('$.interfaces', i);
      if (this.ifaces.has(itf.name)) this.err(childPath(p, 'name'), `interface "${itf.name}" is defined twice`);
      this.ifaces.set(itf.name, itf);
      const ifindex = ifindexOf(itf, i);
      const other = indexes.get(ifindex);
      if (other !== undefined) this.err(childPath(p, 'ifindex'), `ifindex ${ifindex} is already used by "${other}"`);
      indexes.set(ifindex, itf.name);
      if (itf.mac !== undefined && !parseMac(itf.mac)) this.err(childPath(p, 'mac'), `"${itf.mac}" is not a MAC address`);
      (itf.addresses ?? []).forEach((a, j) => {
        if (!parsePrefix(a)) this.err(childPath(childPath(p, 'addresses'), j), `"${a}" is not an address with prefix length (10.0.0.1/24, 2001:db8::1/64)`);
      });
    });
    const cpus = cpuCount(this.s);
    this.s.interfaces.forEach((itf, i) => this.queues(itf, childPath('$.interfaces', i), cpus));
  }

  private queues(itf: InterfaceConfig, p: string, cpus: number): void {
    const rxq = itf.rxQueues ?? 1;
    const txq = itf.txQueues ?? rxq;
    (itf.irqAffinity ?? []).forEach((cpu, q) => {
      const at = childPath(childPath(p, 'irqAffinity'), q);
      if (q >= rxq) this.err(at, `entry for queue ${q}, but "${itf.name}" has ${rxq} RX queue${rxq === 1 ? '' : 's'}`);
      else if (cpu >= cpus) this.err(at, `CPU ${cpu} does not exist (cpus: ${cpus})`);
    });
    (itf.xps ?? []).forEach((queues, cpu) => {
      const at = childPath(childPath(p, 'xps'), cpu);
      if (cpu >= cpus) this.err(at, `CPU ${cpu} does not exist (cpus: ${cpus})`);
      queues.forEach((q, k) => {
        if (q >= txq) this.err(childPath(at, k), `TX queue ${q} does not exist ("${itf.name}" has ${txq})`);
      });
    });
    if (itf.rss) this.rss(itf.rss, childPath(p, 'rss'), itf);
  }

  private rss(rss: NonNullable<Scenario['rss']>, p: string, only: InterfaceConfig | undefined): void {
    if (rss.key !== undefined) {
      const key = parseHexBytes(rss.key);
      if (!key || key.length < 40) this.err(childPath(p, 'key'), 'must be at least 40 bytes of hex (the Toeplitz key covers an IPv6 4-tuple)');
    }
    // A machine-wide table applies to the interfaces that have none of their own.
    const targets = only ? [only] : this.s.interfaces.filter(i => i.rss?.indirection === undefined);
    (rss.indirection ?? []).forEach((q, i) => {
      const short = targets.find(t => q >= (t.rxQueues ?? 1));
      if (short) this.err(childPath(childPath(p, 'indirection'), i), `queue ${q} does not exist ("${short.name}" has ${short.rxQueues ?? 1} RX queue${(short.rxQueues ?? 1) === 1 ? '' : 's'})`);
    });
  }

  private programs(): void {
    const xdp = new Set<string>();
    (this.s.programs ?? []).forEach((a, i) => {
      const p = childPath('$.programs', i);
      this.ifaceRef(a.iface, childPath(p, 'iface'));
      if (a.mode !== undefined && a.hook !== 'xdp') this.err(childPath(p, 'mode'), '"mode" applies to XDP programs only');
      if (a.tcMode !== undefined && a.hook === 'xdp') this.err(childPath(p, 'tcMode'), '"tcMode" applies to TC programs only');
      if (a.hook !== 'xdp') return;
      if (xdp.has(a.iface)) this.err(p, `"${a.iface}" already has an XDP program (one per interface, in one mode)`);
      xdp.add(a.iface);
    });
  }

  private netfilter(): void {
    const nf = this.s.netfilter ?? {};
    for (const chain of CHAINS) {
      (nf[chain]?.rules ?? []).forEach((r, i) => this.rule(chain, r, childPath(childPath(childPath('$.netfilter', chain), 'rules'), i)));
    }
  }

  private rule(chain: ChainName, r: RuleConfig, p: string): void {
    const nat = r.action === 'dnat' || r.action === 'snat';
    if (r.action === 'dnat' && chain !== 'prerouting' && chain !== 'output') {
      this.err(childPath(p, 'action'), 'dnat belongs in the prerouting or output chain');
    }
    if ((r.action === 'snat' || r.action === 'masquerade') && chain !== 'postrouting') {
      this.err(childPath(p, 'action'), `${r.action} belongs in the postrouting chain`);
    }
    if (nat && r.to === undefined) this.err(p, `${r.action} needs "to" (an address, optionally with a port)`);
    if (!nat && r.to !== undefined) this.err(childPath(p, 'to'), `"to" applies to dnat and snat only`);
    if (r.to !== undefined && !parseNatTarget(r.to)) this.err(childPath(p, 'to'), `"${r.to}" is not an address or address:port`);
    if (r.reject !== undefined && r.action !== 'reject') this.err(childPath(p, 'reject'), '"reject" applies to the reject action only');
    if (r.reject === 'tcp-reset' && r.match?.proto !== 'tcp') {
      this.err(childPath(p, 'reject'), 'tcp-reset needs the rule to match proto "tcp"');
    }
    if (r.match) this.match(chain, r.match, childPath(p, 'match'));
  }

  private match(chain: ChainName, m: MatchConfig, p: string): void {
    if (m.iif !== undefined) {
      if (chain === 'output' || chain === 'postrouting') this.err(childPath(p, 'iif'), `no input interface in the ${chain} chain`);
      this.ifaceRef(m.iif, childPath(p, 'iif'));
    }
    if (m.oif !== undefined) {
      if (chain === 'prerouting' || chain === 'input') this.err(childPath(p, 'oif'), `no output interface in the ${chain} chain (routing has not run)`);
      this.ifaceRef(m.oif, childPath(p, 'oif'));
    }
    this.cidrs(m.saddr, childPath(p, 'saddr'), m.family);
    this.cidrs(m.daddr, childPath(p, 'daddr'), m.family);
    if ((m.sport !== undefined || m.dport !== undefined) && m.proto !== 'tcp' && m.proto !== 'udp') {
      this.err(p, 'ports need proto "tcp" or "udp"');
    }
    this.ports(m.sport, childPath(p, 'sport'));
    this.ports(m.dport, childPath(p, 'dport'));
  }

  private cidrs(v: string | string[] | undefined, p: string, family: MatchConfig['family']): void {
    if (v === undefined) return;
    const list = Array.isArray(v) ? v : [v];
    list.forEach((c, i) => {
      const at = Array.isArray(v) ? childPath(p, i) : p;
      const prefix = parsePrefix(c);
      if (!prefix) this.err(at, `"${c}" is not an address or prefix`);
      else if (family && (prefix.addr.length === 4) !== (family === 'ipv4')) this.err(at, `"${c}" is not an ${family} prefix`);
    });
  }

  private ports(v: PortSpec | undefined, p: string): void {
    if (v === undefined) return;
    const list = Array.isArray(v) ? v : [v];
    list.forEach((x, i) => {
      if (!parsePortRange(x)) this.err(Array.isArray(v) ? childPath(p, i) : p, `${JSON.stringify(x)} is not a port or a range lo-hi`);
    });
  }

  private routes(): void {
    (this.s.routes ?? []).forEach((r, i) => {
      const p = childPath('$.routes', i);
      const dst = r.dst === 'default' ? undefined : parsePrefix(r.dst);
      if (r.dst !== 'default' && !dst) this.err(childPath(p, 'dst'), `"${r.dst}" is not a prefix (10.0.0.0/8, 2001:db8::/32) or "default"`);
      this.ifaceRef(r.dev, childPath(p, 'dev'));
      const type = r.type ?? 'unicast';
      if (r.via !== undefined) {
        const via = parseIP(r.via);
        if (!via) this.err(childPath(p, 'via'), `"${r.via}" is not an address`);
        else if (dst && via.length !== dst.addr.length) this.err(childPath(p, 'via'), 'gateway and destination are of different families');
        if (type !== 'unicast') this.err(childPath(p, 'via'), `a ${type} route has no gateway`);
      }
      if (type === 'unicast' && r.dev === undefined && r.via === undefined) this.err(p, 'a unicast route needs "dev" or "via"');
    });
  }

  private sockets(): void {
    (this.s.sockets ?? []).forEach((sk, i) => {
      if (sk.addr !== undefined && !parseIP(sk.addr)) this.err(childPath(childPath('$.sockets', i), 'addr'), `"${sk.addr}" is not an address`);
    });
  }

  private xsks(): void {
    const names = new Set<string>();
    (this.s.xsks ?? []).forEach((x, i) => {
      const p = childPath('$.xsks', i);
      if (names.has(x.name)) this.err(childPath(p, 'name'), `AF_XDP socket "${x.name}" is defined twice`);
      names.add(x.name);
      const itf = this.ifaceRef(x.iface, childPath(p, 'iface'));
      if (itf && x.queue >= (itf.rxQueues ?? 1)) {
        this.err(childPath(p, 'queue'), `queue ${x.queue} does not exist ("${itf.name}" has ${itf.rxQueues ?? 1} RX queue${(itf.rxQueues ?? 1) === 1 ? '' : 's'})`);
      }
    });
  }
}
