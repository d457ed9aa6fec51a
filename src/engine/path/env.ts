// Everything the stages share for one model: the resolved machine, the program runner, the stateful parts
// (conntrack, sockets, CPU and wire timelines) and the counters.

import { Conntrack } from './conntrack';
import { CostModel, type CostName } from './cost';
import { Fifo } from './fifo';
import { IfaceCounterSet, zeroStack, type StackCounters } from './counters';
import { Netfilter } from './netfilter';
import { Fib } from './routing';
import type { HookRunner } from './runner';
import type { Scenario } from './scenario-types';
import { Sockets } from './sockets';
import { Topology, type Iface } from './topology';
import type { Trip } from './trip';
import type { PathStep } from './stages';

export interface CpuState {
  /** When the CPU is next free, ns. */
  busyUntil: number;
  processed: number;
  timeSqueeze: number;
  busyNs: number;
}

export interface TxState {
  /** When the wire is next free, ns. */
  wireFreeAt: number;
  /** Per TX queue: departure times of packets still in the qdisc. */
  backlog: Array<Fifo<number>>;
}

export class PathEnv {
  readonly topo: Topology;
  readonly fib: Fib;
  readonly nf: Netfilter;
  readonly ct: Conntrack;
  readonly cost: CostModel;
  readonly sockets: Sockets;
  readonly forwarding: boolean;
  readonly napiBudget: number;
  readonly cpus: CpuState[];
  readonly counters = new Map<Iface, IfaceCounterSet>();
  readonly tx = new Map<Iface, TxState>();
  readonly stack: StackCounters = zeroStack();
  /** Receive path entry for redirects into an interface's ingress; the model wires it (it lives upstream). */
  ingressHandoff: (trip: Trip, dev: Iface, depth: number) => void = () => undefined;

  constructor(s: Scenario, readonly runner: HookRunner) {
    this.topo = new Topology(s);
    this.fib = new Fib(s, this.topo);
    this.nf = new Netfilter(s);
    this.ct = new Conntrack(s.conntrack?.max);
    this.cost = new CostModel(s.cost?.cpuGhz, s.cost?.cycles);
    this.sockets = new Sockets(s, this.topo);
    this.forwarding = s.forwarding ?? false;
    this.napiBudget = s.napiBudget ?? 64;
    this.cpus = Array.from({ length: this.topo.cpus }, () => ({ busyUntil: 0, processed: 0, timeSqueeze: 0, busyNs: 0 }));
    for (const itf of this.topo.ifaces) {
      this.counters.set(itf, new IfaceCounterSet(itf.name, itf.ifindex, Math.max(itf.rxQueues, itf.txQueues)));
      this.tx.set(itf, { wireFreeAt: 0, backlog: Array.from({ length: itf.txQueues }, () => new Fifo<number>()) });
    }
  }

  count(itf: Iface): IfaceCounterSet {
    return this.counters.get(itf) as IfaceCounterSet;
  }

  txState(itf: Iface): TxState {
    return this.tx.get(itf) as TxState;
  }

  /** Records a step costing the named cycles (plus `extra`). */
  step<T extends PathStep>(trip: Trip, s: T, name: CostName | undefined, extra = 0): T {
    const cycles = (name ? this.cost.cycles(name) : 0) + extra;
    return trip.step(s, cycles, this.cost.ghz);
  }

  /** Charges cycles to the packet without a step of their own (e.g. the driver's descriptor work). */
  charge(trip: Trip, name: CostName, extra = 0): void {
    const cycles = this.cost.cycles(name) + extra;
    trip.spend(cycles, this.cost.ghz);
    const last = trip.journey.path[trip.journey.path.length - 1];
    if (last) last.cycles = (last.cycles ?? 0) + Math.round(cycles);
  }
}
