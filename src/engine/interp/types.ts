// Public shapes of the interpreter: options for preparing a program, per-packet metadata, the step hook and
// what a packet run returns.

import type { Range } from '../diagnostics';
import type { SourceFile } from './source-names';

/** Map contents for init and dump: per map name, [key hex, value hex] pairs. */
export type MapContents = Record<string, Array<[string, string]>>;

/** A network device the helpers can see (redirects, MTU checks, FIB results). */
export interface DeviceConfig {
  ifindex: number;
  name?: string;
  /** Default 1500 (loopback, ifindex 1, defaults to 65536 like the kernel's). */
  mtu?: number;
  /** "02:00:00:00:00:01". Default 00:00:00:00:00:00. */
  mac?: string;
}

/**
 * One route for bpf_fib_lookup. The longest matching prefix of the destination wins. A route with `neighMac`
 * answers BPF_FIB_LKUP_RET_SUCCESS with smac (the egress device's MAC), dmac and ifindex filled in; without
 * it, BPF_FIB_LKUP_RET_NO_NEIGH. `kind` blackhole/unreachable/prohibit answer those codes; destinations
 * with no route answer BPF_FIB_LKUP_RET_NOT_FWDED, as do `local` routes.
 */
export interface RouteConfig {
  /** "192.0.2.0/24" or "2001:db8::/32" (no prefix length: a host route). */
  dst: string;
  ifindex: number;
  gateway?: string;
  neighMac?: string;
  /** Route MTU; default the egress device's MTU. */
  mtu?: number;
  kind?: 'unicast' | 'local' | 'blackhole' | 'unreachable' | 'prohibit';
}

export interface PrepareOptions {
  /** Source texts (FrontendResult.pp.files), so run-time errors can name file:line:column. */
  files?: readonly SourceFile[];
  /** Modelled CPUs (per-CPU maps hold this many copies). Default 1. */
  cpus?: number;
  /** The CPU programs run on. Default 0. */
  cpu?: number;
  /** Seed of bpf_get_prandom_u32. Default 1. */
  seed?: number;
  /** IR steps allowed per packet. Default 1,000,000. */
  budget?: number;
  devices?: DeviceConfig[];
  routes?: RouteConfig[];
  /** Initial map contents (also ".bss", ".data", ".rodata" with key "" or "00000000"). */
  maps?: MapContents;
  /** Most printk lines kept per packet. Default 1000. */
  printkLimit?: number;
  /**
   * 'fast' (default): packets without a step hook run as JavaScript generated per function; 'traced': they run
   * on the closures that step hooks always use. Both give identical results.
   */
  mode?: 'fast' | 'traced';
}

/** Per-packet facts the program can observe besides the bytes. */
export interface PacketMeta {
  /** Capture time in nanoseconds: what bpf_ktime_get_ns() and friends return. */
  tsNs?: bigint;
  /** The receiving device (xdp_md.ingress_ifindex, __sk_buff.ifindex). Default 1 (loopback, like test_run). */
  ifindex?: number;
  /** xdp_md.rx_queue_index. Default 0. */
  rxQueue?: number;
  /** TC only: __sk_buff.ingress_ifindex. Default 0, as BPF_PROG_TEST_RUN leaves it. */
  ingressIfindex?: number;
  /** TC only: initial skb->mark, skb->priority, skb->tstamp, cb[]. */
  mark?: number;
  priority?: number;
  tstamp?: bigint;
  cb?: number[];
  /**
   * TC only, for callers that model the sk_buff (the packet path): XDP metadata in front of the frame (what
   * data_meta .. data shows), and fields test_run leaves at their defaults. pkt_type replaces eth_type_trans's.
   */
  dataMeta?: Uint8Array;
  skb?: SkbInit;
}

/** sk_buff fields a TC program reads, as the kernel holds them (vlanProto in network byte order). */
export interface SkbInit {
  pktType?: number;
  hash?: number;
  queueMapping?: number;
  vlanPresent?: number;
  vlanTci?: number;
  vlanProto?: number;
  gsoSegs?: number;
  gsoSize?: number;
}

export interface MemAccess {
  addr: number;
  size: number;
  write: boolean;
  /** The region's name ("packet", "map counts", "stack"). */
  region: string;
}

/**
 * One executed IR step, handed to onStep. The object is reused for the steps that follow (like `reg`, which
 * reads the live registers): copy what you keep past the call.
 */
export interface StepInfo {
  fn: string;
  block: number;
  /** Instruction index in the block; the block's instruction count for its terminator. */
  index: number;
  range: Range;
  /** Call depth (0: the program's entry function). */
  depth: number;
  /** Registers this step wrote. */
  changed: readonly number[];
  /** Memory this step read and wrote (helpers included). */
  mem: readonly MemAccess[];
  /** A register's value after the step, as the unsigned 64-bit pattern. */
  reg(r: number): bigint;
}

export interface RunHooks {
  /** Called after every IR step. Returning 'stop' ends the packet with an error. */
  onStep?(step: StepInfo): void | 'stop';
}

/** Output captured from ring buffers and perf event arrays. */
export interface PacketEvent {
  map: string;
  kind: 'ringbuf' | 'perf';
  cpu: number;
  data: Uint8Array;
}

/** Where a redirect went (bpf_redirect, bpf_redirect_map, XDP_TX is not a redirect). */
export interface RedirectInfo {
  helper: string;
  map?: string;
  key?: number;
  ifindex?: number;
  cpu?: number;
  queue?: number;
  flags: number;
}

export interface RuntimeError {
  message: string;
  range?: Range;
}

/** What a TC program left in the __sk_buff fields it may write. */
export interface SkbOut {
  mark: number;
  priority: number;
  tcIndex: number;
  tcClassid: number;
  queueMapping: number;
  cb: number[];
  tstamp: bigint;
  vlanPresent: number;
  vlanTci: number;
  vlanProto: number;
  protocol: number;
}

export interface PacketResult {
  retval: number;
  action: string;
  /** The packet as it leaves: [data, data_end) plus any multi-buffer fragments. */
  dataOut: Uint8Array;
  /** XDP metadata in front of the data ([data_meta, data)); BPF_PROG_TEST_RUN's data_out starts with it. */
  metaOut: Uint8Array;
  printk: string[];
  events: PacketEvent[];
  redirect?: RedirectInfo;
  skb?: SkbOut;
  error?: RuntimeError;
  steps: number;
}
