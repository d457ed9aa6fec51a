// The scenario resolved for running: interfaces with parsed addresses, defaults filled in, RSS ready to hash,
// programs grouped by hook. Built once per model; the per-packet code reads only these objects.

import { parseHexBytes, parseMac, parsePrefix, sameAddr, type Prefix } from './addr';
import type { IfaceState } from './runner';
import { cpuCount, ifindexOf, type AttachConfig, type InterfaceConfig, type RssConfig, type Scenario } from './scenario-types';
import { DEFAULT_RSS_KEY, defaultIndirection, Toeplitz, type RssFields } from './toeplitz';

/** ethtool -g default of many 10/25G NICs. */
export const DEFAULT_RING_SIZE = 512;
/** mlx5's static coalescing defaults (ethtool -c). */
export const DEFAULT_RX_USECS = 8;
export const DEFAULT_RX_FRAMES = 128;
export const DEFAULT_TXQUEUELEN = 1000;
export const DEFAULT_NAPI_BUDGET = 64;

export interface Attachment {
  program: string;
  mode: 'native' | 'generic' | 'cls_bpf' | 'tcx';
}

export interface Iface {
  cfg: InterfaceConfig;
  name: string;
  ifindex: number;
  /** All zero when the scenario gives none (then every destination MAC is accepted). */
  mac: Uint8Array;
  hasMac: boolean;
  promisc: boolean;
  addresses: Prefix[];
  rxQueues: number;
  txQueues: number;
  ringSize: number;
  rxUsecs: number;
  rxFrames: number;
  mtu: number;
  /** Bits per nanosecond on the wire. */
  bitsPerNs: number;
  txqueuelen: number;
  gro: boolean;
  tso: boolean;
  irqCpu: number[];
  xps: number[][] | undefined;
  rss: Toeplitz;
  rssFields: RssFields;
  indirection: number[];
  xdp: Attachment | undefined;
  tcIngress: Attachment[];
  tcEgress: Attachment[];
  /** What the runner is told about this interface. */
  state: IfaceState;
}

const toeplitzCache = new Map<string, Toeplitz>();

function toeplitzFor(key: Uint8Array): Toeplitz {
  const id = Array.from(key, b => b.toString(16).padStart(2, '0')).join('');
  let t = toeplitzCache.get(id);
  if (!t) {
    t = new Toeplitz(key);
    toeplitzCache.set(id, t);
  }
  return t;
}

function attachmentsFor(programs: AttachConfig[], name: string, hook: AttachConfig['hook']): Attachment[] {
  return programs
    .filter(p => p.iface === name && p.hook === hook)
    .map(p => ({ program: p.program, mode: hook === 'xdp' ? p.mode ?? 'native' : p.tcMode ?? 'cls_bpf' }));
}

function resolveIface(s: Scenario, cfg: InterfaceConfig, position: number, cpus: number): Iface {
  const rxQueues = cfg.rxQueues ?? 1;
  const rss: RssConfig = { ...s.rss, ...cfg.rss };
  const mac = cfg.mac !== undefined ? parseMac(cfg.mac) : undefined;
  const programs = s.programs ?? [];
  const name = cfg.name;
  const ifindex = ifindexOf(cfg, position);
  const txQueues = cfg.txQueues ?? rxQueues;
  const mtu = cfg.mtu ?? 1500;
  const macBytes = mac ?? new Uint8Array(6);
  return {
    cfg, name, ifindex, mac: macBytes, hasMac: mac !== undefined, promisc: cfg.promisc ?? mac === undefined,
    addresses: (cfg.addresses ?? []).map(a => parsePrefix(a)).filter((p): p is Prefix => p !== undefined),
    rxQueues, txQueues,
    ringSize: cfg.ringSize ?? DEFAULT_RING_SIZE,
    rxUsecs: cfg.coalesce?.rxUsecs ?? DEFAULT_RX_USECS,
    rxFrames: cfg.coalesce?.rxFrames ?? DEFAULT_RX_FRAMES,
    mtu,
    bitsPerNs: (cfg.speedMbps ?? 10000) / 1000,
    txqueuelen: cfg.txqueuelen ?? DEFAULT_TXQUEUELEN,
    gro: cfg.gro ?? true,
    tso: cfg.tso ?? true,
    irqCpu: Array.from({ length: rxQueues }, (_, q) => cfg.irqAffinity?.[q] ?? q % cpus),
    xps: cfg.xps,
    rss: toeplitzFor((rss.key !== undefined ? parseHexBytes(rss.key) : undefined) ?? DEFAULT_RSS_KEY),
    rssFields: { udpPorts: rss.udpPorts ?? true },
    indirection: rss.indirection ?? defaultIndirection(rxQueues),
    xdp: attachmentsFor(programs, name, 'xdp')[0],
    tcIngress: attachmentsFor(programs, name, 'tc-ingress'),
    tcEgress: attachmentsFor(programs, name, 'tc-egress'),
    state: { name, ifindex, mac: macBytes, mtu, rxQueues, txQueues },
  };
}

export class Topology {
  readonly ifaces: Iface[];
  readonly cpus: number;
  private readonly byName = new Map<string, Iface>();
  private readonly byIndex = new Map<number, Iface>();

  constructor(s: Scenario) {
    this.cpus = cpuCount(s);
    this.ifaces = s.interfaces.map((cfg, i) => resolveIface(s, cfg, i, this.cpus));
    for (const itf of this.ifaces) {
      this.byName.set(itf.name, itf);
      this.byIndex.set(itf.ifindex, itf);
    }
  }

  named(name: string): Iface | undefined {
    return this.byName.get(name);
  }

  indexed(ifindex: number): Iface | undefined {
    return this.byIndex.get(ifindex);
  }

  /** The interface owning an address, if any. */
  owner(addr: Uint8Array): Iface | undefined {
    return this.ifaces.find(i => i.addresses.some(p => sameAddr(p.addr, addr)));
  }
}
