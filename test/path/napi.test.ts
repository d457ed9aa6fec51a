// The receive timeline: interrupt coalescing, NAPI polls with a budget (rescheduled polls count as
// time_squeeze), the RX ring overflowing under a burst (rx_missed), GRO within a poll, and streaming output.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import { PathModel, type IngestPacket } from '../../src/engine/path/model';
import type { Scenario } from '../../src/engine/path/scenario-types';
import { always, FakeRunner, TC, XDP } from './fake-runner';
import { runAll, stepOf } from './helpers';
import { frame } from './packets';

function nic(extra: Scenario['interfaces'][0] = { name: 'eth0' }, more: Partial<Scenario> = {}): Scenario {
  return { interfaces: [{ ...extra, name: 'eth0' }], routes: [{ dst: '0.0.0.0/0', type: 'local' }], ...more };
}

function burst(n: number, spacingNs: number): IngestPacket[] {
  return Array.from({ length: n }, (_, i) => ({
    bytes: frame({ src: `10.0.${i >> 8}.${i & 0xff}`, dst: '10.9.9.9', proto: 'udp', sport: 1000 + i, dport: 53, payload: 20 }),
    tsNs: i * spacingNs,
  }));
}

describe('path: NAPI, interrupts and the RX ring', () => {
  it('a burst larger than the budget is handled in polls of 64; exhausted polls are rescheduled (time_squeeze)', () => {
    const m = new PathModel(nic({ name: 'eth0', ringSize: 512 }), always(XDP.PASS));
    const js = runAll(m, burst(200, 0));
    const polls = js.map(j => stepOf(j, 'napi-poll')?.poll);
    const sizes = [1, 2, 3, 4].map(p => polls.filter(x => x === p).length);
    assert.deepEqual(sizes, [64, 64, 64, 8]);
    assert.ok(js.slice(0, 64).every(j => stepOf(j, 'irq')?.coalesced === 200 && stepOf(j, 'napi-poll')?.repoll === false));
    assert.ok(js.slice(64).every(j => stepOf(j, 'irq') === undefined && stepOf(j, 'napi-poll')?.repoll === true));
    const c = m.counters();
    const q = c.interfaces[0].queues[0];
    assert.equal(q.napi_polls, 4);
    assert.equal(q.time_squeeze, 3);
    assert.equal(q.irqs, 1);
    assert.equal(c.cpus[0].time_squeeze, 3);
    assert.equal(c.cpus[0].processed, 200);
  });

  it('the budget is configurable', () => {
    const m = new PathModel(nic({ name: 'eth0' }, { napiBudget: 16 }), always(XDP.PASS));
    runAll(m, burst(40, 0));
    const q = m.counters().interfaces[0].queues[0];
    assert.equal(q.napi_polls, 3);
    assert.equal(q.time_squeeze, 2);
  });

  it('a simultaneous burst overflows the ring: the excess is dropped at nic-rx (rx_missed)', () => {
    const m = new PathModel(nic({ name: 'eth0', ringSize: 128 }), always(XDP.PASS));
    const js = runAll(m, burst(300, 0));
    const missed = js.filter(j => j.fate.at === 'nic-rx');
    assert.equal(missed.length, 172);
    assert.ok(missed.every(j => j.index >= 128 && j.fate.outcome === 'dropped' && /rx_missed/.test(j.fate.detail)));
    assert.equal(formatJourney(missed[0]), 'q0 rx dropped');
    const c = m.counters().interfaces[0];
    assert.equal(c.rx_missed, 172);
    assert.equal(c.rx_packets, 128);
  });

  it('when arrivals outpace processing the ring fills and drops begin; spaced out, nothing is lost', () => {
    // ~20 Mpps of arrivals against a stack path of well over 100 ns per packet.
    const fast = new PathModel(nic({ name: 'eth0', ringSize: 64 }), always(XDP.PASS));
    const fj = runAll(fast, burst(1000, 50));
    const missed = fj.filter(j => j.fate.at === 'nic-rx').map(j => j.index);
    assert.ok(missed.length > 0, 'drops expected');
    assert.ok(missed[0] >= 64, 'nothing can be missed before the ring is full');
    assert.equal(fast.counters().interfaces[0].rx_missed, missed.length);
    const slow = new PathModel(nic({ name: 'eth0', ringSize: 64 }), always(XDP.PASS));
    runAll(slow, burst(1000, 20_000));
    assert.equal(slow.counters().interfaces[0].rx_missed, 0);
  });

  it('XDP_DROP is cheap enough to keep up where the full stack cannot', () => {
    const dropper = new PathModel(nic({ name: 'eth0', ringSize: 64 }, { programs: [{ iface: 'eth0', hook: 'xdp', program: 'drop' }] }), always(XDP.DROP));
    runAll(dropper, burst(1000, 300));
    const stack = new PathModel(nic({ name: 'eth0', ringSize: 64 }), always(XDP.PASS));
    runAll(stack, burst(1000, 300));
    assert.equal(dropper.counters().interfaces[0].rx_missed, 0);
    assert.ok(stack.counters().interfaces[0].rx_missed > 0);
  });

  it('interrupt coalescing: rx-usecs delays the interrupt, rx-frames fires it early', () => {
    const timed = new PathModel(nic({ name: 'eth0', coalesce: { rxUsecs: 50, rxFrames: 0 } }), always(XDP.PASS));
    const tj = runAll(timed, burst(6, 10_000).map((p, i) => (i === 5 ? { ...p, tsNs: 200_000 } : p)));
    assert.deepEqual(tj.map(j => stepOf(j, 'irq')?.coalesced), [5, 5, 5, 5, 5, 1]);
    assert.deepEqual(tj.map(j => stepOf(j, 'irq')?.t_ns), [50_000, 50_000, 50_000, 50_000, 50_000, 250_000]);
    const counted = new PathModel(nic({ name: 'eth0', coalesce: { rxUsecs: 1000, rxFrames: 2 } }), always(XDP.PASS));
    const cj = runAll(counted, burst(4, 10_000));
    assert.deepEqual(cj.map(j => stepOf(j, 'irq')?.t_ns), [10_000, 10_000, 30_000, 30_000]);
    assert.equal(counted.counters().interfaces[0].irqs, 2);
  });

  it('step times never go backwards along a journey', () => {
    const js = runAll(new PathModel(nic({ name: 'eth0', ringSize: 64 }), always(XDP.PASS)), burst(300, 100));
    for (const j of js) {
      const ts = j.path.map(s => s.t_ns ?? 0);
      for (let i = 1; i < ts.length; i++) assert.ok(ts[i] >= ts[i - 1], `journey ${j.index}: ${ts.join(',')}`);
    }
  });

  it('streams: each ingest returns what is complete, in order, and what is held back does not grow with the input', () => {
    const heldBack = (n: number): number => {
      const m = new PathModel(nic({ name: 'eth0', ringSize: 32 }), always(XDP.PASS));
      let maxBehind = 0;
      let got = 0;
      burst(n, 40).forEach((p, i) => {
        const out = m.ingest(p);
        out.forEach((j, k) => assert.equal(j.index, got + k));
        got += out.length;
        maxBehind = Math.max(maxBehind, i + 1 - got);
      });
      got += m.finish().length;
      assert.equal(got, n);
      return maxBehind;
    };
    // Overloaded on purpose: a packet waits in the ring for up to one poll while later arrivals are dropped at
    // once but must wait their turn; that backlog is the same whether the capture is short or long.
    const short = heldBack(4000);
    const long = heldBack(16000);
    assert.ok(long <= short + 64, `held back ${short} then ${long}`);
    const spaced = new PathModel(nic({ name: 'eth0' }), always(XDP.PASS));
    assert.equal(spaced.ingest(burst(1, 0)[0]).length, 0, 'the first packet waits for its interrupt');
    assert.deepEqual(spaced.ingest({ ...burst(2, 0)[1], tsNs: 1e9 }).map(j => j.index), [0]);
  });

  it('queues on different CPUs poll independently; irqAffinity moves a queue', () => {
    const s = nic({ name: 'eth0', rxQueues: 2, irqAffinity: [1, 0] });
    const js = runAll(new PathModel(s, always(XDP.PASS)), burst(40, 0));
    for (const j of js) {
      const rx = stepOf(j, 'nic-rx');
      assert.equal(stepOf(j, 'napi-poll')?.cpu, rx?.queue === 0 ? 1 : 0);
    }
  });
});

describe('path: GRO', () => {
  const seg = (i: number, flags = 'A'): IngestPacket => ({
    bytes: frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 40000, dport: 80, flags, seq: 1 + i * 1000, ack: 7, payload: 1000 }),
    tsNs: i,
  });
  const scenario = (gro: boolean): Scenario => ({
    interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'], gro }],
    programs: [{ iface: 'eth0', hook: 'tc-ingress', program: 'tc' }],
    sockets: [{ proto: 'tcp', port: 80, name: 'web' }],
  });

  it('merges in-order segments of one flow within a poll into one super-packet', () => {
    const lens: number[] = [];
    const runner = new FakeRunner({ 'tc-ingress': (p, ctx) => {
      lens.push(p.bytes.length, ctx.skb?.gso_segs ?? 0);
      return { retval: TC.OK };
    } });
    const m = new PathModel(scenario(true), runner);
    const js = runAll(m, [seg(0), seg(1), seg(2), seg(3, 'PA'), seg(4)]);
    assert.equal(stepOf(js[0], 'gro')?.result, 'held');
    assert.equal(stepOf(js[0], 'gro')?.segments, 4);
    for (const j of js.slice(1, 4)) {
      assert.equal(stepOf(j, 'gro')?.result, 'merged');
      assert.equal(stepOf(j, 'gro')?.into, 0);
      assert.equal(j.fate.outcome, 'consumed');
    }
    // PSH ends the super-packet; the next segment starts a new one.
    assert.equal(stepOf(js[4], 'gro')?.result, 'held');
    assert.deepEqual(lens, [54 + 4000, 4, 54 + 1000, 1]);
    assert.equal(js[0].fate.outcome, 'delivered');
    assert.match(formatJourney(js[0]), /gro\(4\) → tc-in:OK/);
    assert.equal(m.counters().interfaces[0].gro_merged, 3);
  });

  it('an out-of-order segment or another flow is not merged; GRO off delivers each segment', () => {
    const js = runAll(new PathModel(scenario(true), always(XDP.PASS)), [seg(0), seg(2), seg(1)]);
    assert.deepEqual(js.map(j => stepOf(j, 'gro')?.result), ['held', 'held', 'held']);
    const off = runAll(new PathModel(scenario(false), always(XDP.PASS)), [seg(0), seg(1)]);
    assert.ok(off.every(j => stepOf(j, 'gro') === undefined && j.fate.outcome === 'delivered'));
  });

  it('a forwarded super-packet is segmented again on the way out', () => {
    const s: Scenario = {
      forwarding: true,
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }, { name: 'eth1', addresses: ['10.1.0.1/24'], tso: false }],
    };
    const fwd = (i: number): IngestPacket => ({
      bytes: frame({ src: '10.0.0.9', dst: '10.1.0.9', proto: 'tcp', sport: 40000, dport: 80, flags: 'A', seq: 1 + i * 1000, payload: 1000 }),
      tsNs: i,
    });
    const js = runAll(new PathModel(s, always(XDP.PASS)), [fwd(0), fwd(1), fwd(2)]);
    const gso = stepOf(js[0], 'gso');
    assert.equal(gso?.kind, 'gso');
    assert.equal(gso?.segments, 3);
    assert.equal(gso?.mss, 1000);
  });
});
