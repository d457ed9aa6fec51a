// ipv6_ext.pcap and udp_ports.pcap: small captures aimed at one example each.

import { ethernet, arp, ipv4, ipv4Header, ipv6, ipv6Segment, rawL4, udp, tcp, icmpv6, echoBody, ETH_P, PROTO, TCP_FLAG as F } from './layers.mjs';
import { hopByHop, segmentRouting, fragment, destOptions, authHeader } from './ext6.mjs';
import { dnsQuery, ntpClient, pingData, filler, DNS_AAAA } from './apps.mjs';
import { client, gateway, resolver, peer, BROADCAST, fromClient, dot1q } from './net.mjs';

const o6 = (extra = {}) => ({ src: client.ip6, dst: peer.ip6, ...extra });
const discard = (sport, len = 16) => udp(sport, 9, filler(len));

/** A UDP datagram split over two IPv6 fragments behind a hop-by-hop header. */
function fragmentedUdp() {
  const o = o6();
  const segment = ipv6Segment(o, discard(48006, 80));
  const id = 0x66000001;
  return [0, 48].map((offset) => {
    const more = offset === 0;
    const piece = segment.subarray(offset, more ? 48 : undefined);
    return fromClient(ipv6(o, rawL4(PROTO.UDP, piece), [hopByHop(), fragment({ offset, more, id })]));
  });
}

function extPackets() {
  const six = [hopByHop(), destOptions(), segmentRouting(peer.ip6), fragment({ id: 0x66000002 }), authHeader(0x100, 1), destOptions()];
  const seven = [...six, destOptions(1)];
  const [firstFrag, lastFrag] = fragmentedUdp();
  const cutExt = ipv6(o6(), discard(48011), [hopByHop(1)]).subarray(0, 40 + 10);
  const cutUdp = ipv6(o6(), discard(48012), [hopByHop()]).subarray(0, 40 + 8 + 4);
  const synTo22 = tcp({ sport: 48005, dport: 22, seq: 4400000, flags: F.SYN });
  const cutTcp = ipv6(o6(), tcp({ sport: 48014, dport: 22, seq: 4500000, flags: F.SYN }), [authHeader(0x200, 8)]).subarray(0, 40 + 24 + 12);
  const cutIp6 = ipv6(o6(), discard(48015)).subarray(0, 20);
  return [
    ['IPv6 UDP, no extension headers', fromClient(ipv6(o6(), discard(48001)))],
    ['Hop-by-hop -> UDP', fromClient(ipv6(o6(), discard(48002), [hopByHop()]))],
    ['Hop-by-hop -> routing (SRH) -> fragment (atomic) -> dest-options -> UDP', fromClient(ipv6(o6(), discard(48003), [hopByHop(), segmentRouting(peer.ip6), fragment({ id: 0x66000003 }), destOptions()]))],
    ['Dest-options -> ICMPv6 echo request', fromClient(ipv6(o6(), icmpv6(128, 0, echoBody(0x0777, 1, pingData(24, 1700000200))), [destOptions()]))],
    ['AH -> TCP SYN to port 22', fromClient(ipv6(o6(), synTo22, [authHeader(0x200, 7)]))],
    ['Hop-by-hop -> fragment (offset 0, M set) -> start of a UDP datagram', firstFrag],
    ['Hop-by-hop -> fragment (offset 48, last) -> rest of that datagram', lastFrag],
    ['Six extension headers (HBH, DST, SRH, FRAG, AH, DST) -> UDP', fromClient(ipv6(o6(), discard(48008), six))],
    ['Seven extension headers (one more DST) -> UDP: longer than the walker allows', fromClient(ipv6(o6(), discard(48009), seven))],
    ['Dest-options -> no next header (59)', fromClient(ipv6(o6(), rawL4(PROTO.NONE, Buffer.alloc(0)), [destOptions()]))],
    ['Hop-by-hop header (16 bytes) cut short after 10 bytes', fromClient(cutExt, [], { pad: false }), 'frame ends inside an extension header'],
    ['Hop-by-hop -> UDP header cut short after 4 bytes', fromClient(cutUdp, [], { pad: false }), 'frame ends inside the UDP header'],
    ['AH -> TCP header cut short after 12 bytes', fromClient(cutTcp, [], { pad: false }), 'frame ends inside the TCP header'],
    ['IPv6 header cut short after 20 bytes', fromClient(cutIp6, [], { pad: false }), 'frame ends inside the IPv6 header'],
    ['IPv4 UDP (not IPv6: passed)', fromClient(ipv4({ src: client.ip, dst: peer.ip, id: 0x4013 }, discard(48013)))],
  ];
}

export const ipv6Ext = {
  file: 'ipv6_ext.pcap',
  title: 'IPv6 extension headers',
  about: 'IPv6 packets with no, one, four, six and seven extension headers (hop-by-hop, routing, fragment, destination options, AH), a fragmented datagram, a "no next header" packet, and four packets cut short.',
  usedBy: ['ipv6_ext_walk.c', 'parse_headers.c', 'udp_port_filter.c', 'tc_mark.c'],
  packets: extPackets(),
};

function udpPortPackets() {
  const v4 = (id, extra = {}) => ({ src: client.ip, dst: resolver.ip, id, ...extra });
  const v6 = { src: client.ip6, dst: resolver.ip6 };
  const alert = Buffer.from([0x94, 0x04, 0, 0]);
  const whoHas = arp({ op: 1, sha: client.mac, spa: client.ip, tha: Buffer.alloc(6), tpa: gateway.ip });
  const cutUdp = Buffer.concat([ipv4Header(v4(0x5014), PROTO.UDP, 4), Buffer.from([0xbb, 0x80, 0x00, 0x35])]);
  const cutIp = ipv4Header(v4(0x5015), PROTO.UDP, 8).subarray(0, 12);
  const bogusIhl = ipv4(v4(0x5016), udp(50016, 53, dnsQuery(0x5016, 'example.org')));
  bogusIhl[0] = 0x44; // IHL 4: shorter than the fixed header
  return [
    ['IPv4 UDP DNS query to port 53', fromClient(ipv4(v4(0x5001), udp(50001, 53, dnsQuery(0x5001, 'example.org'))))],
    ['IPv4 UDP NTP request to port 123', fromClient(ipv4(v4(0x5002), udp(50002, 123, ntpClient(3908000100))))],
    ['IPv4 UDP to port 19 (chargen)', fromClient(ipv4(v4(0x5003), udp(50003, 19, filler(8))))],
    ['IPv4 UDP to port 7 (echo)', fromClient(ipv4(v4(0x5004), udp(50004, 7, filler(8))))],
    ['IPv4 UDP to port 9 (discard)', fromClient(ipv4(v4(0x5005), udp(50005, 9, filler(8))))],
    ['IPv4 UDP to port 40000', fromClient(ipv4(v4(0x5006), udp(50006, 40000, filler(8))))],
    ['IPv6 UDP DNS query AAAA to port 53', fromClient(ipv6(v6, udp(50007, 53, dnsQuery(0x5007, 'example.org', DNS_AAAA))))],
    ['IPv6 UDP NTP request to port 123', fromClient(ipv6(v6, udp(50008, 123, ntpClient(3908000200))))],
    ['IPv4 TCP SYN to port 53 (not UDP: passed)', fromClient(ipv4(v4(0x5009), tcp({ sport: 50009, dport: 53, seq: 9100000, flags: F.SYN })))],
    ['IPv4 with a Router Alert option (IHL 6): UDP DNS query to port 53', fromClient(ipv4(v4(0x500a, { options: alert }), udp(50010, 53, dnsQuery(0x500a, 'example.org'))))],
    ['IPv6 hop-by-hop -> UDP to port 53 (behind an extension header)', fromClient(ipv6(v6, udp(50011, 53, dnsQuery(0x500b, 'example.org', DNS_AAAA)), [hopByHop()]))],
    ['ARP request', ethernet({ dst: BROADCAST, src: client.mac, type: ETH_P.ARP }, whoHas)],
    ['802.1Q VLAN 10: IPv4 UDP to port 53', fromClient(ipv4(v4(0x500d), udp(50013, 53, dnsQuery(0x500d, 'example.org'))), [dot1q(10)])],
    ['UDP header cut short after 4 bytes', fromClient(cutUdp, [], { pad: false }), 'frame ends inside the UDP header'],
    ['IPv4 header cut short after 12 bytes', fromClient(cutIp, [], { pad: false }), 'frame ends inside the IPv4 header'],
    ['IPv4 header with IHL 4 (below the 20-byte minimum) carrying UDP to port 53', fromClient(bogusIhl), 'IHL field below 5'],
  ];
}

export const udpPorts = {
  file: 'udp_ports.pcap',
  title: 'UDP destination ports',
  about: 'UDP over IPv4 and IPv6 to ports 53, 123, 19, 7, 9 and 40000, next to TCP, ARP, tagged and extension-header packets that the port filter passes, and three broken frames. Try blocking 19 and 7 (amplification-prone services) in the blocked_ports map.',
  usedBy: ['udp_port_filter.c', 'parse_headers.c'],
  packets: udpPortPackets(),
};
