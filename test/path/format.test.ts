// The compact journey line, checked against the example in the issue.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import type { Scenario } from '../../src/engine/path/scenario-types';
import { STAGE_NAMES } from '../../src/engine/path/stages';
import { always, TC, XDP } from './fake-runner';
import { runOne } from './helpers';
import { frame } from './packets';

describe('path: journey line', () => {
  it('prints the issue\'s example exactly', () => {
    const s: Scenario = {
      interfaces: [{ name: 'eth0', rxQueues: 2, addresses: ['192.0.2.1/24'] }],
      rss: { indirection: [1] },
      programs: [{ iface: 'eth0', hook: 'xdp', program: 'xdp_main' }, { iface: 'eth0', hook: 'tc-ingress', program: 'tc_main' }],
      sockets: [{ proto: 'udp', port: 53 }],
    };
    // 14 Ethernet + 20 IPv4 + 8 UDP + 56 bytes of query = 98.
    const f = frame({ src: '192.0.2.77', dst: '192.0.2.1', proto: 'udp', sport: 5353, dport: 53, payload: 56 });
    assert.equal(f.length, 98);
    const j = runOne(s, always(XDP.PASS, TC.OK), f);
    assert.equal(formatJourney(j), 'q1 rx → napi → xdp:PASS → skb(hr=256,len=98) → tc-in:OK → pre → route:local → in → udp:53 delivered');
  });

  it('uses exactly the issue\'s stage vocabulary', () => {
    assert.deepEqual([...STAGE_NAMES].sort(), [
      'nic-rx', 'irq', 'napi-poll', 'xdp', 'skb-alloc', 'gro', 'tc-ingress', 'nf-prerouting', 'routing', 'nf-input',
      'socket', 'nf-forward', 'nf-output', 'nf-postrouting', 'tc-egress', 'qdisc', 'gso', 'nic-tx', 'redirect', 'af-xdp',
    ].sort());
  });
});
