// The compact parsed summary the packet path model uses: L2 tags, flow keys, fragments, offsets, tunnels.
// Expected values come from how each frame is built, not from the dissector.

import assert from 'node:assert/strict';
import { LINKTYPE_RAW, parsePacket, summarizePacket } from '../../src/engine/dissect';
import * as P from './support/packets';

const { ether, eth4, eth6, ipv4, ipv6, tcp, udp, icmp, be16, be32, vlanTag } = P;

function u8(a: number[]): Uint8Array {
  return Uint8Array.from(a);
}

describe('dissect: parsed summary', function () {
  it('QinQ-tagged IPv4 TCP: tags, flow keys and offsets', function () {
    const ip = P.fixTransport(ipv4(6, tcp(40000, 443, [1, 2, 3], { flags: 0x12, ack: 1 }), { ttl: 7, id: 0x1234, frag: 0x4000 }), 20, 6, 16);
    const frame = [...P.MAC_B, ...P.MAC_A, ...vlanTag(0x88a8, (5 << 13) | 300), ...vlanTag(0x8100, 0x1000 | 10), ...be16(0x0800), ...ip];
    const p = parsePacket(u8(frame));
    assert.deepEqual(p.l2, {
      dst: '02:00:00:00:00:01', src: '02:00:00:00:00:0a', ethertype: 0x0800,
      vlans: [{ tpid: 0x88a8, vid: 300, pcp: 5, dei: false }, { tpid: 0x8100, vid: 10, pcp: 0, dei: true }],
    });
    assert.deepEqual(p.l3, {
      version: 4, src: '192.0.2.10', dst: '198.51.100.20', proto: 6, ttl: 7,
      fragment: { id: 0x1234, df: true, mf: false, offset: 0 },
    });
    assert.deepEqual(p.l4, { proto: 6, name: 'tcp', sport: 40000, dport: 443, tcpFlags: 0x12 });
    assert.deepEqual(p.offsets, { l3: 22, l4: 42, payload: 62 });
    assert.equal(p.cut, undefined);
  });

  it('IPv6 behind hop-by-hop and fragment headers', function () {
    const body = [44, 0, 1, 4, 0, 0, 0, 0, 17, 0, ...be16(0x0001), ...be32(0xabcdef01), ...udp(5353, 53, [9, 9])];
    const p = parsePacket(u8(eth6(0, body, { hlim: 3 }, 17, 16)));
    assert.equal(p.l3?.version, 6);
    assert.equal(p.l3?.proto, 17);
    assert.equal(p.l3?.ttl, 3);
    assert.deepEqual(p.l3?.extHeaders, [0, 44]);
    assert.deepEqual(p.l3?.fragment, { id: 0xabcdef01, df: false, mf: true, offset: 0 });
    assert.deepEqual(p.l4, { proto: 17, name: 'udp', sport: 5353, dport: 53 });
    assert.deepEqual(p.offsets, { l3: 14, l4: 14 + 40 + 16, payload: 14 + 40 + 16 + 8 });
  });

  it('a later IPv4 fragment has no transport header', function () {
    const p = parsePacket(u8(eth4(17, [1, 2, 3, 4, 5, 6, 7, 8], { frag: 0x2000 | 8 })));
    assert.deepEqual(p.l3?.fragment, { id: 1, df: false, mf: true, offset: 64 });
    assert.equal(p.l4, undefined);
  });

  it('walks on behind IPv6 AH even though tcpdump stops there', function () {
    const ah = [60, 4, 0, 0, ...be32(0x200), ...be32(7), ...Array(12).fill(0xaa)];
    const dst = [17, 0, 1, 4, 0, 0, 0, 0];
    const frame = eth6(51, [...ah, ...dst, ...udp(48000, 9, [1, 2, 3, 4])], {}, 17, ah.length + dst.length);
    const s = summarizePacket(u8(frame));
    assert.match(s.line, /AH\(spi=0x00000200,seq=0x7,icv=0xa{24}\):  ip-proto-60 20$/);
    assert.deepEqual(s.parsed.l3?.extHeaders, [51, 60]);
    assert.deepEqual(s.parsed.l4, { proto: 17, name: 'udp', sport: 48000, dport: 9 });
  });

  it('VXLAN: the outer flow and the inner packet', function () {
    const inner = ether(ipv4(1, icmp(8, 0, [0, 1, 0, 2]), { src: '10.0.0.1', dst: '10.0.0.2' }), 0x0800, [0xaa, 0, 0, 0, 0, 1], [0xbb, 0, 0, 0, 0, 2]);
    const frame = eth4(17, udp(49152, 4789, [0x08, 0, 0, 0, 0, 0x01, 0x00, 0, ...inner]));
    const p = parsePacket(u8(frame));
    assert.deepEqual(p.l4, { proto: 17, name: 'udp', sport: 49152, dport: 4789 });
    assert.equal(p.tunnel?.kind, 'vxlan');
    assert.equal(p.tunnel?.id, 256);
    assert.equal(p.tunnel?.offset, 14 + 20 + 8 + 8);
    assert.equal(p.tunnel?.inner.l2?.src, 'bb:00:00:00:00:02');
    assert.deepEqual([p.tunnel?.inner.l3?.src, p.tunnel?.inner.l3?.dst], ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(p.tunnel?.inner.l4, { proto: 1, name: 'icmp', icmpType: 8, icmpCode: 0 });
  });

  it('GRE with a key and IP-in-IP tunnels', function () {
    const inner = ipv4(17, udp(1, 2, []), { src: '10.9.9.9', dst: '10.8.8.8' });
    const gre = parsePacket(u8(eth4(47, [0x20, 0x00, 0x08, 0x00, ...be32(0xdead), ...inner])));
    assert.deepEqual([gre.l4?.name, gre.tunnel?.kind, gre.tunnel?.id, gre.tunnel?.inner.l3?.src], ['gre', 'gre', 0xdead, '10.9.9.9']);
    const ipip = parsePacket(u8(eth4(4, inner)));
    assert.deepEqual([ipip.l3?.proto, ipip.l4, ipip.tunnel?.kind, ipip.tunnel?.inner.l4?.dport], [4, undefined, 'ipip', 2]);
  });

  it('ARP, MPLS and raw IP', function () {
    const arp = parsePacket(u8(ether([0, 1, 8, 0, 6, 4, 0, 1, ...P.MAC_A, ...P.ip4('192.0.2.10'), 0, 0, 0, 0, 0, 0, ...P.ip4('192.0.2.1')], 0x0806)));
    assert.deepEqual(arp.arp, { op: 1, senderMac: '02:00:00:00:00:0a', senderIp: '192.0.2.10', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.1' });
    const mpls = parsePacket(u8(ether([0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x11, 0x3f, ...ipv4(17, udp(7, 8, []))], 0x8847)));
    assert.deepEqual(mpls.mpls, [{ label: 16, tc: 0, bottom: false, ttl: 64 }, { label: 33, tc: 0, bottom: true, ttl: 63 }]);
    assert.deepEqual([mpls.offsets.l3, mpls.l4?.sport], [22, 7]);
    const raw = parsePacket(u8(ipv6(58, icmp(128, 0, [0, 1, 0, 1], [], true))), { linkType: LINKTYPE_RAW });
    assert.deepEqual([raw.l2, raw.l3?.version, raw.l4?.icmpType, raw.offsets.l3], [undefined, 6, 128, 0]);
  });

  it('an ICMP error keeps the outer flow; the quoted packet is not the flow', function () {
    const quoted = ipv4(17, udp(5353, 53, [1, 2, 3, 4]), { src: '192.0.2.1', dst: '203.0.113.9' }).slice(0, 28);
    const p = parsePacket(u8(eth4(1, icmp(3, 3, [0, 0, 0, 0], quoted), { src: '198.51.100.1', dst: '192.0.2.1' })));
    assert.deepEqual([p.l3?.src, p.l3?.dst], ['198.51.100.1', '192.0.2.1']);
    assert.deepEqual(p.l4, { proto: 1, name: 'icmp', icmpType: 3, icmpCode: 3 });
  });

  it('says where a cut capture ended', function () {
    const frame = eth4(6, tcp(1, 2, [], { options: [2, 4, 5, 0xb4] }));
    const p = summarizePacket(u8(frame.slice(0, 14 + 20 + 10)), { wireLength: frame.length });
    assert.deepEqual(p.parsed.cut, { layer: 'tcp', offset: 34 });
    assert.deepEqual(p.parsed.l4, { proto: 6, name: 'tcp', sport: 1, dport: 2 });
    assert.match(p.line, /\[\|tcp\]$/);
    const runt = parsePacket(u8(frame.slice(0, 10)));
    assert.deepEqual(runt, { offsets: {}, cut: { layer: 'ether', offset: 0 } });
  });
});
