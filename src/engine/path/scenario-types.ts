// The scenario document (`--scenario lab.json`): the machine a capture is replayed on. schemas/scenario.schema.json
// describes the same shape for editors; scenario.ts checks documents against it.

export type Hook = 'xdp' | 'tc-ingress' | 'tc-egress';

export interface CoalesceConfig {
  /** Microseconds an interrupt waits after the first frame (ethtool -C rx-usecs). */
  rxUsecs?: number;
  /** Frames that raise the interrupt at once (ethtool -C rx-frames); 0 disables the frame limit. */
  rxFrames?: number;
}

export interface RssConfig {
  /** 40 bytes in hex, colons or spaces allowed (ethtool -X hkey). */
  key?: string;
  /** RX queue for each entry of the indirection table (ethtool -X weight/equal). */
  indirection?: number[];
  udpPorts?: boolean;
}

export interface InterfaceConfig {
  name: string;
  ifindex?: number;
  mac?: string;
  /** CIDR notation: "10.0.0.1/24", "2001:db8::1/64". */
  addresses?: string[];
  rxQueues?: number;
  txQueues?: number;
  /** RX descriptors per queue (ethtool -G rx). */
  ringSize?: number;
  coalesce?: CoalesceConfig;
  mtu?: number;
  /** Link speed, for when the wire is busy. */
  speedMbps?: number;
  /** qdisc limit in packets (ip link set … txqueuelen). */
  txqueuelen?: number;
  gro?: boolean;
  tso?: boolean;
  /** Accept frames whatever their destination MAC (also implied when no MAC is given). */
  promisc?: boolean;
  /** CPU that handles each RX queue's interrupt; default queue i → CPU i mod cpus. */
  irqAffinity?: number[];
  /** XPS: for each CPU, the TX queues it may use (/sys/class/net/…/queues/tx-N/xps_cpus). */
  xps?: number[][];
  rss?: RssConfig;
}

export interface AttachConfig {
  iface: string;
  hook: Hook;
  /** Program name (function or section) as the runner knows it. */
  program: string;
  /** XDP: driver (native) or generic (skb) mode. */
  mode?: 'native' | 'generic';
  /** TC: classic clsact + cls_bpf direct-action, or tcx. */
  tcMode?: 'cls_bpf' | 'tcx';
}

export type CtStateName = 'new' | 'established' | 'related' | 'invalid';
export type PortSpec = number | string | Array<number | string>;

export interface MatchConfig {
  iif?: string;
  oif?: string;
  saddr?: string | string[];
  daddr?: string | string[];
  family?: 'ipv4' | 'ipv6';
  proto?: 'tcp' | 'udp' | 'icmp' | 'icmpv6' | number;
  sport?: PortSpec;
  dport?: PortSpec;
  ct?: CtStateName | CtStateName[];
}

export type RuleAction = 'accept' | 'drop' | 'reject' | 'dnat' | 'snat' | 'masquerade';
export type RejectWith =
  | 'tcp-reset' | 'icmp-port-unreachable' | 'icmp-host-unreachable' | 'icmp-net-unreachable' | 'icmp-admin-prohibited';

export interface RuleConfig {
  match?: MatchConfig;
  action: RuleAction;
  /** dnat/snat target: "10.0.0.2", "10.0.0.2:8080", "[2001:db8::2]:8080". */
  to?: string;
  reject?: RejectWith;
  comment?: string;
}

export interface ChainConfig {
  policy?: 'accept' | 'drop';
  rules?: RuleConfig[];
}

export type ChainName = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

export type NetfilterConfig = Partial<Record<ChainName, ChainConfig>>;

export interface RouteConfig {
  /** CIDR or "default" (both families: use "0.0.0.0/0" or "::/0" for one). */
  dst: string;
  dev?: string;
  via?: string;
  type?: 'unicast' | 'local' | 'blackhole' | 'unreachable' | 'prohibit';
  metric?: number;
}

export interface SocketConfig {
  proto: 'tcp' | 'udp';
  port: number;
  /** Bound address; any address when absent. */
  addr?: string;
  name?: string;
}

export interface XskConfig {
  name: string;
  iface: string;
  queue: number;
  /** Key of the socket in the program's xskmap; defaults to the queue. */
  key?: number;
}

export interface MapEntryConfig {
  key: number | string | number[];
  value: number | string | number[];
}

export interface MapInitConfig {
  entries: MapEntryConfig[];
}

export interface CostConfig {
  cpuGhz?: number;
  /** Cycle costs by name (see cost.ts). */
  cycles?: Record<string, number>;
}

export interface Scenario {
  $schema?: string;
  direction?: 'ingress' | 'egress';
  cpus?: number;
  napiBudget?: number;
  /** net.ipv4.ip_forward / net.ipv6.conf.all.forwarding. */
  forwarding?: boolean;
  rss?: RssConfig;
  interfaces: InterfaceConfig[];
  programs?: AttachConfig[];
  netfilter?: NetfilterConfig;
  routes?: RouteConfig[];
  sockets?: SocketConfig[];
  xsks?: XskConfig[];
  /** Initial map contents, for the runner (the model does not read them). */
  maps?: Record<string, MapInitConfig>;
  conntrack?: { max?: number };
  cost?: CostConfig;
}

export interface DefaultScenarioOptions {
  hook?: Hook;
  program?: string;
  direction?: 'ingress' | 'egress';
  xdpMode?: 'native' | 'generic';
}

/**
 * The machine used without a scenario: one interface (eth0, ifindex 2: lo is 1), one queue, the program at the
 * given hook, every destination local for inbound traffic (an AnyIP local route, as `ip route add local
 * 0.0.0.0/0 dev lo` makes), a default route out of eth0 for outbound traffic, and no listening sockets.
 */
export function defaultScenario(opts: DefaultScenarioOptions = {}): Scenario {
  const egress = opts.direction === 'egress';
  const routes: RouteConfig[] = egress
    ? [{ dst: '0.0.0.0/0', dev: 'eth0' }, { dst: '::/0', dev: 'eth0' }]
    : [{ dst: '0.0.0.0/0', type: 'local' }, { dst: '::/0', type: 'local' }];
  const programs: AttachConfig[] = [];
  if (opts.hook) {
    const attach: AttachConfig = { iface: 'eth0', hook: opts.hook, program: opts.program ?? 'prog' };
    if (opts.hook === 'xdp' && opts.xdpMode) attach.mode = opts.xdpMode;
    programs.push(attach);
  }
  return {
    direction: egress ? 'egress' : 'ingress',
    interfaces: [{ name: 'eth0', ifindex: 2 }],
    programs,
    routes,
  };
}

/** An interface's ifindex: as given, else its position + 2 (lo holds 1). */
export function ifindexOf(itf: InterfaceConfig, position: number): number {
  return itf.ifindex ?? position + 2;
}

/** CPUs of the machine: as given, else one per queue of the interface with the most queues. */
export function cpuCount(s: Scenario): number {
  if (s.cpus !== undefined) return s.cpus;
  return Math.max(1, ...s.interfaces.map(i => Math.max(i.rxQueues ?? 1, i.txQueues ?? i.rxQueues ?? 1)));
}
