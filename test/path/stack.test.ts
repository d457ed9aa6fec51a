// The stack after TC: local delivery to a listening socket, the kernel's answers for closed ports (checked field
// by field), forwarding with TTL and MAC rewriting, routing failures.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import { PathModel } from '../../src/engine/path/model';
import { defaultScenario, type Scenario } from '../../src/engine/path/scenario-types';
import { always, TC, XDP } from './fake-runner';
import { runAll, runOne, stages, stepOf } from './helpers';
import { checksumOf, frame, pseudoSum } from './packets';

function router(): Scenario {
  return {
    forwarding: true,
    interfaces: [
      { name: 'eth0', ifindex: 2, mac: '02:00:00:00:00:01', addresses: ['10.0.0.1/24', '2001:db8:0::1/64'] },
      { name: 'eth1', ifindex: 3, mac: '02:00:00:00:00:02', addresses: ['10.1.0.1/24'] },
    ],
    routes: [{ dst: '192.168.0.0/16', via: '10.1.0.254' }],
    sockets: [{ proto: 'udp', port: 53, name: 'dns' }, { proto: 'tcp', port: 22, addr: '10.0.0.1', name: 'sshd' }],
  };
}

const toUs = { dstMac: '02:00:00:00:00:01' };

/** Valid IPv4 header checksum and transport checksum of a frame without VLAN tags. */
function assertChecksumsValid(b: Uint8Array): void {
  assert.equal(checksumOf(b.subarray(14, 34)), 0, 'IPv4 header checksum');
  const proto = b[23];
  const l4 = b.subarray(34, 14 + ((b[16] << 8) | b[17]));
  const init = proto === 1 ? 0 : pseudoSum(b.subarray(26, 30), b.subarray(30, 34), proto, l4.length);
  assert.equal(checksumOf(l4, init), 0, `protocol ${proto} checksum`);
}

function be32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

describe('path: local delivery and the kernel answers', () => {
  it('UDP to a listening socket: delivered into its receive queue', () => {
    const m = new PathModel(router(), always(XDP.PASS));
    const f = (): Uint8Array => frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53, payload: 40, ...toUs });
    const js = runAll(m, [{ bytes: f(), tsNs: 0 }, { bytes: f(), tsNs: 1e6 }]);
    assert.deepEqual(stages(js[1]).slice(-4), ['nf-prerouting', 'routing', 'nf-input', 'socket']);
    assert.equal(stepOf(js[1], 'socket')?.socket, 'dns');
    assert.equal(stepOf(js[1], 'socket')?.queued, 2);
    assert.equal(js[1].fate.outcome, 'delivered');
    assert.equal(formatJourney(js[0]), 'q0 rx → napi → skb(hr=64,len=82) → pre → route:local → in → udp:53 delivered');
  });

  it('a VLAN-tagged packet no VLAN device claims is PACKET_OTHERHOST and dropped; VLAN 0 is delivered', () => {
    const tagged = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53, vlan: 10, ...toUs });
    const j = runOne(router(), always(XDP.PASS), tagged);
    assert.equal(j.fate.outcome, 'dropped');
    assert.match(j.fate.detail, /VLAN 10: .*PACKET_OTHERHOST/);
    assert.ok(!stages(j).includes('socket'));
    const prio = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53, vlan: 0x6000, ...toUs });
    assert.equal(runOne(router(), always(XDP.PASS), prio).fate.outcome, 'delivered');
  });

  it('a socket bound to one address does not take packets for another local address', () => {
    const six = frame({ src: '10.1.0.9', dst: '10.1.0.1', proto: 'tcp', dport: 22, flags: 'S', ...toUs });
    const j = runOne(router(), always(XDP.PASS), six);
    assert.equal(j.fate.outcome, 'dropped');
    assert.equal(j.reply?.kind, 'tcp-reset');
  });

  it('closed TCP port: RST|ACK acknowledging the SYN, from the address that was asked', () => {
    const syn = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 40000, dport: 8080, flags: 'S', seq: 0x01020304, ...toUs });
    const j = runOne(router(), always(XDP.PASS), syn);
    assert.equal(j.fate.at, 'socket');
    assert.match(j.fate.detail, /no socket listening on tcp:8080: TCP RST sent/);
    const r = j.reply?.bytes;
    assert.ok(r);
    assert.deepEqual(Array.from(r.subarray(0, 6)), Array.from(syn.subarray(6, 12)), 'Ethernet destination = sender');
    assert.deepEqual(Array.from(r.subarray(26, 30)), [10, 0, 0, 1]);
    assert.deepEqual(Array.from(r.subarray(30, 34)), [10, 0, 0, 9]);
    assert.equal((r[34] << 8) | r[35], 8080);
    assert.equal((r[36] << 8) | r[37], 40000);
    assert.equal(be32(r, 38), 0, 'seq 0 when the segment had no ACK');
    assert.equal(be32(r, 42), 0x01020305, 'ack = seq + 1 for the SYN');
    assert.equal(r[47], 0x14, 'RST|ACK');
    assertChecksumsValid(r);
    assert.match(formatJourney(j), /tcp:8080 dropped → tcp-reset$/);
  });

  it('closed TCP port, segment with ACK: RST with seq = its ack number', () => {
    const ack = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', dport: 8080, flags: 'A', seq: 5, ack: 0xdeadbeef, ...toUs });
    const r = runOne(router(), always(XDP.PASS), ack).reply?.bytes;
    assert.ok(r);
    assert.equal(be32(r, 38), 0xdeadbeef);
    assert.equal(r[47], 0x04, 'RST only');
  });

  it('an RST to a closed port gets no answer', () => {
    const rst = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', dport: 8080, flags: 'R', ...toUs });
    const j = runOne(router(), always(XDP.PASS), rst);
    assert.equal(j.reply, undefined);
  });

  it('closed UDP port: ICMP port unreachable quoting the datagram', () => {
    const udp = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 5353, payload: 30, ...toUs });
    const j = runOne(router(), always(XDP.PASS), udp);
    const r = j.reply?.bytes;
    assert.ok(r);
    assert.equal(r[23], 1, 'ICMP');
    assert.equal(r[34], 3);
    assert.equal(r[35], 3);
    assert.equal(r[15], 0xc0, 'TOS: precedence internetwork control');
    assert.deepEqual(Array.from(r.subarray(42)), Array.from(udp.subarray(14)), 'the whole original IP datagram is quoted');
    assertChecksumsValid(r);
    assert.match(j.fate.detail, /ICMP port unreachable sent/);
  });

  it('ICMPv6 echo request to us: the kernel answers with an echo reply', () => {
    const ping = frame({ src: '2001:db8::9', dst: '2001:db8::1', proto: 'icmp', payload: 16, ...toUs });
    const j = runOne(router(), always(XDP.PASS), ping);
    assert.equal(j.fate.outcome, 'consumed');
    const r = j.reply?.bytes;
    assert.ok(r);
    assert.equal(r[54], 129);
    const len = (r[18] << 8) | r[19];
    assert.equal(checksumOf(r.subarray(54, 54 + len), pseudoSum(r.subarray(22, 38), r.subarray(38, 54), 58, len)), 0);
  });

  it('default scenario: every address is local and every port closed', () => {
    const j = runOne(defaultScenario(), always(XDP.PASS), frame({ src: '203.0.113.5', dst: '198.51.100.7', proto: 'udp', dport: 123 }));
    assert.equal(stepOf(j, 'routing')?.result, 'local');
    assert.equal(j.reply?.kind, 'icmp-port-unreachable');
  });

  it('a frame for another MAC on a promiscuous interface is dropped by ip_rcv (PACKET_OTHERHOST)', () => {
    const s = router();
    s.interfaces[0].promisc = true;
    const j = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53, dstMac: '02:aa:aa:aa:aa:aa' }));
    assert.equal(stepOf(j, 'skb-alloc')?.pkt_type, 'PACKET_OTHERHOST');
    assert.match(j.fate.detail, /PACKET_OTHERHOST/);
  });

  it('a bad IPv4 header checksum is dropped by ip_rcv', () => {
    const f = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53, ...toUs });
    f[24] ^= 0xff;
    const j = runOne(router(), always(XDP.PASS), f);
    assert.match(j.fate.detail, /bad IPv4 header checksum/);
    assert.ok(!stages(j).includes('nf-prerouting'));
  });

  it('an IPv4 frame with a broken header (wrong version) is dropped by ip_rcv', () => {
    const f = frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53, ...toUs });
    f[14] = 0x55;
    const j = runOne(router(), always(XDP.PASS), f);
    assert.match(j.fate.detail, /^ip_rcv: malformed header/);
  });

  it('ARP is consumed by arp_rcv; an unknown EtherType counts as rx_dropped', () => {
    const arp = new Uint8Array(60);
    arp.fill(0xff, 0, 6);
    arp[12] = 0x08;
    arp[13] = 0x06;
    const j = runOne(router(), always(XDP.PASS), arp);
    assert.equal(j.fate.outcome, 'consumed');
    const other = arp.slice();
    other[13] = 0x99;
    const m = new PathModel(router(), always(XDP.PASS));
    const [k] = runAll(m, [{ bytes: other, tsNs: 0 }]);
    assert.equal(k.fate.outcome, 'dropped');
    assert.equal(m.counters().interfaces[0].rx_dropped, 1);
  });
});

describe('path: forwarding', () => {
  it('forward: TTL decremented, nf-forward, postrouting, out of the routed interface with its MAC', () => {
    const s = router();
    s.programs = [{ iface: 'eth1', hook: 'tc-egress', program: 'tc_out' }];
    const f = frame({ src: '10.0.0.9', dst: '192.168.7.7', proto: 'udp', dport: 9999, payload: 100, ttl: 64, ...toUs });
    const m = new PathModel(s, always(XDP.PASS, TC.OK));
    const [j] = runAll(m, [{ bytes: f, tsNs: 0 }]);
    assert.deepEqual(stages(j).slice(-7), ['nf-prerouting', 'routing', 'nf-forward', 'nf-postrouting', 'tc-egress', 'qdisc', 'nic-tx']);
    const route = stepOf(j, 'routing');
    assert.equal(route?.result, 'forward');
    assert.equal(route?.dev, 'eth1');
    assert.equal(route?.via, '10.1.0.254');
    const out = j.tx?.bytes;
    assert.ok(out);
    assert.equal(out[22], 63, 'TTL');
    assert.deepEqual(Array.from(out.subarray(6, 12)), [2, 0, 0, 0, 0, 2], 'source MAC of eth1');
    assertChecksumsValid(out);
    assert.equal(j.fate.outcome, 'transmitted');
    assert.equal(m.counters().stack.forwarded, 1);
    assert.equal(formatJourney(j), 'q0 rx → napi → skb(hr=64,len=142) → pre → route:forward(eth1) → fwd → post → tc-out:OK → qdisc → tx eth1:q0 transmitted');
  });

  it('TTL 1 is not forwarded: ICMP time exceeded from the incoming interface', () => {
    const f = frame({ src: '10.0.0.9', dst: '192.168.7.7', proto: 'udp', dport: 9999, ttl: 1, ...toUs });
    const j = runOne(router(), always(XDP.PASS), f);
    assert.equal(j.fate.at, 'routing');
    const r = j.reply?.bytes;
    assert.ok(r);
    assert.equal(r[34], 11);
    assert.deepEqual(Array.from(r.subarray(26, 30)), [10, 0, 0, 1]);
  });

  it('too big with DF set: ICMP fragmentation needed with the next-hop MTU', () => {
    const s = router();
    s.interfaces[1].mtu = 1000;
    const f = frame({ src: '10.0.0.9', dst: '192.168.7.7', proto: 'udp', dport: 9999, payload: 1200, df: true, ...toUs });
    const j = runOne(s, always(XDP.PASS), f);
    const r = j.reply?.bytes;
    assert.ok(r);
    assert.deepEqual([r[34], r[35]], [3, 4]);
    assert.equal((r[40] << 8) | r[41], 1000);
  });

  it('too big without DF: fragmented on the way out', () => {
    const s = router();
    s.interfaces[1].mtu = 1000;
    const f = frame({ src: '10.0.0.9', dst: '192.168.7.7', proto: 'udp', dport: 9999, payload: 1200, ...toUs });
    const j = runOne(s, always(XDP.PASS), f);
    const gso = stepOf(j, 'gso');
    assert.equal(gso?.kind, 'fragment');
    // 1208 bytes of IP payload in 976-byte pieces (1000 - 20, rounded down to 8).
    assert.equal(gso?.segments, 2);
    assert.equal(gso?.mss, 976);
  });

  it('forwarding off: a packet for another host is dropped at routing', () => {
    const s = router();
    s.forwarding = false;
    const j = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '192.168.7.7', proto: 'udp', ...toUs }));
    assert.equal(j.fate.at, 'routing');
    assert.match(j.fate.detail, /ip_forward=0/);
    assert.equal(j.reply, undefined);
  });

  it('no route: ICMP net unreachable (forwarding on)', () => {
    const j = runOne(router(), always(XDP.PASS), frame({ src: '10.0.0.9', dst: '172.16.0.1', proto: 'udp', ...toUs }));
    assert.equal(stepOf(j, 'routing')?.result, 'unreachable');
    assert.deepEqual([j.reply?.bytes[34], j.reply?.bytes[35]], [3, 0]);
  });

  it('longest prefix wins, then the lower metric', () => {
    const s = router();
    s.interfaces.push({ name: 'eth2', ifindex: 4, addresses: ['10.2.0.1/24'] });
    s.routes = [
      { dst: '192.168.0.0/16', dev: 'eth1' },
      { dst: '192.168.7.0/24', dev: 'eth2', metric: 10 },
      { dst: '192.168.7.0/24', dev: 'eth1', metric: 5 },
      { dst: 'default', dev: 'eth2' },
    ];
    const route = (dst: string): string | undefined => stepOf(runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst, proto: 'udp', ...toUs })), 'routing')?.dev;
    assert.equal(route('192.168.7.7'), 'eth1');
    assert.equal(route('192.168.8.1'), 'eth1');
    assert.equal(route('8.8.8.8'), 'eth2');
  });
});
