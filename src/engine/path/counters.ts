// Counters in the spirit of `ethtool -S` (per queue and per interface), `ip -s link` and /proc/net/softnet_stat
// (per CPU). Names follow the common driver spellings so they read like the real thing.

export interface QueueCounters {
  queue: number;
  rx_packets: number;
  rx_bytes: number;
  rx_missed: number;
  xdp_drop: number;
  xdp_pass: number;
  xdp_tx: number;
  xdp_redirect: number;
  xdp_aborted: number;
  irqs: number;
  napi_polls: number;
  time_squeeze: number;
  gro_merged: number;
  tx_packets: number;
  tx_bytes: number;
}

export type QueueCounterName = Exclude<keyof QueueCounters, 'queue'>;

export interface IfaceCounters extends Omit<QueueCounters, 'queue'> {
  ifname: string;
  ifindex: number;
  /** Frames the stack dropped after the driver handed them over (no protocol handler, not for this host). */
  rx_dropped: number;
  /** Frames dropped by the qdisc (over txqueuelen). */
  tx_dropped: number;
  queues: QueueCounters[];
}

export interface CpuCounters {
  cpu: number;
  /** softnet_stat: packets processed, time squeezes. */
  processed: number;
  time_squeeze: number;
  /** Modelled busy time, ns. */
  busy_ns: number;
}

export interface StackCounters {
  nf_dropped: number;
  nf_rejected: number;
  conntrack_entries: number;
  conntrack_table_full: number;
  delivered: number;
  forwarded: number;
  no_socket: number;
  no_route: number;
}

export interface PathCounters {
  interfaces: IfaceCounters[];
  cpus: CpuCounters[];
  stack: StackCounters;
}

const QUEUE_COUNTER_NAMES: QueueCounterName[] = [
  'rx_packets', 'rx_bytes', 'rx_missed', 'xdp_drop', 'xdp_pass', 'xdp_tx', 'xdp_redirect', 'xdp_aborted', 'irqs',
  'napi_polls', 'time_squeeze', 'gro_merged', 'tx_packets', 'tx_bytes',
];

function zeroQueue(queue: number): QueueCounters {
  return {
    queue, rx_packets: 0, rx_bytes: 0, rx_missed: 0, xdp_drop: 0, xdp_pass: 0, xdp_tx: 0, xdp_redirect: 0, xdp_aborted: 0,
    irqs: 0, napi_polls: 0, time_squeeze: 0, gro_merged: 0, tx_packets: 0, tx_bytes: 0,
  };
}

/** Live counters of one interface; `snapshot` sums the queues into interface totals. */
export class IfaceCounterSet {
  readonly queues: QueueCounters[];
  rxDropped = 0;
  txDropped = 0;

  constructor(readonly ifname: string, readonly ifindex: number, queues: number) {
    this.queues = Array.from({ length: queues }, (_, q) => zeroQueue(q));
  }

  add(queue: number, name: QueueCounterName, n = 1): void {
    const q = this.queues[queue] ?? this.queues[0];
    q[name] += n;
  }

  snapshot(): IfaceCounters {
    const sums = zeroQueue(0);
    for (const q of this.queues) for (const k of QUEUE_COUNTER_NAMES) sums[k] += q[k];
    const totals: Partial<IfaceCounters> = {};
    for (const k of QUEUE_COUNTER_NAMES) totals[k] = sums[k];
    return {
      ...(totals as Omit<QueueCounters, 'queue'>), ifname: this.ifname, ifindex: this.ifindex,
      rx_dropped: this.rxDropped, tx_dropped: this.txDropped, queues: this.queues.map(q => ({ ...q })),
    };
  }
}

export function zeroStack(): StackCounters {
  return { nf_dropped: 0, nf_rejected: 0, conntrack_entries: 0, conntrack_table_full: 0, delivered: 0, forwarded: 0, no_socket: 0, no_route: 0 };
}
