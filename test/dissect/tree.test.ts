// The details tree: byte ranges and bit masks of key fields, checksum verdicts, nesting (IPv6 extension
// headers, ICMP quotes, tunnels), options by name. Expected positions follow from how frames are built.

import assert from 'node:assert/strict';
import { buildFieldTree, type FieldNode } from '../../src/engine/dissect';
import * as P from './support/packets';
import { collect } from './support/tree-values';

const { ether, eth4, eth6, ipv4, tcp, udp, icmp, be16, be32, vlanTag } = P;

function tree(frame: number[], wire?: number): FieldNode[] {
  return buildFieldTree(Uint8Array.from(frame), wire === undefined ? {} : { wireLength: wire });
}

function one(t: readonly FieldNode[], name: string): FieldNode {
  const found = collect(t, name);
  assert.equal(found.length, 1, `expected one ${name}, found ${found.length}`);
  return found[0];
}

function range(n: FieldNode): [number, number] {
  return [n.start, n.length];
}

describe('dissect: field tree', function () {
  const tagged = [...P.MAC_B, ...P.MAC_A, ...vlanTag(0x8100, (3 << 13) | 100), ...be16(0x0800),
    ...P.fixTransport(ipv4(6, tcp(40000, 80, [0x47, 0x45, 0x54], { flags: 0x18, ack: 9, seq: 0x01020304, options: [2, 4, 5, 0xb4] }), { frag: 0x4000 }), 20, 6, 16)];

  it('places fields at their bytes, with bit masks for bit fields', function () {
    const t = tree(tagged);
    assert.deepEqual(t.map(n => n.name), ['frame', 'eth', 'vlan', 'ip', 'tcp']);
    assert.deepEqual(range(one(t, 'eth.src')), [6, 6]);
    const vid = one(t, 'vlan.id');
    assert.deepEqual([...range(vid), vid.bitMask, vid.value], [14, 2, 0x0fff, 100]);
    assert.equal(one(t, 'vlan.priority').value, 3);
    assert.deepEqual(range(one(t, 'ip.src')), [18 + 12, 4]);
    const df = one(t, 'ip.flags.df');
    assert.deepEqual([df.start, df.bitMask, df.value], [18 + 6, 0x40, 1]);
    const flags = one(t, 'tcp.flags');
    assert.deepEqual([...range(flags), flags.bitMask, flags.value], [38 + 12, 2, 0x0fff, 0x18]);
    assert.deepEqual([one(t, 'tcp.flags.push').value, one(t, 'tcp.flags.syn').value], [1, 0]);
    assert.equal(one(t, 'tcp.seq_raw').value, 0x01020304);
    assert.equal(one(t, 'tcp.options.mss_val').value, 1460);
    assert.deepEqual(range(one(t, 'tcp.payload')), [38 + 24, 3]);
    assert.match(one(t, 'ip.src').label, /^Source Address: 192\.0\.2\.10$/);
    assert.match(vid.label, /^\.\.\.\. 0000 0110 0100 = ID: 100$/);
  });

  it('verifies checksums and says what they should be', function () {
    const good = tree(tagged);
    assert.match(one(good, 'ip.checksum').label, /\[correct\]$/);
    assert.match(one(good, 'tcp.checksum').label, /\[correct\]$/);
    const bad = tagged.slice();
    bad[18 + 8] ^= 0x01; // TTL changes: IPv4 checksum now wrong, TCP checksum unaffected
    const ipOnly = bad.slice(18, 38);
    ipOnly[10] = 0;
    ipOnly[11] = 0;
    const expected = P.checksum(ipOnly);
    const t = tree(bad);
    assert.match(one(t, 'ip.checksum').label, new RegExp('incorrect, should be 0x' + expected.toString(16).padStart(4, '0')));
    assert.equal(one(t, 'ip.checksum.status').value, 'Bad');
    assert.match(one(t, 'tcp.checksum').label, /\[correct\]$/);
  });

  it('nests IPv6 extension headers in the IPv6 node and spans them', function () {
    const body = [43, 0, 5, 2, 0, 0, 1, 0, 17, 2, 4, 0, 0, 0, 0, 0, ...P.ip6('2001:db8::5'), ...udp(1, 2, [])];
    const t = tree(eth6(0, body, {}, 17, 32));
    const v6 = one(t, 'ipv6');
    assert.deepEqual(v6.children.slice(-2).map(n => n.name), ['ipv6.hopopts', 'ipv6.routing']);
    assert.deepEqual(range(v6), [14, 40 + 32]);
    assert.equal(one(t, 'ipv6.routing.srh.addr').value, '2001:db8::5');
    assert.equal(one(t, 'ipv6.opt.router_alert').value, 0);
  });

  it('shows the packet an ICMP error quotes inside the ICMP node', function () {
    const quoted = ipv4(17, udp(5353, 53, [1, 2, 3, 4]), { src: '192.0.2.1', dst: '203.0.113.9' }).slice(0, 28);
    const t = tree(eth4(1, icmp(3, 3, [0, 0, 0, 0], quoted)));
    const icmpNode = one(t, 'icmp');
    assert.deepEqual(icmpNode.children.filter(n => n.children.length > 0).map(n => n.name).slice(-2), ['ip', 'udp']);
    assert.deepEqual(collect(t, 'ip.dst').map(n => n.value), ['198.51.100.20', '203.0.113.9']);
    assert.equal(collect([icmpNode], 'udp.dstport')[0].value, 53);
  });

  it('lists tunnel payload protocols after the tunnel header', function () {
    const inner = ether(ipv4(1, icmp(0, 0, [0, 1, 0, 1])), 0x0800);
    const gen = tree(eth4(17, udp(1, 6081, [0x02, 0x40, 0x65, 0x58, 0, 0, 9, 0, 0x01, 0x02, 0x80, 0x01, 1, 2, 3, 4, ...inner])));
    assert.deepEqual(gen.map(n => n.name), ['frame', 'eth', 'ip', 'udp', 'geneve', 'eth', 'ip', 'icmp']);
    assert.equal(one(gen, 'geneve.vni').value, 9);
    assert.equal(one(gen, 'geneve.option.class').value, 0x0102);
  });

  it('names IPv4 options, including record route and timestamps', function () {
    const opts = [7, 11, 8, ...P.ip4('192.0.2.7'), 0, 0, 0, 0, 68, 12, 5, 0x01, ...P.ip4('192.0.2.1'), ...be32(4242), 148, 4, 0, 0, 1, 0];
    const t = tree(eth4(17, udp(1, 2, []), { options: opts }));
    assert.deepEqual(collect(t, 'ip.opt').map(n => n.label), [
      'IP Option - Record Route (RR) (11 bytes)', 'IP Option - Time Stamp (TS) (12 bytes)', 'IP Option - Router Alert (RTRALT) (4 bytes)',
    ]);
    assert.deepEqual(collect(t, 'ip.rec_rt').map(n => n.value), ['192.0.2.7']);
    assert.deepEqual(collect(t, 'ip.empty_rt').map(n => n.value), ['0.0.0.0']);
    assert.deepEqual([one(t, 'ip.opt.time_stamp_addr').value, one(t, 'ip.opt.time_stamp').value, one(t, 'ip.opt.ra').value], ['192.0.2.1', 4242, 0]);
  });

  it('decodes neighbour discovery options', function () {
    const ra = icmp(134, 0, [64, 0x80, 0, 30], [...be32(0), ...be32(0), 1, 1, ...P.MAC_A, 5, 1, 0, 0, ...be32(1500),
      3, 4, 64, 0xc0, ...be32(86400), ...be32(14400), 0, 0, 0, 0, ...P.ip6('2001:db8:1::')], true);
    const t = tree(eth6(58, ra));
    assert.equal(one(t, 'icmpv6.opt.linkaddr').value, '02:00:00:00:00:0a');
    assert.equal(one(t, 'icmpv6.opt.mtu').value, 1500);
    assert.deepEqual([one(t, 'icmpv6.opt.prefix').value, one(t, 'icmpv6.opt.prefix.length').value], ['2001:db8:1::', 64]);
    assert.match(one(t, 'icmpv6.checksum').label, /\[correct\]$/);
  });

  it('marks what a snapped capture cut off', function () {
    const full = eth4(6, tcp(1, 2, [], { options: [2, 4, 5, 0xb4, 1, 3, 3, 7] }));
    const t = tree(full.slice(0, 14 + 20 + 24), full.length);
    assert.match(one(t, 'frame').label, /^Frame: 62 bytes on wire, 58 bytes captured$/);
    assert.equal(one(t, 'tcp.options.mss_val').value, 1460);
    assert.ok(collect(t, '_ws.expert').some(n => /cut short/.test(n.label)), 'expected a cut-short note');
  });
});
