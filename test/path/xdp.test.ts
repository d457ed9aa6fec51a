// XDP fates: native DROP never allocates an sk_buff, PASS allocates one after XDP with the headroom XDP left,
// generic mode runs after skb-alloc on an sk_buff, TX leaves by the same NIC, ABORTED fires xdp_exception.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import { PathModel } from '../../src/engine/path/model';
import { defaultScenario, type Scenario } from '../../src/engine/path/scenario-types';
import { always, FakeRunner, XDP } from './fake-runner';
import { runAll, runOne, stages, stepOf } from './helpers';
import { frame } from './packets';

const dns = (): Uint8Array => frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', sport: 33333, dport: 53, payload: 56 });

function scenarioWithXdp(mode: 'native' | 'generic' = 'native'): Scenario {
  return defaultScenario({ hook: 'xdp', program: 'xdp_prog', xdpMode: mode });
}

describe('path: XDP', () => {
  it('XDP_DROP in native mode: dropped at xdp, no sk_buff ever, counted as xdp_drop', () => {
    const runner = always(XDP.DROP);
    const m = new PathModel(scenarioWithXdp(), runner);
    const [j] = runAll(m, [{ bytes: dns(), tsNs: 0 }]);
    assert.deepEqual(stages(j), ['nic-rx', 'irq', 'napi-poll', 'xdp']);
    assert.deepEqual(j.fate.outcome, 'dropped');
    assert.equal(j.fate.at, 'xdp');
    assert.match(j.fate.detail, /no sk_buff/);
    assert.equal(runner.calls[0].hadSkb, false);
    assert.equal(runner.calls[0].mode, 'native');
    const c = m.counters().interfaces[0];
    assert.equal(c.xdp_drop, 1);
    assert.equal(c.rx_packets, 1);
    assert.equal(formatJourney(j), 'q0 rx → napi → xdp:DROP dropped');
  });

  it('XDP_PASS: the sk_buff is built after XDP with XDP_PACKET_HEADROOM in front', () => {
    const runner = always(XDP.PASS);
    const j = runOne(scenarioWithXdp(), runner, dns());
    const s = stages(j);
    assert.ok(s.indexOf('xdp') < s.indexOf('skb-alloc'), s.join(','));
    const skb = stepOf(j, 'skb-alloc');
    assert.ok(skb);
    assert.equal(skb.headroom, 256);
    assert.equal(skb.data, 256);
    assert.equal(skb.len, 98);
    assert.equal(skb.tail - skb.data, 98);
    assert.equal(skb.data_len, 0);
    // One page per frame, minus skb_shared_info (320 bytes).
    assert.equal(skb.end, 4096 - 320);
    assert.equal(skb.protocol, 'IPv4');
    assert.equal(skb.pkt_type, 'PACKET_HOST');
    assert.equal(runner.calls[0].hadSkb, false);
  });

  it('XDP_PASS after bpf_xdp_adjust_head and metadata: headroom shrinks, data_meta is carried', () => {
    const runner = new FakeRunner({
      xdp: pkt => {
        const grown = new Uint8Array(pkt.bytes.length + 8);
        grown.set(pkt.bytes, 8);
        return { retval: XDP.PASS, data: grown, headDelta: 8, meta: new Uint8Array(4) };
      },
    });
    const j = runOne(scenarioWithXdp(), runner, dns());
    const skb = stepOf(j, 'skb-alloc');
    assert.ok(skb);
    assert.equal(skb.headroom, 248);
    assert.equal(skb.len, 106);
    assert.equal(skb.data_meta, 4);
  });

  it('without XDP the sk_buff gets NET_SKB_PAD headroom in half a page', () => {
    const j = runOne(defaultScenario(), always(XDP.PASS), dns());
    const skb = stepOf(j, 'skb-alloc');
    assert.ok(skb);
    assert.equal(skb.headroom, 64);
    assert.equal(skb.end, 2048 - 320);
    assert.ok(!stages(j).includes('xdp'));
  });

  it('a frame larger than the linear area spills into frags (data_len)', () => {
    const big = frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', dport: 53, payload: 1700 });
    const j = runOne(defaultScenario(), always(XDP.PASS), big);
    const skb = stepOf(j, 'skb-alloc');
    assert.ok(skb);
    assert.equal(skb.tail, skb.end);
    assert.equal(skb.data_len, big.length - (skb.end - skb.headroom));
  });

  it('generic mode: skb-alloc first, the program sees an sk_buff, the head is expanded to 256 bytes', () => {
    const runner = always(XDP.PASS);
    const j = runOne(scenarioWithXdp('generic'), runner, dns());
    const s = stages(j);
    assert.ok(s.indexOf('skb-alloc') < s.indexOf('xdp'), s.join(','));
    assert.ok(s.indexOf('gro') < s.indexOf('xdp'), 'generic XDP runs in netif_receive_skb, after GRO');
    const x = stepOf(j, 'xdp');
    assert.ok(x);
    assert.equal(x.mode, 'generic');
    assert.equal(x.head_expanded, true);
    assert.equal(runner.calls[0].hadSkb, true);
    assert.equal(runner.calls[0].mode, 'generic');
    assert.match(formatJourney(j), /^q0 rx → napi → skb\(hr=64,len=98\) → xdp-generic:PASS → pre/);
  });

  it('generic-mode XDP_DROP frees the sk_buff that was already allocated', () => {
    const j = runOne(scenarioWithXdp('generic'), always(XDP.DROP), dns());
    assert.ok(stages(j).includes('skb-alloc'));
    assert.equal(j.fate.at, 'xdp');
    assert.match(j.fate.detail, /sk_buff is freed/);
  });

  it('XDP_TX: back out of the same NIC, no sk_buff, counted as xdp_tx and tx_packets', () => {
    const runner = new FakeRunner({
      xdp: pkt => {
        const out = pkt.bytes.slice();
        out.set(pkt.bytes.subarray(6, 12), 0);
        out.set(pkt.bytes.subarray(0, 6), 6);
        return { retval: XDP.TX, data: out };
      },
    });
    const m = new PathModel(scenarioWithXdp(), runner);
    const input = dns();
    const [j] = runAll(m, [{ bytes: input.slice(), tsNs: 0 }]);
    assert.deepEqual(stages(j), ['nic-rx', 'irq', 'napi-poll', 'xdp', 'nic-tx']);
    assert.equal(j.fate.outcome, 'transmitted');
    const tx = stepOf(j, 'nic-tx');
    assert.equal(tx?.ifname, 'eth0');
    assert.equal(tx?.pick, 'xdp');
    assert.deepEqual(Array.from(j.tx?.bytes.subarray(0, 6) ?? []), Array.from(input.subarray(6, 12)));
    const c = m.counters().interfaces[0];
    assert.equal(c.xdp_tx, 1);
    assert.equal(c.tx_packets, 1);
  });

  it('XDP_ABORTED: aborted with the xdp_exception trace', () => {
    const m = new PathModel(scenarioWithXdp(), always(XDP.ABORTED));
    const [j] = runAll(m, [{ bytes: dns(), tsNs: 0 }]);
    assert.equal(j.fate.outcome, 'aborted');
    const x = stepOf(j, 'xdp');
    assert.deepEqual(x?.xdp_exception, { prog: 'xdp_prog', act: 'XDP_ABORTED', ifindex: 2, reason: 'XDP_ABORTED' });
    assert.equal(m.counters().interfaces[0].xdp_aborted, 1);
  });

  it('an unknown action is treated like ABORTED (bpf_warn_invalid_xdp_action)', () => {
    const j = runOne(scenarioWithXdp(), always(7), dns());
    assert.equal(j.fate.outcome, 'aborted');
    assert.match(j.fate.detail, /invalid XDP action 7/);
  });

  it('a program fault from the runner aborts with its message', () => {
    const runner = new FakeRunner({ xdp: () => ({ retval: XDP.PASS, error: 'invalid read at pkt+40' }) });
    const j = runOne(scenarioWithXdp(), runner, dns());
    assert.equal(j.fate.outcome, 'aborted');
    assert.equal(stepOf(j, 'xdp')?.error, 'invalid read at pkt+40');
  });

  it('a runner that throws costs only the packet it hit (treated as an aborted program)', () => {
    const runner = new FakeRunner({ xdp: pkt => {
      if (pkt.index === 0) throw new Error('interpreter bug');
      return { retval: XDP.PASS };
    } });
    const m = new PathModel(scenarioWithXdp(), runner);
    const [a, b] = runAll(m, [{ bytes: dns(), tsNs: 0 }, { bytes: dns(), tsNs: 1000 }]);
    assert.equal(a.fate.outcome, 'aborted');
    assert.match(a.fate.detail, /runner failed: interpreter bug/);
    assert.notEqual(b.fate.outcome, 'aborted');
  });
});
