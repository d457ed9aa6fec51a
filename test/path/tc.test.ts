// TC ingress/egress verdicts with cls_bpf direct-action and tcx semantics, and TC redirects.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import { PathModel } from '../../src/engine/path/model';
import type { AttachConfig, Scenario } from '../../src/engine/path/scenario-types';
import { always, FakeRunner, TC, XDP } from './fake-runner';
import { runAll, runOne, stages, stepOf, stepsOf } from './helpers';
import { frame } from './packets';

function withTc(extra: AttachConfig[] = [], tcMode?: 'tcx'): Scenario {
  const first: AttachConfig = { iface: 'eth0', hook: 'tc-ingress', program: 'tc_in' };
  if (tcMode) first.tcMode = tcMode;
  return {
    forwarding: true,
    interfaces: [
      { name: 'eth0', ifindex: 2, addresses: ['10.0.0.1/24'] },
      { name: 'eth1', ifindex: 3, addresses: ['10.1.0.1/24'] },
    ],
    programs: [first, ...extra],
    sockets: [{ proto: 'udp', port: 53, name: 'dns' }],
  };
}

const dns = (): Uint8Array => frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', sport: 4444, dport: 53, payload: 20 });

describe('path: TC', () => {
  it('TC_ACT_SHOT at ingress drops after skb-alloc, before netfilter', () => {
    const j = runOne(withTc(), always(XDP.PASS, TC.SHOT), dns());
    assert.equal(j.fate.at, 'tc-ingress');
    assert.equal(j.fate.outcome, 'dropped');
    assert.ok(stages(j).includes('skb-alloc'));
    assert.ok(!stages(j).includes('nf-prerouting'));
    assert.equal(formatJourney(j), 'q0 rx → napi → skb(hr=64,len=62) → tc-in:SHOT dropped');
  });

  it('TC_ACT_OK continues up the stack; the program saw an sk_buff', () => {
    const runner = always(XDP.PASS, TC.OK);
    const j = runOne(withTc(), runner, dns());
    assert.equal(j.fate.outcome, 'delivered');
    assert.equal(runner.calls[0].hadSkb, true);
    assert.equal(runner.calls[0].mode, 'cls_bpf');
  });

  for (const [name, code] of [['PIPE', TC.PIPE], ['RECLASSIFY', TC.RECLASSIFY], ['UNSPEC', TC.UNSPEC]] as const) {
    it(`direct-action ${name} acts as UNSPEC: the next filter runs, and with none left the packet continues`, () => {
      const second: AttachConfig = { iface: 'eth0', hook: 'tc-ingress', program: 'tc_second' };
      const runner = new FakeRunner({ 'tc-ingress': (_p, ctx) => ({ retval: ctx.program === 'tc_in' ? code : TC.UNSPEC }) });
      const j = runOne(withTc([second]), runner, dns());
      const tcs = stepsOf(j, 'tc-ingress');
      assert.deepEqual(tcs.map(s => s.program), ['tc_in', 'tc_second']);
      assert.match(tcs[0].effective, /UNSPEC/);
      assert.equal(j.fate.outcome, 'delivered');
    });
  }

  it('TC_ACT_STOLEN consumes the packet (cls_bpf); under tcx the same value means NEXT', () => {
    const stolen = runOne(withTc(), always(XDP.PASS, TC.STOLEN), dns());
    assert.equal(stolen.fate.outcome, 'consumed');
    assert.equal(stolen.fate.at, 'tc-ingress');
    const tcx = runOne(withTc([], 'tcx'), always(XDP.PASS, TC.STOLEN), dns());
    assert.equal(tcx.fate.outcome, 'delivered');
    assert.match(stepOf(tcx, 'tc-ingress')?.effective ?? '', /NEXT/);
  });

  it('TC_ACT_REDIRECT to another interface: out of its egress path', () => {
    const runner = new FakeRunner({ 'tc-ingress': () => ({ retval: TC.REDIRECT, redirect: { kind: 'ifindex', target: 3 } }) });
    const m = new PathModel(withTc(), runner);
    const [j] = runAll(m, [{ bytes: dns(), tsNs: 0 }]);
    assert.deepEqual(stages(j).slice(-4), ['tc-ingress', 'redirect', 'qdisc', 'nic-tx']);
    assert.equal(stepOf(j, 'nic-tx')?.ifname, 'eth1');
    assert.equal(j.fate.outcome, 'transmitted');
    assert.equal(m.counters().interfaces[1].tx_packets, 1);
  });

  it('TC redirect with BPF_F_INGRESS enters the other interface as if received there', () => {
    const runner = new FakeRunner({
      'tc-ingress': (_p, _c, itf) => (itf.name === 'eth0' ? { retval: TC.REDIRECT, redirect: { kind: 'ifindex', target: 3, flags: 1 } } : { retval: TC.OK }),
    });
    const s = withTc([{ iface: 'eth1', hook: 'tc-ingress', program: 'tc_eth1' }]);
    const [j] = runAll(new PathModel(s, runner), [{ bytes: dns(), tsNs: 0 }]);
    assert.equal(stepOf(j, 'redirect')?.kind, 'ingress');
    assert.deepEqual(stepsOf(j, 'tc-ingress').map(t => t.program), ['tc_in', 'tc_eth1']);
    assert.equal(j.fate.outcome, 'delivered');
  });

  it('a redirect loop stops at the recursion limit', () => {
    const runner = new FakeRunner({ 'tc-egress': () => ({ retval: TC.REDIRECT, redirect: { kind: 'ifindex', target: 3 } }), 'tc-ingress': () => ({ retval: TC.REDIRECT, redirect: { kind: 'ifindex', target: 3 } }) });
    const s = withTc([{ iface: 'eth1', hook: 'tc-egress', program: 'loop' }]);
    const [j] = runAll(new PathModel(s, runner), [{ bytes: dns(), tsNs: 0 }]);
    assert.equal(j.fate.outcome, 'dropped');
    assert.match(j.fate.detail, /loop/);
  });

  it('TC_ACT_REDIRECT without bpf_redirect drops', () => {
    const j = runOne(withTc(), always(XDP.PASS, TC.REDIRECT), dns());
    assert.equal(j.fate.outcome, 'dropped');
    assert.match(j.fate.detail, /without a bpf_redirect target/);
  });

  it('skb changes (mark) made at ingress reach later programs', () => {
    let seenMark = -1;
    const runner = new FakeRunner({
      'tc-ingress': (_p, ctx) => {
        if (ctx.program === 'tc_second') seenMark = ctx.skb?.mark ?? -1;
        return { retval: TC.UNSPEC, skbChanges: { mark: 42 } };
      },
    });
    runOne(withTc([{ iface: 'eth0', hook: 'tc-ingress', program: 'tc_second' }]), runner, dns());
    assert.equal(seenMark, 42);
  });

  it('a VLAN tag is moved into the sk_buff before TC sees the frame', () => {
    let len = 0;
    let tci = -1;
    const runner = new FakeRunner({
      'tc-ingress': (p, ctx) => {
        len = p.bytes.length;
        tci = ctx.skb?.vlan_present ? ctx.skb.vlan_tci : -1;
        return { retval: TC.OK };
      },
    });
    const tagged = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53, payload: 20, vlan: 100 });
    runOne(withTc(), runner, tagged);
    assert.equal(len, tagged.length - 4);
    assert.equal(tci, 100);
  });
});
