// The cost model: cycles per stage at a configured CPU frequency. It is a model, not a measurement: the figures
// are round numbers chosen so their proportions match what kernel networking talks and papers report for one
// core of a ~3 GHz server, namely
//   - the driver and XDP are cheap (an XDP_DROP path near 100 cycles: 20-30 Mpps per core);
//   - allocating and freeing the sk_buff is the largest single cost of the normal path (~350 cycles);
//   - protocol processing (ip_rcv, routing, local delivery) costs a few hundred cycles per step;
//   - netfilter adds a fixed cost per hook, per rule evaluated, and conntrack a lookup (plus an insertion
//     for a new connection), which is why conntrack-heavy paths run at half the speed of plain ones;
//   - copies cost per byte (copy to the socket's reader, AF_XDP copy mode) at ~8 bytes per cycle;
//   - interrupts and NAPI polls are per batch, so they matter less the larger the batches.
// A whole local UDP delivery then lands near 2500 cycles (≈1.2 Mpps per core), a forward near 1800.
// Any figure can be overridden from the scenario's `cost.cycles`; programs add one cycle per instruction.

export const DEFAULT_CYCLES = {
  /** Descriptor read, DMA sync, prefetch: per frame in the driver. */
  driverRx: 60,
  /** Hard interrupt entry and napi_schedule: per interrupt. */
  irq: 1200,
  /** Softirq entry, ring refill: per NAPI poll. */
  napiPoll: 300,
  /** Entering an XDP program (the instructions are extra). */
  xdpRun: 30,
  xdpTx: 80,
  xdpRedirect: 120,
  /** build_skb/napi_alloc_skb and the matching free: the allocation share of the path. */
  skbAlloc: 350,
  /** Generic XDP when the sk_buff lacks 256 bytes of headroom: pskb_expand_head copies it. */
  skbExpandHead: 400,
  gro: 100,
  /** Entering a TC program (the instructions are extra). */
  tcRun: 40,
  /** ip_rcv / ipv6_rcv header checks. */
  ipRcv: 150,
  /** One netfilter hook with a registered chain. */
  nfHook: 40,
  /** Each rule evaluated. */
  nfRule: 15,
  conntrackLookup: 300,
  /** Allocating and inserting a new conntrack entry. */
  conntrackNew: 900,
  nat: 150,
  /** FIB lookup. */
  routing: 180,
  /** ip_local_deliver and the transport demux. */
  localDeliver: 250,
  /** Queueing to the socket and waking its reader. */
  socketQueue: 400,
  /** Cycles per byte copied (tenths allowed). */
  copyPerByte: 0.125,
  /** ip_forward: TTL, MTU checks. */
  forward: 150,
  qdisc: 200,
  gsoSegment: 250,
  nicTx: 150,
  afXdp: 150,
  /** kfree_skb for a packet the stack drops. */
  drop: 100,
  /** Building and sending the kernel's answer (RST, ICMP error, echo reply). */
  reply: 600,
};

export type CostName = keyof typeof DEFAULT_CYCLES;

export const COST_NAMES = Object.keys(DEFAULT_CYCLES) as CostName[];

export class CostModel {
  private readonly table: Record<CostName, number>;
  /** Cycles per nanosecond. */
  readonly ghz: number;

  constructor(cpuGhz = 3.0, overrides: Record<string, number> = {}) {
    this.ghz = cpuGhz;
    this.table = { ...DEFAULT_CYCLES };
    for (const name of COST_NAMES) {
      const v = overrides[name];
      if (typeof v === 'number' && v >= 0) this.table[name] = v;
    }
  }

  cycles(name: CostName): number {
    return this.table[name];
  }

  copy(bytes: number): number {
    return Math.round(bytes * this.table.copyPerByte);
  }

  ns(cycles: number): number {
    return cycles / this.ghz;
  }
}
