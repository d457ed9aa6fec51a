// One packet on its way: the frame as it is now, where it is (interface, queue, CPU, time), its sk_buff once it
// has one, and the journey being recorded. Stages call `step` to append what happened and `end` for the fate.

import type { CtLookup } from './conntrack';
import { parseFlow, type FlowKey } from './flowkey';
import type { PathPacket, SkbState } from './runner';
import type { Journey, Outcome, PathStep, StageName } from './stages';
import type { Iface } from './topology';

export class Trip {
  /** The frame from its MAC header on. */
  bytes: Uint8Array;
  meta: Uint8Array | undefined;
  queue: number;
  cpu = 0;
  /** Current time, ns since the first packet (fractional inside; rounded in the journey). */
  t: number;
  skb: SkbState | undefined;
  ct: CtLookup | undefined;
  /** RSS hash from the NIC. */
  hash = 0;
  /** Interface the packet is on now (changes on redirect and output). */
  iface: Iface;
  /** Where the packet came in, for netfilter iif and replies. */
  inIface: Iface | undefined;
  /** Segments GRO folded into this one: their payloads, and the MSS. */
  groSegments: Uint8Array[] | undefined;
  groMss = 0;
  /** TX queue a TC egress program chose through skb->queue_mapping. */
  txQueueSet: number | undefined;
  /** Cycles the stages spent on this packet, and on the CPU it is on now. */
  cycles = 0;
  cpuCycles = 0;
  private flowKey: FlowKey | undefined;
  private flowFresh = false;

  constructor(readonly journey: Journey, bytes: Uint8Array, iface: Iface, t: number) {
    this.bytes = bytes;
    this.iface = iface;
    this.queue = 0;
    this.t = t;
    this.meta = undefined;
    this.skb = undefined;
    this.ct = undefined;
    this.inIface = undefined;
    this.groSegments = undefined;
    this.txQueueSet = undefined;
  }

  get done(): boolean {
    return journeyDone(this.journey);
  }

  /** The flow key of the current bytes, parsed on first use after a change. */
  get key(): FlowKey | undefined {
    if (!this.flowFresh) {
      this.flowKey = parseFlow(this.bytes);
      this.flowFresh = true;
    }
    return this.flowKey;
  }

  /** The packet as a program sees it. */
  packet(): PathPacket {
    const p: PathPacket = { bytes: this.bytes, index: this.journey.index, tNs: Math.round(this.t) };
    if (this.meta) p.meta = this.meta;
    return p;
  }

  setBytes(b: Uint8Array): void {
    this.bytes = b;
    this.flowFresh = false;
  }

  /** Marks the cached key stale after an in-place rewrite (NAT changes ports in the key itself, addresses in place). */
  touched(): void {
    this.flowFresh = false;
  }

  /** Appends a step at the current time on the current CPU and advances the time by its cost. */
  step<T extends PathStep>(s: T, cycles: number, ghz: number): T {
    s.cpu = this.cpu;
    if (s.queue === undefined) s.queue = this.queue;
    s.t_ns = Math.round(this.t);
    s.cycles = Math.round(cycles);
    this.journey.path.push(s);
    this.spend(cycles, ghz);
    return s;
  }

  /** Appends a step that happened at another time (the NIC's DMA, the interrupt) without advancing the clock. */
  note<T extends PathStep>(s: T, tNs: number, cycles: number): T {
    s.cpu = this.cpu;
    if (s.queue === undefined) s.queue = this.queue;
    s.t_ns = Math.round(tNs);
    s.cycles = Math.round(cycles);
    this.journey.path.push(s);
    return s;
  }

  spend(cycles: number, ghz: number): void {
    this.t += cycles / ghz;
    this.cycles += cycles;
    this.cpuCycles += cycles;
  }

  end(at: StageName, outcome: Outcome, detail: string): void {
    if (this.done) return;
    this.journey.fate = { at, outcome, detail };
  }
}

/** Placeholder stage of a journey still under way (never seen outside the model). */
const PENDING = 'pending' as StageName;

export function journeyDone(j: Journey): boolean {
  return j.fate.at !== PENDING;
}

export function newJourney(index: number, direction: 'ingress' | 'egress', ifname: string, len: number): Journey {
  return { index, direction, ifname, len, path: [], fate: { at: PENDING, outcome: 'consumed', detail: '' } };
}
