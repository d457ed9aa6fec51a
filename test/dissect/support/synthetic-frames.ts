// Hand-built frames for the corners real captures do not reach. `expect` says how the line compares with
// tcpdump: 'exact', or the id of the documented known difference.

import * as P from './packets';

export interface SyntheticFrame {
  name: string;
  data: number[];
  /** Original length when the frame is a snapped capture. */
  wire?: number;
  expect: 'exact' | string;
  /** Why tshark's field values differ for this frame (it decodes past what is malformed), if they do. */
  tsharkDiffers?: string;
}

const { ether, eth4, eth6, tcp, udp, icmp, be16, be32, ip4, ip6 } = P;

export function syntheticFrames(): SyntheticFrame[] {
  const out: SyntheticFrame[] = [];
  const add = (name: string, data: number[], expect = 'exact', wire?: number): void => {
    out.push(wire === undefined ? { name, data, expect } : { name, data, expect, wire });
  };
  const inner = P.ipv4(1, icmp(8, 0, [0, 1, 0, 2]), { src: '10.0.0.1', dst: '10.0.0.2' });
  const quoted = P.ipv4(17, udp(5353, 53, [1, 2, 3, 4]), { src: '192.0.2.1', dst: '203.0.113.9' });
  const q6 = P.ipv6(17, udp(5353, 53, [1, 2, 3, 4]), { src: '2001:db8::1', dst: '2001:db8:9::9' });

  // UDP and its tunnels
  add('udp cut before the ports', eth4(17, [0x12]).slice(0, 35), 'exact', 60);
  add('udp length field below 8', eth4(17, udp(1000, 2000, [1, 2, 3], 4)));
  add('udp length field beyond the IP payload', eth4(17, udp(1000, 2000, [1, 2, 3], 100)));
  add('vxlan without the I flag', eth4(17, udp(1234, 4789, [0, 0, 0, 0, 0, 0, 100, 0, ...ether(inner, 0x0800)])));
  add('vxlan shorter than its header', eth4(17, udp(1234, 4789, [0x08, 0, 0])));
  add('vxlan with an inner vlan tag', eth4(17, udp(1234, 4789, [0x08, 0, 0, 0, 0, 0, 7, 0, ...ether([...be16(0x2005), ...be16(0x0800), ...inner], 0x8100)])));
  add('geneve options longer than the packet', eth4(17, udp(1234, 6081, [0x05, 0, 0x65, 0x58, 0, 0, 1, 0, 1, 2])));
  add('geneve shorter than its header', eth4(17, udp(1234, 6081, [0x00, 0, 0x65])));
  add('geneve carrying IPv4 directly (OAM flag)', eth4(17, udp(1234, 6081, [0x00, 0x80, 0x08, 0x00, 0, 0, 7, 0, ...inner])));
  add('geneve with an unknown protocol', eth4(17, udp(1234, 6081, [0x00, 0x00, 0x12, 0x34, 0, 0, 7, 0, 1, 2, 3, 4])));
  add('mpls over udp to IPv6', eth4(17, udp(1234, 6635, [0x00, 0x01, 0x01, 0x40, ...P.ipv6(59, [])])));

  // GRE
  add('gre with key and sequence', eth4(47, [0x30, 0x00, 0x08, 0x00, ...be32(0x1234), ...be32(7), ...inner]));
  add('gre with checksum', eth4(47, [0x80, 0x00, 0x08, 0x00, 0xab, 0xcd, 0, 0, ...inner]));
  add('gre transparent ethernet', eth4(47, [0x00, 0x00, 0x65, 0x58, ...ether(inner, 0x0800)]));
  add('gre carrying IPv6', eth4(47, [0x00, 0x00, 0x86, 0xdd, ...P.ipv6(58, icmp(128, 0, [0, 1, 0, 1], [], true))]));
  add('gre erspan type II', eth4(47, [0x10, 0x00, 0x88, 0xbe, ...be32(5), 0x10, 0x64, 0x00, 0x01, 0, 0, 0, 0, ...ether(inner, 0x0800)]));
  add('gre erspan type III', eth4(47, [0x10, 0x00, 0x22, 0xeb, ...be32(5), 0x20, 0x64, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, ...ether(inner, 0x0800)]));
  add('gre carrying MPLS', eth4(47, [0x00, 0x00, 0x88, 0x47, 0x00, 0x01, 0x01, 0x40, ...inner]));
  add('gre header cut short', eth4(47, [0x30, 0x00, 0x08, 0x00, 0, 0]));
  add('gre v1 without payload', eth4(47, [0x20, 0x01, 0x88, 0x0b, 0, 0, 0, 5]));
  add('gre v1 with seq and ack (PPP)', eth4(47, [0x30, 0x81, 0x88, 0x0b, 0, 4, 0, 5, ...be32(9), ...be32(3), 0xff, 0x03, 0xc0, 0x21]), 'ppp-in-gre');
  add('gre unknown version', eth4(47, [0x00, 0x02, 0x08, 0x00]));
  add('gre wccp carrying plain IPv4', eth4(47, [0x00, 0x00, 0x88, 0x3e, ...inner]));

  // ICMP
  for (let c = 0; c < 17; c++) add('icmp unreachable code ' + c, eth4(1, icmp(3, c, [0, 0, 0x05, 0xdc], quoted.slice(0, 28))));
  add('icmp tcp port unreachable', eth4(1, icmp(3, 3, [0, 0, 0, 0], P.ipv4(6, tcp(1, 80, [])).slice(0, 28))));
  add('icmp port unreachable for GRE', eth4(1, icmp(3, 3, [0, 0, 0, 0], P.ipv4(47, [0, 0, 0x08, 0, 1, 2, 3, 4]).slice(0, 28))));
  add('icmp unreachable quoting too little', eth4(1, icmp(3, 3, [0, 0, 0, 0], quoted.slice(0, 20))));
  for (let c = 0; c < 5; c++) add('icmp redirect code ' + c, eth4(1, icmp(5, c, ip4('192.0.2.254'), quoted.slice(0, 28))));
  for (let c = 0; c < 3; c++) add('icmp time exceeded code ' + c, eth4(1, icmp(11, c, [0, 0, 0, 0], quoted.slice(0, 28))));
  add('icmp parameter problem pointer', eth4(1, icmp(12, 0, [20, 0, 0, 0], quoted.slice(0, 28))));
  add('icmp parameter problem code 1', eth4(1, icmp(12, 1, [20, 0, 0, 0], quoted.slice(0, 28))));
  add('icmp timestamp request', eth4(1, icmp(13, 0, [0, 5, 0, 6], [...be32(1000), ...be32(0), ...be32(0)])));
  add('icmp timestamp reply', eth4(1, icmp(14, 0, [0, 5, 0, 6], [...be32(3723004), ...be32(86399999), ...be32(1)])));
  add('icmp router advertisement', eth4(1, icmp(9, 0, [2, 2, 0x07, 0x08], [...ip4('192.0.2.1'), ...be32(10), ...ip4('192.0.2.2'), ...be32(0xffffffff)])));
  for (const t of [4, 10, 15, 16, 17, 18, 42, 99]) add('icmp type ' + t, eth4(1, icmp(t, 0, [0, 1, 0, 2], [0xff, 0, 0, 0])));

  // ICMPv6
  for (let c = 0; c < 6; c++) add('icmp6 unreachable code ' + c, eth6(58, icmp(1, c, [0, 0, 0, 0], q6, true)));
  add('icmp6 packet too big', eth6(58, icmp(2, 0, be32(1280), q6, true)));
  for (let c = 0; c < 3; c++) add('icmp6 time exceeded code ' + c, eth6(58, icmp(3, c, [0, 0, 0, 0], q6, true)));
  for (let c = 0; c < 5; c++) add('icmp6 parameter problem code ' + c, eth6(58, icmp(4, c, be32(40), q6, true)));
  add('mld v1 report', eth6(58, icmp(131, 0, [0, 0, 0, 0], ip6('ff02::fb'), true)));
  add('mld v1 query', eth6(58, icmp(130, 0, [0, 10, 0, 0], ip6('::'), true)));
  add('mld v1 done', eth6(58, icmp(132, 0, [0, 0, 0, 0], ip6('ff02::fb'), true)));
  add('mld v2 query with a source', eth6(58, icmp(130, 0, [0, 10, 0, 0], [...ip6('ff02::fb'), 2, 125, 0, 1, ...ip6('2001:db8::5')], true)));
  add('router solicitation', eth6(58, icmp(133, 0, [0, 0, 0, 0], [1, 1, ...P.MAC_A], true)));
  add('router advertisement', eth6(58, icmp(134, 0, [64, 0, 0, 30], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, ...P.MAC_A, 5, 1, 0, 0, ...be32(1500)], true)));
  add('neighbor solicitation', eth6(58, icmp(135, 0, [0, 0, 0, 0], [...ip6('2001:db8::1'), 1, 1, ...P.MAC_A], true)));
  add('neighbor advertisement', eth6(58, icmp(136, 0, [0x60, 0, 0, 0], [...ip6('2001:db8::1'), 2, 1, ...P.MAC_B], true)));
  add('icmp6 redirect', eth6(58, icmp(137, 0, [0, 0, 0, 0], [...ip6('fe80::1'), ...ip6('2001:db8::99')], true)));
  for (const t of [141, 144, 145, 146, 147, 160, 200, 250]) add('icmp6 type ' + t, eth6(58, icmp(t, 0, [0, 1, 0, 2], [0, 0, 0, 0, 0, 0, 0, 0], true)));
  add('icmp6 router renumbering', eth6(58, icmp(138, 0, [0, 1, 0, 2], [0, 0, 0, 0, 0, 0, 0, 0], true)), 'icmp6-details');

  // IPv6 extension headers and IP oddities
  add('routing type 0 with odd length', eth6(43, [17, 1, 0, 0, 0, 0, 0, 0, ...ip6('2001:db8::5'), ...udp(1, 2, [])]));
  add('routing type 0 with reserved bits', eth6(43, [17, 2, 0, 1, 0, 0, 0, 1, ...ip6('2001:db8::5'), ...udp(1, 2, [])], {}, 17, 24));
  add('routing type 2', eth6(43, [17, 2, 2, 1, 0, 0, 0, 0, ...ip6('2001:db8::5'), ...udp(1, 2, [])], {}, 17, 24));
  add('routing type 3', eth6(43, [17, 2, 3, 1, 0, 0, 0, 0, ...ip6('2001:db8::5'), ...udp(1, 2, [])], {}, 17, 24));
  add('srh with flags and tag', eth6(43, [17, 2, 4, 0, 0, 0x80, 0x12, 0x34, ...ip6('2001:db8::5'), ...udp(1, 2, [])], {}, 17, 24));
  add('hop-by-hop with a bad option length', eth6(0, [17, 0, 1, 9, 0, 0, 0, 0, ...udp(1, 2, [])]));
  add('fragment header cut short', eth6(44, [17, 0, 0]), 'exact');
  add('esp over IPv4', eth4(50, [...be32(0x100), ...be32(5), 1, 2, 3, 4]));
  add('esp over IPv6', eth6(50, [...be32(0x100), ...be32(5), 1, 2, 3, 4]));
  add('esp header only', eth4(50, [...be32(0x100), ...be32(5)]));
  add('ipcomp', eth4(108, [4, 0, 0x12, 0x34, 9, 9]));
  add('unknown IP protocol', eth4(99, [1, 2, 3]));
  add('igmp (not decoded)', eth4(2, [0x11, 0, 0, 0, 0, 0, 0, 0]), 'unsupported-ip-protocol');
  add('IPv4 in IPv4', eth4(4, inner));
  add('IPv6 in IPv4', eth4(41, P.ipv6(59, [])));
  add('IPv6 no next header', eth6(59, []));
  add('IPv6 payload length 0', eth6(17, udp(1, 2, [1, 2]), { plen: 0 }));
  add('IPv6 payload length 0 with an extension header', eth6(60, [17, 0, 1, 4, 0, 0, 0, 0, ...udp(1, 2, [1, 2])], { plen: 0 }));
  add('IPv6 header with version 5', ether([0x50, ...P.ipv6(17, udp(1, 2, [])).slice(1)], 0x86dd));
  add('IPv4 header with version 5', ether([0x55, ...P.ipv4(17, udp(1, 2, [])).slice(1)], 0x0800));
  add('ICMP inside IPv6', eth6(1, [8, 0, 0, 0, 0, 1, 0, 1]));
  add('ICMPv6 inside IPv4', eth4(58, [128, 0, 0, 0, 0, 1, 0, 1]));
  add('Ethernet inside IPv6', eth6(143, ether(inner, 0x0800)));
  add('Ethernet inside IPv4', eth4(143, ether(inner, 0x0800)));
  add('IPv4 with record route and router alert', eth4(1, icmp(8, 0, [0, 1, 0, 1]), { options: [7, 7, 4, 0, 0, 0, 0, 148, 4, 0, 0, 1, 0] }));
  add('IPv4 with a timestamp option', eth4(17, udp(7, 9, [1]), { options: [68, 12, 5, 1, ...ip4('192.0.2.1'), ...be32(4242)] }));

  // TCP
  const T = (opts: number[], flags = 0x02): number[] => eth4(6, tcp(40000, 80, [], { options: opts, flags, ack: (flags & 0x10) !== 0 ? 5 : 0 }));
  add('tcp sack blocks', T([1, 1, 5, 18, ...be32(100), ...be32(200), ...be32(300), ...be32(400)], 0x10));
  add('tcp sack with a bad length', T([5, 7, 1, 2, 3, 4, 5, 0], 0x10));
  add('tcp md5 signature', T([19, 18, ...Array(16).fill(0xab), 0, 0]));
  add('tcp user timeout', T([28, 4, 0x81, 0x2c]));
  add('tcp authentication option', T([29, 6, 1, 2, 0xaa, 0xbb, 0, 0]));
  add('tcp authentication option too short', T([29, 3, 1, 0]));
  add('tcp fast open cookie request', T([34, 2, 1, 1]));
  add('tcp fast open cookie', T([34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0]));
  add('tcp experimental fast open', T([254, 4, 0xf9, 0x89]));
  add('tcp experimental option', T([254, 6, 0x12, 0x34, 5, 6, 0, 0]));
  add('tcp unknown option', T([99, 4, 0xde, 0xad]));
  add('tcp unknown empty option', T([99, 2, 1, 1]));
  add('tcp scps option', T([20, 4, 0x12, 7]));
  add('tcp cc options', T([11, 6, ...be32(77), 0, 0]));
  add('tcp echo option', T([6, 6, ...be32(77), 0, 0]));
  add('tcp mptcp capable on a SYN', T([30, 12, 0x00, 0x81, ...be32(0x01020304), ...be32(0x05060708)]));
  add('tcp mptcp remove address', T([30, 5, 0x40, 3, 4, 0, 0, 0], 0x10));
  add('tcp mptcp priority', T([30, 4, 0x51, 2], 0x10));
  add('tcp mptcp fast close', T([30, 12, 0x70, 0, ...be32(1), ...be32(2)], 0x10));
  add('tcp mptcp bad capable', T([30, 12, 0x00, 0x81, ...be32(1), ...be32(2)], 0x10));
  add('tcp option length 1', T([2, 1, 0, 0]));
  add('tcp option longer than the header', T([2, 40, 5, 0xb4]));
  add('tcp mss with length 3', T([2, 3, 5, 0xb4, 0, 0, 0, 0]));
  add('tcp end of options first', T([0, 2, 4, 5, 0xb4, 0, 0, 0]));
  add('tcp option running off the header', T([1, 1, 1, 3]));
  add('tcp urgent data', eth4(6, tcp(1, 2, [1], { flags: 0x39, urg: 7, ack: 3 })));
  add('tcp ECE and CWR', eth4(6, tcp(1, 2, [], { flags: 0xc2 })));
  add('tcp without flags', eth4(6, tcp(1, 2, [], { flags: 0x00 })));
  add('tcp header length below 20', eth4(6, tcp(1, 2, [], { hlen: 16 })));
  add('tcp header length beyond the segment', eth4(6, tcp(1, 2, [], { hlen: 60 })));
  const full = eth4(6, tcp(40000, 80, [], { options: [2, 4, 5, 0xb4, 4, 2, 8, 10, ...be32(1), ...be32(2), 1, 3, 3, 7] }));
  add('tcp options cut inside TS', full.slice(0, 63), 'exact', full.length);
  add('tcp options cut inside mss', full.slice(0, 56), 'exact', full.length);
  add('tcp options cut at a kind byte', full.slice(0, 58), 'exact', full.length);
  add('tcp payload snapped', eth4(6, tcp(1, 2, [1, 2, 3, 4, 5, 6], { flags: 0x18, ack: 1 })).slice(0, 60), 'exact', 60);
  add('IPv6 tcp behind a destination options header', eth6(60, [6, 0, 1, 4, 0, 0, 0, 0, ...tcp(5, 6, [], { flags: 0x12, ack: 9 })], {}, 6, 8));

  // MPLS, ARP, Ethernet
  add('mpls to IPv6', ether([0x00, 0x01, 0x01, 0x40, ...P.ipv6(59, [])], 0x8847));
  add('mpls IPv4 explicit null', ether([0x00, 0x00, 0x01, 0x40, ...inner], 0x8847));
  add('mpls unknown payload', ether([0x00, 0x01, 0x01, 0x40, 0x99, 1, 2, 3], 0x8847));
  add('mpls multicast two labels', ether([0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40, ...inner], 0x8848));
  add('mpls label only', ether([0x00, 0x01, 0x01, 0x40], 0x8847));
  add('arp for IPv6 addresses', ether([0, 1, 0x86, 0xdd, 6, 16, 0, 1, ...Array(44).fill(1)], 0x0806));
  add('arp inverse reply', ether([0, 1, 0x08, 0x00, 6, 4, 0, 9, ...P.MAC_A, ...ip4('1.2.3.4'), ...P.MAC_B, ...ip4('5.6.7.8')], 0x0806));
  add('arp inverse request', ether([0, 1, 0x08, 0x00, 6, 4, 0, 8, ...P.MAC_A, ...ip4('1.2.3.4'), ...P.MAC_B, ...ip4('5.6.7.8')], 0x0806));
  add('arp NACK', ether([0, 1, 0x08, 0x00, 6, 4, 0, 10, ...P.MAC_A, ...ip4('1.2.3.4'), ...P.MAC_B, ...ip4('5.6.7.8')], 0x0806));
  add('arp unknown operation', ether([0, 1, 0x08, 0x00, 6, 4, 0, 7, ...P.MAC_A, ...ip4('1.2.3.4'), ...P.MAC_B, ...ip4('5.6.7.8')], 0x0806));
  add('arp cut short', ether([0, 1, 0x08, 0x00, 6, 4, 0, 1, 1, 2], 0x0806));
  add('arp without hardware addresses', ether([0, 1, 0x08, 0x00, 0, 4, 0, 1, ...ip4('1.2.3.4'), ...ip4('5.6.7.8')], 0x0806));
  add('gratuitous arp', P.pad60(ether([0, 1, 0x08, 0x00, 6, 4, 0, 1, ...P.MAC_A, ...ip4('192.0.2.10'), 0, 0, 0, 0, 0, 0, ...ip4('192.0.2.10')], 0x0806, [255, 255, 255, 255, 255, 255])));
  add('unknown ethertype', ether([1, 2, 3, 4], 0x1234));
  add('lldp (not decoded)', ether([1, 2, 3, 4], 0x88cc), 'non-ip-link-payload');
  add('vlan with DEI', ether([...be16(0x1005), ...be16(0x0800), ...inner], 0x8100));
  add('vlan tpid 0x9100', ether([...be16(0x0005), ...be16(0x0800), ...inner], 0x9100));
  add('four vlan tags', ether([...be16(0x0001), ...be16(0x8100), ...be16(0x0002), ...be16(0x88a8), ...be16(0x0003), ...be16(0x8100), ...be16(0x0004), ...be16(0x0800), ...inner], 0x88a8));
  add('vlan tag cut after the TCI', ether([0x00, 0x05], 0x8100));
  const lenient: Record<string, string> = {
    'Ethernet inside IPv4': 'Wireshark decodes protocol 143 over IPv4; tcpdump and we call it invalid',
    'ICMP inside IPv6': 'Wireshark decodes ICMPv4 carried by IPv6; tcpdump and we call it invalid',
    'ICMPv6 inside IPv4': 'Wireshark decodes ICMPv6 carried by IPv4; tcpdump and we call it invalid',
    'IPv6 header with version 5': 'we show the header fields of a bad-version header; Wireshark shows none',
    'arp unknown operation': 'Wireshark leaves out the target address of an unknown operation',
    'gre unknown version': 'Wireshark decodes the payload of an unknown GRE version',
    'hop-by-hop with a bad option length': 'Wireshark continues past the malformed option to UDP; tcpdump and we stop',
    'icmp type 42': 'Wireshark decodes RFC 8335 extended echo; tcpdump 4.99 and we name the type only',
    'routing type 0 with odd length': 'Wireshark continues past the invalid routing header; tcpdump and we stop',
    'routing type 3': 'Wireshark decodes the RPL routing header and continues; tcpdump and we stop',
    'tcp header length below 20': 'we show the fixed header fields of a bad-offset header; Wireshark stops',
    'tcp header length beyond the segment': 'Wireshark leaves out the segment length of a bad-offset header',
    'tcp sack with a bad length': 'Wireshark reads a SACK edge out of a malformed option',
    'udp length field below 8': 'Wireshark omits the length and checksum of a UDP header with a bad length',
  };
  for (const f of out) if (lenient[f.name] !== undefined) f.tsharkDiffers = lenient[f.name];
  return out;
}
