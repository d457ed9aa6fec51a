// One RX queue of a NIC with its NAPI context: the descriptor ring, interrupt coalescing, and polls.
//
// Time model: frames arrive at their capture timestamps and take a descriptor if one is free (else rx_missed).
// The interrupt fires rx-usecs after the first frame of a batch, or at once when rx-frames have arrived, but
// never while NAPI is scheduled (the driver keeps the interrupt masked). The IRQ schedules a poll on the queue's
// CPU as soon as that CPU is free. A poll takes up to `budget` frames that arrived before it started and
// processes them one after another at the cost model's pace; each frame's descriptor is released when the
// driver is done with it. A poll that used its whole budget is rescheduled right away (time_squeeze); one that
// did not completes NAPI and re-enables the interrupt.

import type { PathEnv } from './env';
import { Fifo } from './fifo';
import { Gro } from './gro';
import { receiveSkb, rxFront } from './rx-path';
import type { Iface } from './topology';
import type { Trip } from './trip';

interface Waiting {
  trip: Trip;
  arrival: number;
}

export class RxQueue {
  private readonly ring = new Fifo<Waiting>();
  /** Release times of descriptors whose frames a poll took but the driver had not finished at that point. */
  private readonly busy = new Fifo<number>();
  private readonly gro = new Gro();
  /** Pending interrupt time, and frames in the coalescing window. */
  private irqAt: number | undefined;
  private frames = 0;
  private irqEnabledAt = 0;
  /** Scheduled poll time; `fromIrq` records the interrupt that scheduled it. */
  private pollAt: number | undefined;
  private fromIrq: { t: number; frames: number } | undefined;
  private polls = 0;

  constructor(private readonly env: PathEnv, readonly iface: Iface, readonly index: number, readonly cpu: number) {}

  /** Time of this queue's next event (interrupt or poll), if any. */
  nextEvent(): number | undefined {
    return this.pollAt ?? this.irqAt;
  }

  /** A frame arrives at `t`: it takes a descriptor or is dropped (rx_missed). */
  arrive(trip: Trip, t: number): void {
    while ((this.busy.peek() ?? Infinity) <= t) this.busy.shift();
    const used = this.ring.length + this.busy.length;
    const itf = this.iface;
    trip.queue = this.index;
    trip.cpu = this.cpu;
    trip.inIface = itf;
    trip.note({ stage: 'nic-rx', ifname: itf.name, hash: trip.hash, ring_used: Math.min(used + 1, itf.ringSize), ring_size: itf.ringSize }, t, 0);
    const c = this.env.count(itf);
    if (used >= itf.ringSize) {
      c.add(this.index, 'rx_missed');
      trip.end('nic-rx', 'dropped', `rx_missed: RX ring of ${itf.name} queue ${this.index} full (${itf.ringSize} descriptors)`);
      return;
    }
    c.add(this.index, 'rx_packets');
    c.add(this.index, 'rx_bytes', trip.bytes.length);
    this.ring.push({ trip, arrival: t });
    if (this.pollAt === undefined) this.coalesce(t);
  }

  /** Interrupt coalescing: open a window on the first frame, fire after rx-usecs or at rx-frames. */
  private coalesce(t: number): void {
    const itf = this.iface;
    if (this.irqAt === undefined) {
      this.frames = 1;
      this.irqAt = Math.max(this.irqEnabledAt, t + itf.rxUsecs * 1000);
    } else {
      this.frames++;
    }
    if (itf.rxFrames > 0 && this.frames >= itf.rxFrames) this.irqAt = Math.max(this.irqEnabledAt, Math.min(this.irqAt, t));
  }

  /** Runs the next event (the caller picked this queue because its event is due). */
  runEvent(): void {
    if (this.pollAt !== undefined) {
      this.poll(this.pollAt);
      return;
    }
    if (this.irqAt !== undefined) this.interrupt(this.irqAt);
  }

  private interrupt(t: number): void {
    const cpu = this.env.cpus[this.cpu];
    this.env.count(this.iface).add(this.index, 'irqs');
    this.fromIrq = { t, frames: this.ring.length };
    this.irqAt = undefined;
    const irqNs = this.env.cost.ns(this.env.cost.cycles('irq'));
    const start = Math.max(t, cpu.busyUntil);
    cpu.busyUntil = start + irqNs;
    cpu.busyNs += irqNs;
    this.pollAt = cpu.busyUntil;
  }

  private poll(s: number): void {
    const env = this.env;
    const cpu = env.cpus[this.cpu];
    if (cpu.busyUntil > s) {
      this.pollAt = cpu.busyUntil;
      return;
    }
    this.polls++;
    env.count(this.iface).add(this.index, 'napi_polls');
    const budget = env.napiBudget;
    const repoll = this.fromIrq === undefined;
    const irq = this.fromIrq;
    this.fromIrq = undefined;
    const pollCycles = env.cost.cycles('napiPoll');
    let clock = s + env.cost.ns(pollCycles);
    const taken: Trip[] = [];
    while (taken.length < budget && (this.ring.peek()?.arrival ?? Infinity) <= s) taken.push((this.ring.shift() as Waiting).trip);
    const share = taken.length > 0 ? pollCycles / taken.length : 0;
    for (const trip of taken) {
      if (irq) trip.note({ stage: 'irq', coalesced: irq.frames }, irq.t, env.cost.cycles('irq') / Math.max(1, irq.frames));
      trip.note({ stage: 'napi-poll', poll: this.polls, budget, repoll }, s, share);
      clock = this.frame(trip, clock);
    }
    clock = this.deliver(this.gro.flushAll(), clock);
    cpu.busyUntil = clock;
    cpu.busyNs += clock - s;
    cpu.processed += taken.length;
    this.finishPoll(taken.length === budget, clock);
  }

  /** One frame through the driver, GRO and (unless held) the stack; returns the CPU clock after it. */
  private frame(trip: Trip, clock: number): number {
    const env = this.env;
    trip.t = clock;
    trip.cpuCycles = 0;
    env.charge(trip, 'driverRx');
    const front = rxFront(env, trip);
    let after = clock + env.cost.ns(trip.cpuCycles);
    this.busy.push(after);
    if (front === 'done') return after;
    if (!this.iface.gro) return this.deliver([trip], after);
    const g = this.gro.receive(trip);
    env.step(trip, g.step, 'gro');
    after += env.cost.ns(env.cost.cycles('gro'));
    after = this.deliver(g.flushed, after);
    if (g.result === 'merged') {
      env.count(this.iface).add(this.index, 'gro_merged');
      trip.end('gro', 'consumed', `merged by GRO into packet ${g.step.into}'s sk_buff`);
    }
    return g.result === 'normal' ? this.deliver([trip], after) : after;
  }

  /** netif_receive_skb for each packet, one after another on this CPU. */
  private deliver(trips: Trip[], clock: number): number {
    for (const trip of trips) {
      trip.cpuCycles = 0;
      trip.t = Math.max(trip.t, clock);
      receiveSkb(this.env, trip, 0);
      clock += this.env.cost.ns(trip.cpuCycles);
    }
    return clock;
  }

  private finishPoll(exhausted: boolean, end: number): void {
    if (exhausted) {
      this.env.count(this.iface).add(this.index, 'time_squeeze');
      this.env.cpus[this.cpu].timeSqueeze++;
      this.pollAt = end;
      return;
    }
    this.pollAt = undefined;
    this.irqEnabledAt = end;
    const first = this.ring.peek();
    if (!first) return;
    // Frames that came in while the poll ran raise the interrupt once it is re-enabled.
    const itf = this.iface;
    this.frames = this.ring.length;
    const full = itf.rxFrames > 0 && this.frames >= itf.rxFrames;
    this.irqAt = full ? end : Math.max(end, first.arrival + itf.rxUsecs * 1000);
  }
}
