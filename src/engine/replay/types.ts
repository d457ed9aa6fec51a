// Shapes of a replay: which hook a program runs at, what one packet's run produced, and the totals.

import type { PacketEvent, RedirectInfo, RuntimeError, SkbOut } from '../interp/types';

/** Where the program runs. TC programs see an sk_buff; ingress and egress differ in the device fields. */
export type ReplayHook = 'xdp' | 'tc-ingress' | 'tc-egress';

export interface ReplayOptions {
  hook: ReplayHook;
  /** Keep the bytes after the program (for --json's data_out_hex or --out). Off: only their length. */
  keepOutput: boolean;
}

/**
 * One packet through the program. The object is reused for the next packet: copy what must outlive it.
 * `dataOut` is valid until the next packet.
 */
export interface PacketOutcome {
  /** 1-based position in the capture. */
  index: number;
  tsSec: number;
  tsNsec: number;
  /** The frame as the program saw it (after framing), valid until the next packet. */
  frame: Uint8Array;
  lenIn: number;
  /** The capture's own length on the wire (may exceed lenIn for snapped captures). */
  origLen: number;
  /** The Ethernet header was synthesised for a non-Ethernet link type. */
  synthesized: boolean;
  retval: number;
  action: string;
  lenOut: number;
  dataOut?: Uint8Array;
  /** XDP metadata (data_meta .. data) the program left, when any. */
  metaOut?: Uint8Array;
  printk: string[];
  error?: RuntimeError;
  skb?: SkbOut;
  /** Where a redirect went (XDP_REDIRECT / TC_ACT_REDIRECT). */
  redirect?: RedirectInfo;
  /** Ring buffer and perf event output of this packet. */
  events: PacketEvent[];
  steps: number;
}

/** A packet the replay could not hand to the program (a link type that cannot be framed as Ethernet). */
export interface SkippedPacket {
  index: number;
  reason: string;
}

export interface ReplaySummary {
  packets: number;
  /** Per action name (XDP_PASS, TC_ACT_SHOT…), in first-seen order. */
  actions: Record<string, number>;
  /** Packets whose run ended with a run-time error (counted under their action too). */
  errors: number;
  skipped: number;
  synthesized: number;
  bytesIn: number;
  bytesOut: number;
  printkLines: number;
}
