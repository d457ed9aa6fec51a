// The packet path model: feed it captured frames in capture order, get back each packet's journey through the
// NIC, NAPI, XDP, sk_buff, TC, netfilter, routing and socket layers, in the order the packets were fed.
//
// Streaming: a frame is only processed once the model's clock passes the moment its poll runs, which depends on
// later arrivals; `ingest` therefore returns the journeys that are complete (possibly none, possibly several),
// always in input order, and `finish` the rest. What is held at any time is bounded by the RX rings, GRO and
// the conntrack table.

import type { PathCounters } from './counters';
import { PathEnv } from './env';
import { Fifo } from './fifo';
import { localOut } from './stack-out';
import { RxQueue } from './napi';
import type { HookRunner } from './runner';
import { ingressHandoff } from './rx-path';
import type { Scenario } from './scenario-types';
import type { Journey } from './stages';
import { queueForHash, rssInput } from './toeplitz';
import type { Iface } from './topology';
import { journeyDone, newJourney, Trip } from './trip';

export interface IngestPacket {
  /** The frame from its Ethernet header on. The model may rewrite it; pass a copy if you need it unchanged. */
  bytes: Uint8Array;
  /** Capture time in ns. A bigint keeps epoch nanoseconds exact; journeys count from the first packet. */
  tsNs: number | bigint;
  /** Interface the frame arrives on (ingress) or is sent from (egress); default: the first interface. */
  ifname?: string;
  /** Overrides the scenario's direction for this packet. */
  direction?: 'ingress' | 'egress';
}

export class PathModel {
  private readonly env: PathEnv;
  private readonly queues: RxQueue[] = [];
  private readonly byIface = new Map<Iface, RxQueue[]>();
  private readonly pending = new Fifo<Journey>();
  private readonly direction: 'ingress' | 'egress';
  private readonly rssBuf = new Uint8Array(36);
  private t0: bigint | number | undefined;
  private now = 0;
  private count = 0;

  constructor(scenario: Scenario, runner: HookRunner) {
    this.env = new PathEnv(scenario, runner);
    this.env.ingressHandoff = (trip, dev, depth) => ingressHandoff(this.env, trip, dev, depth);
    this.direction = scenario.direction ?? 'ingress';
    for (const itf of this.env.topo.ifaces) {
      const qs = Array.from({ length: itf.rxQueues }, (_, q) => new RxQueue(this.env, itf, q, itf.irqCpu[q] ?? 0));
      this.byIface.set(itf, qs);
      this.queues.push(...qs);
    }
  }

  /** Feeds one frame; returns the journeys completed so far, in input order. */
  ingest(p: IngestPacket): Journey[] {
    const t = Math.max(this.now, this.relative(p.tsNs));
    this.now = t;
    this.advance(t);
    const direction = p.direction ?? this.direction;
    const itf = p.ifname !== undefined ? this.env.topo.named(p.ifname) : this.env.topo.ifaces[0];
    const journey = newJourney(this.count++, direction, p.ifname ?? itf?.name ?? '', p.bytes.length);
    this.pending.push(journey);
    if (!itf) {
      journey.fate = { at: 'nic-rx', outcome: 'dropped', detail: `no interface named "${p.ifname}" in the scenario` };
      return this.drain();
    }
    const trip = new Trip(journey, p.bytes, itf, t);
    trip.hash = this.hashOf(trip, itf);
    if (direction === 'egress') this.send(trip);
    else this.receive(trip, itf, t);
    return this.drain();
  }

  /** Runs every outstanding interrupt and poll; returns the remaining journeys. */
  finish(): Journey[] {
    this.advance(Infinity);
    return this.drain();
  }

  counters(): PathCounters {
    const env = this.env;
    return {
      interfaces: env.topo.ifaces.map(i => env.count(i).snapshot()),
      cpus: env.cpus.map((c, cpu) => ({ cpu, processed: c.processed, time_squeeze: c.timeSqueeze, busy_ns: Math.round(c.busyNs) })),
      stack: { ...env.stack, conntrack_entries: env.ct.size, conntrack_table_full: env.stack.conntrack_table_full },
    };
  }

  private relative(ts: number | bigint): number {
    if (this.t0 === undefined) this.t0 = ts;
    if (typeof ts === 'bigint' && typeof this.t0 === 'bigint') return Number(ts - this.t0);
    return Number(ts) - Number(this.t0);
  }

  private hashOf(trip: Trip, itf: Iface): number {
    const k = trip.key;
    if (!k) return 0;
    const n = rssInput(k, itf.rssFields, this.rssBuf);
    return n === 0 ? 0 : itf.rss.hash(this.rssBuf, n);
  }

  private receive(trip: Trip, itf: Iface, t: number): void {
    const qs = this.byIface.get(itf) as RxQueue[];
    const q = queueForHash(trip.hash, itf.indirection);
    (qs[q] ?? qs[0]).arrive(trip, t);
  }

  /** A locally generated frame runs at once on the sending CPU (chosen by flow hash), when that CPU is free. */
  private send(trip: Trip): void {
    const env = this.env;
    const cpuIndex = Math.floor((trip.hash * env.cpus.length) / 0x100000000);
    const cpu = env.cpus[cpuIndex];
    trip.cpu = cpuIndex;
    trip.t = Math.max(trip.t, cpu.busyUntil);
    const start = trip.t;
    localOut(env, trip);
    cpu.busyUntil = start + env.cost.ns(trip.cpuCycles);
    cpu.busyNs += env.cost.ns(trip.cpuCycles);
    cpu.processed++;
  }

  /** Runs every queue event due before `limit`, earliest first. */
  private advance(limit: number): void {
    for (;;) {
      let next: RxQueue | undefined;
      let at = limit;
      for (const q of this.queues) {
        const e = q.nextEvent();
        if (e !== undefined && e < at) {
          at = e;
          next = q;
        }
      }
      if (!next) return;
      next.runEvent();
    }
  }

  private drain(): Journey[] {
    const out: Journey[] = [];
    for (let j = this.pending.peek(); j && journeyDone(j); j = this.pending.peek()) {
      out.push(j);
      this.pending.shift();
    }
    return out;
  }
}
