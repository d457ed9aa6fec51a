// The one thing the path model needs from whoever runs BPF programs: run the program attached at a hook on a
// packet and say what it decided. The model never looks inside the interpreter; tests use plain functions.

export type HookName = 'xdp' | 'tc-ingress' | 'tc-egress';

/** What the runner may want to know about the interface a program runs on. */
export interface IfaceState {
  name: string;
  ifindex: number;
  mac: Uint8Array;
  mtu: number;
  rxQueues: number;
  txQueues: number;
}

/** The packet as the program sees it. */
export interface PathPacket {
  /** Frame bytes from the Ethernet header on (the model never hands out its own buffer twice). */
  bytes: Uint8Array;
  /** XDP metadata in front of the frame (data_meta .. data), carried from XDP into TC. */
  meta?: Uint8Array;
  /** 0-based position of the ingested packet this frame belongs to. */
  index: number;
  /** ns since the first ingested packet. */
  tNs: number;
}

/**
 * The sk_buff fields a TC program (or generic XDP) can observe, with the kernel's names. Offsets in the frame are
 * not here: the program sees `bytes` from the MAC header on.
 */
export interface SkbState {
  len: number;
  data_len: number;
  protocol: number;
  pkt_type: number;
  mark: number;
  priority: number;
  tc_classid: number;
  queue_mapping: number;
  hash: number;
  ifindex: number;
  ingress_ifindex: number;
  vlan_present: number;
  vlan_tci: number;
  /** The TPID of the tag taken out of the frame (0x8100 or 0x88a8), host byte order; 0 without one. */
  vlan_proto: number;
  gso_size: number;
  gso_segs: number;
  tstamp_ns: number;
}

export interface HookContext {
  /** The program named by the scenario's attachment. */
  program: string;
  mode: 'native' | 'generic' | 'cls_bpf' | 'tcx';
  rxQueue: number;
  cpu: number;
  skb?: SkbState;
}

export type RedirectKind = 'ifindex' | 'devmap' | 'cpumap' | 'xskmap';

/**
 * Where a redirect goes, resolved by the runner: an ifindex for 'ifindex' and 'devmap', a CPU number for
 * 'cpumap', the xskmap key for 'xskmap'. flags: BPF_F_INGRESS (1) on a TC redirect sends to the target's ingress.
 */
export interface RedirectTarget {
  kind: RedirectKind;
  target: number;
  flags?: number;
}

export interface SkbChanges {
  mark?: number;
  priority?: number;
  tc_classid?: number;
  queue_mapping?: number;
}

export interface HookResult {
  retval: number;
  /** The runner's name for the verdict (XDP_PASS, TC_ACT_OK…); the model derives its own from retval. */
  action: string;
  /** The frame after the program (possibly rewritten, grown or shrunk). */
  data: Uint8Array;
  /** XDP metadata the program left in front of data. */
  meta?: Uint8Array;
  /** XDP: bytes added (+) or removed (-) at the front by bpf_xdp_adjust_head; moves the sk_buff's headroom. */
  headDelta?: number;
  redirect?: RedirectTarget;
  /** The program faulted (the interpreter's message); the model treats it like the kernel treats an abort. */
  error?: string;
  skbChanges?: SkbChanges;
  /** Instructions executed, for the cost model (one cycle each, as with the JIT). */
  insns?: number;
}

export interface HookRunner {
  /** Runs the program attached at `hook` on this packet; returns the verdict and the (possibly rewritten) bytes. */
  run(hook: HookName, iface: IfaceState, pkt: PathPacket, ctx: HookContext): HookResult;
}

export const XDP_ABORTED = 0;
export const XDP_DROP = 1;
export const XDP_PASS = 2;
export const XDP_TX = 3;
export const XDP_REDIRECT = 4;

const XDP_NAMES = ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT'];

export function xdpActionName(retval: number): string {
  return XDP_NAMES[retval] ?? `invalid(${retval})`;
}

export const TC_ACT_UNSPEC = -1;
export const TC_ACT_OK = 0;
export const TC_ACT_RECLASSIFY = 1;
export const TC_ACT_SHOT = 2;
export const TC_ACT_PIPE = 3;
export const TC_ACT_STOLEN = 4;
export const TC_ACT_QUEUED = 5;
export const TC_ACT_REPEAT = 6;
export const TC_ACT_REDIRECT = 7;
export const TC_ACT_TRAP = 8;

const TC_NAMES = ['OK', 'RECLASSIFY', 'SHOT', 'PIPE', 'STOLEN', 'QUEUED', 'REPEAT', 'REDIRECT', 'TRAP'];

/** Short name of a TC verdict (`OK`, `SHOT`…), as the compact journey line shows it. */
export function tcActionName(retval: number): string {
  if (retval === TC_ACT_UNSPEC) return 'UNSPEC';
  return TC_NAMES[retval] ?? `${retval}`;
}

export const BPF_F_INGRESS = 1;

/**
 * Calls the runner, turning an exception into a faulted result: a bug in the runner then shows on the one packet
 * it hit (as an aborted program) instead of ending the whole replay.
 */
export function runGuarded(runner: HookRunner, hook: HookName, iface: IfaceState, pkt: PathPacket, ctx: HookContext): HookResult {
  try {
    return runner.run(hook, iface, pkt, ctx);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { retval: hook === 'xdp' ? XDP_ABORTED : TC_ACT_SHOT, action: 'error', data: pkt.bytes, error: `runner failed: ${msg}` };
  }
}
