// Outbound: a capture replayed as locally generated traffic goes socket → nf-output → routing → nf-postrouting →
// tc-egress → qdisc → (gso) → nic-tx, with the TC egress program's verdict applied.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import { PathModel } from '../../src/engine/path/model';
import { defaultScenario, type Scenario } from '../../src/engine/path/scenario-types';
import { always, FakeRunner, TC, XDP } from './fake-runner';
import { runAll, runOne, stages, stepOf } from './helpers';
import { frame } from './packets';

function egressHost(): Scenario {
  return {
    direction: 'egress',
    interfaces: [{ name: 'eth0', ifindex: 2, mac: '02:00:00:00:00:01', addresses: ['10.0.0.1/24'], txQueues: 2 }],
    routes: [{ dst: 'default', via: '10.0.0.254' }],
    programs: [{ iface: 'eth0', hook: 'tc-egress', program: 'egress_prog' }],
    cpus: 2,
  };
}

const out = (payload = 100): Uint8Array => frame({ src: '10.0.0.1', dst: '203.0.113.9', proto: 'tcp', sport: 43210, dport: 443, flags: 'PA', payload, srcMac: '02:00:00:00:00:77' });

describe('path: egress direction', () => {
  it('runs the outbound stages in the kernel order with the TC egress program', () => {
    const runner = always(XDP.PASS, TC.OK);
    const j = runOne(egressHost(), runner, out());
    assert.deepEqual(stages(j), ['socket', 'nf-output', 'routing', 'nf-postrouting', 'tc-egress', 'qdisc', 'nic-tx']);
    assert.equal(j.direction, 'egress');
    assert.equal(j.fate.outcome, 'transmitted');
    assert.equal(stepOf(j, 'routing')?.result, 'output');
    assert.equal(stepOf(j, 'routing')?.via, '10.0.0.254');
    assert.equal(runner.calls.length, 1);
    assert.equal(runner.calls[0].hook, 'tc-egress');
    assert.equal(runner.calls[0].hadSkb, true);
    assert.deepEqual(Array.from(j.tx?.bytes.subarray(6, 12) ?? []), [2, 0, 0, 0, 0, 1], 'leaves with eth0\'s MAC');
    assert.match(formatJourney(j), /^tcp:43210 → out → route:output\(eth0\) → post → tc-out:OK → qdisc → tx eth0:q\d transmitted$/);
  });

  it('TC_ACT_SHOT at egress drops before the qdisc', () => {
    const m = new PathModel(egressHost(), always(XDP.PASS, TC.SHOT));
    const [j] = runAll(m, [{ bytes: out(), tsNs: 0 }]);
    assert.equal(j.fate.at, 'tc-egress');
    assert.equal(j.fate.outcome, 'dropped');
    assert.ok(!stages(j).includes('qdisc'));
    assert.equal(m.counters().interfaces[0].tx_packets, 0);
  });

  it('a TC egress program choosing queue_mapping picks the TX queue', () => {
    const runner = new FakeRunner({ 'tc-egress': () => ({ retval: TC.OK, skbChanges: { queue_mapping: 1 } }) });
    const j = runOne(egressHost(), runner, out());
    assert.equal(stepOf(j, 'nic-tx')?.queue, 1);
    assert.equal(stepOf(j, 'nic-tx')?.pick, 'tc');
  });

  it('a TCP packet larger than the MTU is segmented: TSO by default, GSO in software without it', () => {
    const big = out(4000);
    const tso = runOne(egressHost(), always(XDP.PASS), big.slice());
    const gso = stepOf(tso, 'gso');
    assert.ok(gso);
    assert.equal(gso.kind, 'tso');
    // MSS = 1500 - 20 (IP) - 20 (TCP) = 1460; 4000 bytes → 3 segments.
    assert.equal(gso.mss, 1460);
    assert.equal(gso.segments, 3);
    assert.ok(stages(tso).indexOf('qdisc') < stages(tso).indexOf('gso'));
    assert.ok(stages(tso).indexOf('gso') < stages(tso).indexOf('nic-tx'));
    const s = egressHost();
    s.interfaces[0].tso = false;
    const m = new PathModel(s, always(XDP.PASS));
    const [soft] = runAll(m, [{ bytes: big.slice(), tsNs: 0 }]);
    assert.equal(stepOf(soft, 'gso')?.kind, 'gso');
    assert.equal(m.counters().interfaces[0].tx_packets, 3);
    assert.match(soft.fate.detail, /as 3 segments/);
  });

  it('output rules apply: drop at nf-output', () => {
    const s = egressHost();
    s.netfilter = { output: { rules: [{ match: { proto: 'tcp', dport: 443 }, action: 'drop' }] } };
    const j = runOne(s, always(XDP.PASS), out());
    assert.equal(j.fate.at, 'nf-output');
  });

  it('SNAT in postrouting rewrites the source on the way out', () => {
    const s = egressHost();
    s.netfilter = { postrouting: { rules: [{ match: { oif: 'eth0' }, action: 'snat', to: '10.0.0.100' }] } };
    const j = runOne(s, always(XDP.PASS), out());
    assert.equal(stepOf(j, 'nf-postrouting')?.nat, 'snat 10.0.0.100:43210');
    assert.deepEqual(Array.from(j.tx?.bytes.subarray(26, 30) ?? []), [10, 0, 0, 100]);
  });

  it('no route out: the sender gets ENETUNREACH', () => {
    const s = egressHost();
    s.routes = [];
    const j = runOne(s, always(XDP.PASS), out());
    assert.equal(j.fate.at, 'routing');
    assert.match(j.fate.detail, /ENETUNREACH/);
  });

  it('the default egress scenario sends everything out of eth0', () => {
    const j = runOne(defaultScenario({ direction: 'egress', hook: 'tc-egress' }), always(XDP.PASS, TC.OK), out());
    assert.equal(j.fate.outcome, 'transmitted');
    assert.equal(stepOf(j, 'tc-egress')?.program, 'prog');
  });

  it('a full qdisc drops (txqueuelen), counted as tx_dropped', () => {
    const s = egressHost();
    s.interfaces[0].txQueues = 1;
    s.interfaces[0].txqueuelen = 5;
    s.interfaces[0].speedMbps = 10;
    const m = new PathModel(s, always(XDP.PASS));
    const js = runAll(m, Array.from({ length: 20 }, (_, i) => ({ bytes: out(1000), tsNs: i })));
    const dropped = js.filter(j => j.fate.at === 'qdisc');
    assert.ok(dropped.length > 0);
    assert.equal(m.counters().interfaces[0].tx_dropped, dropped.length);
    assert.equal(js.filter(j => j.fate.outcome === 'transmitted').length + dropped.length, 20);
  });
});
