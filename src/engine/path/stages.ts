// The journey record: the stages a packet passes through, in the kernel's order, with the facts each stage adds,
// and the packet's fate. Stage names are exactly the vocabulary; the webview and the CLI key on them.

export type StageName =
  | 'nic-rx' | 'irq' | 'napi-poll' | 'xdp' | 'skb-alloc' | 'gro' | 'tc-ingress' | 'nf-prerouting' | 'routing'
  | 'nf-input' | 'socket' | 'nf-forward' | 'nf-output' | 'nf-postrouting' | 'tc-egress' | 'qdisc' | 'gso'
  | 'nic-tx' | 'redirect' | 'af-xdp';

export const STAGE_NAMES: readonly StageName[] = [
  'nic-rx', 'irq', 'napi-poll', 'xdp', 'skb-alloc', 'gro', 'tc-ingress', 'nf-prerouting', 'routing', 'nf-input',
  'socket', 'nf-forward', 'nf-output', 'nf-postrouting', 'tc-egress', 'qdisc', 'gso', 'nic-tx', 'redirect', 'af-xdp',
];

export type Outcome = 'dropped' | 'aborted' | 'delivered' | 'transmitted' | 'redirected' | 'consumed';

/** Where and how a packet's journey ended. */
export interface Fate {
  at: StageName;
  outcome: Outcome;
  detail: string;
}

/** What every step may carry: the CPU and queue it ran on, when it started (ns since the first packet), its modelled cost. */
interface StepBase {
  cpu?: number;
  queue?: number;
  t_ns?: number;
  cycles?: number;
}

export interface NicRxStep extends StepBase {
  stage: 'nic-rx';
  ifname: string;
  /** The Toeplitz hash of the flow (what the NIC writes into the descriptor; skb->hash later). */
  hash: number;
  /** Descriptors in use when the frame arrived, and the ring's size. */
  ring_used: number;
  ring_size: number;
}

export interface IrqStep extends StepBase {
  stage: 'irq';
  /** Frames the interrupt covered (interrupt coalescing). */
  coalesced: number;
}

export interface NapiStep extends StepBase {
  stage: 'napi-poll';
  /** Sequence number of the poll on this queue. */
  poll: number;
  budget: number;
  /** True when this poll runs because the previous one used its whole budget. */
  repoll: boolean;
}

export interface XdpException {
  prog: string;
  act: string;
  ifindex: number;
  reason: string;
}

export interface XdpStep extends StepBase {
  stage: 'xdp';
  mode: 'native' | 'generic';
  program: string;
  verdict: string;
  retval: number;
  /** The xdp:xdp_exception tracepoint fired (ABORTED, an invalid action or a failed redirect). */
  xdp_exception?: XdpException;
  error?: string;
  /** Generic mode: the sk_buff had less than XDP_PACKET_HEADROOM and the kernel expanded its head first. */
  head_expanded?: boolean;
}

export interface SkbAllocStep extends StepBase {
  stage: 'skb-alloc';
  /** Offsets from skb->head. */
  head: number;
  data: number;
  tail: number;
  end: number;
  headroom: number;
  len: number;
  data_len: number;
  /** Bytes of XDP metadata kept in front of data (skb_metadata_len). */
  data_meta: number;
  protocol: string;
  pkt_type: string;
}

export interface GroStep extends StepBase {
  stage: 'gro';
  /** normal: not a GRO candidate; held: starts a super-packet; merged: appended to an earlier packet's sk_buff. */
  result: 'normal' | 'held' | 'merged';
  /** For merged: the index of the packet whose sk_buff took this segment. */
  into?: number;
  /** For held: how many segments the super-packet had when it was flushed. */
  segments?: number;
  reason?: string;
}

export interface HookStep extends StepBase {
  stage: 'tc-ingress' | 'tc-egress';
  program: string;
  /** cls_bpf direct-action under clsact, or tcx. */
  mode: 'cls_bpf' | 'tcx';
  verdict: string;
  retval: number;
  /** What the verdict meant after the kernel's mapping (e.g. PIPE in direct-action mode acts as UNSPEC). */
  effective: string;
  error?: string;
  /** The sk_buff had this many segments when the program ran (GRO super-packet). */
  gso_segs?: number;
}

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface NfStep extends StepBase {
  stage: 'nf-prerouting' | 'nf-input' | 'nf-forward' | 'nf-output' | 'nf-postrouting';
  verdict: 'accept' | 'drop' | 'reject';
  ct?: CtState;
  /** Direction of the packet within its connection. */
  ct_dir?: 'original' | 'reply';
  /** 1-based rule that decided, absent when the chain policy did. */
  rule?: number;
  /** Address (and port) rewriting done at this hook. */
  nat?: string;
}

export interface RouteStep extends StepBase {
  stage: 'routing';
  result: 'local' | 'forward' | 'unreachable' | 'blackhole' | 'prohibit' | 'no-forwarding' | 'output';
  dev?: string;
  via?: string;
  route?: string;
}

export interface SocketStep extends StepBase {
  stage: 'socket';
  proto: string;
  port: number;
  socket?: string;
  /** Packets in the socket's receive queue after this one was added. */
  queued?: number;
}

export interface QdiscStep extends StepBase {
  stage: 'qdisc';
  ifname: string;
  backlog: number;
  limit: number;
}

export interface GsoStep extends StepBase {
  stage: 'gso';
  kind: 'tso' | 'gso' | 'fragment';
  segments: number;
  mss: number;
}

export interface NicTxStep extends StepBase {
  stage: 'nic-tx';
  ifname: string;
  /** How the TX queue was chosen. */
  pick: 'single' | 'xps' | 'rx-queue' | 'hash' | 'xdp' | 'tc';
  len: number;
}

export interface RedirectStep extends StepBase {
  stage: 'redirect';
  kind: 'ifindex' | 'devmap' | 'cpumap' | 'xskmap' | 'ingress';
  target: number;
  ifname?: string;
  socket?: string;
}

export interface AfXdpStep extends StepBase {
  stage: 'af-xdp';
  socket: string;
  ifname: string;
}

export type PathStep =
  | NicRxStep | IrqStep | NapiStep | XdpStep | SkbAllocStep | GroStep | HookStep | NfStep | RouteStep | SocketStep
  | QdiscStep | GsoStep | NicTxStep | RedirectStep | AfXdpStep;

/** A packet the kernel sends in answer (TCP RST, ICMP error, echo reply); built, not run through the model. */
export interface KernelReply {
  kind: string;
  bytes: Uint8Array;
}

/** A frame leaving a NIC. */
export interface TxFrame {
  ifname: string;
  queue: number;
  bytes: Uint8Array;
}

export interface Journey {
  /** 0-based position among the ingested packets. */
  index: number;
  direction: 'ingress' | 'egress';
  ifname: string;
  /** Frame length as captured. */
  len: number;
  path: PathStep[];
  fate: Fate;
  reply?: KernelReply;
  /** What went out of a NIC (before segmentation), for transmitted packets. */
  tx?: TxFrame;
}
