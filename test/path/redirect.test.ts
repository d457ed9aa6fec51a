// XDP_REDIRECT to another interface (devmap), another CPU (cpumap) and an AF_XDP socket (xskmap).

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import { PathModel } from '../../src/engine/path/model';
import type { RedirectTarget } from '../../src/engine/path/runner';
import type { Scenario } from '../../src/engine/path/scenario-types';
import { FakeRunner, TC, XDP } from './fake-runner';
import { runAll, stages, stepOf } from './helpers';
import { frame } from './packets';

function twoPorts(): Scenario {
  return {
    cpus: 4,
    interfaces: [
      { name: 'eth0', ifindex: 2, mac: '02:00:00:00:00:01', addresses: ['10.0.0.1/24'], rxQueues: 2 },
      { name: 'eth1', ifindex: 3, mac: '02:00:00:00:00:02', addresses: ['10.1.0.1/24'], rxQueues: 2 },
    ],
    programs: [
      { iface: 'eth0', hook: 'xdp', program: 'redir' },
      { iface: 'eth0', hook: 'tc-ingress', program: 'tc_in' },
    ],
    sockets: [{ proto: 'udp', port: 53, name: 'dns' }],
    xsks: [{ name: 'xsk-q1', iface: 'eth0', queue: 1, key: 1 }],
    rss: { indirection: [1] },
  };
}

function redirecting(target: RedirectTarget): FakeRunner {
  return new FakeRunner({ xdp: () => ({ retval: XDP.REDIRECT, redirect: target }), 'tc-ingress': () => ({ retval: TC.OK }) });
}

const pkt = (): Uint8Array => frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', sport: 4444, dport: 53, dstMac: '02:00:00:00:00:01', payload: 32 });

describe('path: XDP_REDIRECT', () => {
  it('devmap: straight out of the other interface, no sk_buff, no qdisc', () => {
    const m = new PathModel(twoPorts(), redirecting({ kind: 'devmap', target: 3 }));
    const [j] = runAll(m, [{ bytes: pkt(), tsNs: 0, ifname: 'eth0' }]);
    assert.deepEqual(stages(j), ['nic-rx', 'irq', 'napi-poll', 'xdp', 'redirect', 'nic-tx']);
    assert.equal(stepOf(j, 'redirect')?.ifname, 'eth1');
    assert.equal(stepOf(j, 'nic-tx')?.ifname, 'eth1');
    assert.equal(j.fate.outcome, 'transmitted');
    const [eth0, eth1] = m.counters().interfaces;
    assert.equal(eth0.xdp_redirect, 1);
    assert.equal(eth1.tx_packets, 1);
    assert.equal(eth0.tx_packets, 0);
    assert.equal(formatJourney(j), 'q1 rx → napi → xdp:REDIRECT → redirect→eth1 → tx eth1:q1 transmitted');
  });

  it('a redirect to an ifindex that does not exist fails with xdp_exception', () => {
    const m = new PathModel(twoPorts(), redirecting({ kind: 'ifindex', target: 9 }));
    const [j] = runAll(m, [{ bytes: pkt(), tsNs: 0 }]);
    assert.equal(j.fate.outcome, 'aborted');
    assert.match(stepOf(j, 'xdp')?.xdp_exception?.reason ?? '', /ifindex 9/);
    assert.equal(m.counters().interfaces[0].xdp_redirect, 0);
  });

  it('cpumap: the sk_buff is built on the target CPU and the stack runs there', () => {
    const runner = redirecting({ kind: 'cpumap', target: 3 });
    const m = new PathModel(twoPorts(), runner);
    const [j] = runAll(m, [{ bytes: pkt(), tsNs: 0 }]);
    assert.deepEqual(stages(j).slice(0, 6), ['nic-rx', 'irq', 'napi-poll', 'xdp', 'redirect', 'skb-alloc']);
    assert.equal(stepOf(j, 'napi-poll')?.cpu, 1, 'queue 1 is polled on CPU 1');
    assert.equal(stepOf(j, 'skb-alloc')?.cpu, 3);
    assert.equal(stepOf(j, 'socket')?.cpu, 3);
    assert.equal(j.fate.outcome, 'delivered');
    const tc = runner.calls.find(c => c.hook === 'tc-ingress');
    assert.equal(tc?.cpu, 3);
    assert.equal(tc?.hadSkb, true);
    const cpus = m.counters().cpus;
    assert.ok(cpus[3].busy_ns > 0 && cpus[3].processed === 1);
  });

  it('cpumap to a CPU that does not exist fails', () => {
    const j = runAll(new PathModel(twoPorts(), redirecting({ kind: 'cpumap', target: 8 })), [{ bytes: pkt(), tsNs: 0 }])[0];
    assert.equal(j.fate.outcome, 'aborted');
  });

  it('xskmap: the frame goes to the AF_XDP socket bound to its queue, named in the journey', () => {
    const m = new PathModel(twoPorts(), redirecting({ kind: 'xskmap', target: 1 }));
    const [j] = runAll(m, [{ bytes: pkt(), tsNs: 0 }]);
    assert.deepEqual(stages(j), ['nic-rx', 'irq', 'napi-poll', 'xdp', 'redirect', 'af-xdp']);
    assert.equal(stepOf(j, 'af-xdp')?.socket, 'xsk-q1');
    assert.equal(j.fate.at, 'af-xdp');
    assert.equal(j.fate.outcome, 'redirected');
    assert.match(j.fate.detail, /xsk-q1/);
    assert.equal(formatJourney(j), 'q1 rx → napi → xdp:REDIRECT → redirect→xsk → xsk:xsk-q1 redirected');
  });

  it('xskmap: a socket bound to another queue refuses the frame (-EINVAL)', () => {
    const s = twoPorts();
    s.rss = { indirection: [0] };
    const [j] = runAll(new PathModel(s, redirecting({ kind: 'xskmap', target: 1 })), [{ bytes: pkt(), tsNs: 0 }]);
    assert.equal(j.fate.outcome, 'aborted');
    assert.match(j.fate.detail, /bound to eth0 queue 1.*queue 0/);
  });

  it('XDP_REDIRECT without a target is an exception', () => {
    const runner = new FakeRunner({ xdp: () => ({ retval: XDP.REDIRECT }) });
    const [j] = runAll(new PathModel(twoPorts(), runner), [{ bytes: pkt(), tsNs: 0 }]);
    assert.equal(j.fate.outcome, 'aborted');
    assert.match(j.fate.detail, /-EINVAL/);
  });
});
