// mixed.pcap: a bit of everything, including two deliberately broken frames.

import { solicitedNode, ip6MulticastMac } from './addr.mjs';
import { ethernet, arp, ipv4, ipv4Header, ipv4Fragments, ipv6, udp, tcp, icmp, icmpv6, echoBody, ETH_P, PROTO, TCP_FLAG as F } from './layers.mjs';
import { hopByHop, segmentRouting, fragment, destOptions } from './ext6.mjs';
import { dnsQuery, dnsAnswerA, ntpClient, pingData, filler, ascii, DNS_AAAA } from './apps.mjs';
import { client, gateway, web, resolver, peer, BROADCAST, fromClient, toClient, dot1q, dot1ad } from './net.mjs';

const synOptions = (tsval, tsecr) => {
  const o = Buffer.from([2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7]);
  o.writeUInt32BE(tsval, 8);
  o.writeUInt32BE(tsecr, 12);
  return o;
};

/** One HTTP exchange over IPv4, handshake to close. */
function httpFlow() {
  const c = { src: client.ip, dst: web.ip };
  const s = { src: web.ip, dst: client.ip, ttl: 57 };
  const cs = (seq, ack, flags, data, options) => fromClient(ipv4(c, tcp({ sport: 40001, dport: 80, seq, ack, flags, options }, data)));
  const sc = (seq, ack, flags, data, options) => toClient(ipv4(s, tcp({ sport: 80, dport: 40001, seq, ack, flags, options }, data)));
  const get = ascii('GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: xdp-lab\r\nAccept: */*\r\n\r\n');
  const reply = ascii('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n');
  const C = 1000000; // client ISN
  const S = 3000000; // server ISN
  return [
    ['IPv4 TCP SYN 192.0.2.10:40001 -> 198.51.100.20:80 (MSS, SACK, TS, WS options)', cs(C, 0, F.SYN, undefined, synOptions(100000, 0))],
    ['IPv4 TCP SYN-ACK', sc(S, C + 1, F.SYN | F.ACK, undefined, synOptions(200000, 100000))],
    ['IPv4 TCP ACK', cs(C + 1, S + 1, F.ACK)],
    ['IPv4 TCP PSH-ACK carrying an HTTP GET', cs(C + 1, S + 1, F.PSH | F.ACK, get)],
    ['IPv4 TCP ACK of the request', sc(S + 1, C + 1 + get.length, F.ACK)],
    ['IPv4 TCP PSH-ACK carrying the HTTP 200 reply', sc(S + 1, C + 1 + get.length, F.PSH | F.ACK, reply)],
    ['IPv4 TCP ACK of the reply', cs(C + 1 + get.length, S + 1 + reply.length, F.ACK)],
    ['IPv4 TCP FIN-ACK from the client', cs(C + 1 + get.length, S + 1 + reply.length, F.FIN | F.ACK)],
    ['IPv4 TCP FIN-ACK from the server', sc(S + 1 + reply.length, C + 2 + get.length, F.FIN | F.ACK)],
    ['IPv4 TCP final ACK', cs(C + 2 + get.length, S + 2 + reply.length, F.ACK)],
  ];
}

function arpExchange() {
  const who = arp({ op: 1, sha: client.mac, spa: client.ip, tha: Buffer.alloc(6), tpa: gateway.ip });
  const is = arp({ op: 2, sha: gateway.mac, spa: gateway.ip, tha: client.mac, tpa: client.ip });
  return [
    ['ARP request: who has 192.0.2.1? (broadcast)', ethernet({ dst: BROADCAST, src: client.mac, type: ETH_P.ARP }, who)],
    ['ARP reply: 192.0.2.1 is at 02:00:00:00:00:01', ethernet({ dst: client.mac, src: gateway.mac, type: ETH_P.ARP }, is)],
  ];
}

function dns4() {
  return [
    ['IPv4 UDP DNS query A example.com -> 198.51.100.53:53', fromClient(ipv4({ src: client.ip, dst: resolver.ip, id: 0x0101 }, udp(53001, 53, dnsQuery(0x1a2b, 'example.com'))))],
    ['IPv4 UDP DNS response example.com A 192.0.2.80', toClient(ipv4({ src: resolver.ip, dst: client.ip, ttl: 60, id: 0x0202 }, udp(53, 53001, dnsAnswerA(0x1a2b, 'example.com', Buffer.from([192, 0, 2, 80])))))],
  ];
}

function ipv4Misc() {
  const probe = { src: client.ip, dst: peer.ip, ttl: 1, id: 0x5151 };
  const probeDatagram = ipv4(probe, udp(45000, 33434, filler(32)));
  // Time exceeded quotes the probe's IP header and first 8 payload bytes.
  const quoted = probeDatagram.subarray(0, 20 + 8);
  const rr = Buffer.from([7, 7, 4, 0, 0, 0, 0, 0]); // Record Route, one empty slot, EOL
  const alert = Buffer.from([0x94, 0x04, 0, 0]); // Router Alert
  const big = ipv4({ src: peer.ip, dst: client.ip, ttl: 50, id: 0x0b16 }, udp(9, 40009, filler(1500 - 28)));
  return [
    ['IPv4 ICMP echo request 192.0.2.10 -> 203.0.113.7', fromClient(ipv4({ src: client.ip, dst: peer.ip, id: 0x0303, df: true }, icmp(8, 0, echoBody(0x04d2, 1, pingData(56, 1700000000)))))],
    ['IPv4 ICMP echo reply', toClient(ipv4({ src: peer.ip, dst: client.ip, ttl: 52, id: 0x0404 }, icmp(0, 0, echoBody(0x04d2, 1, pingData(56, 1700000000)))))],
    ['IPv4 UDP NTP client request to port 123, TTL 32', fromClient(ipv4({ src: client.ip, dst: peer.ip, ttl: 32, id: 0x0505 }, udp(123, 123, ntpClient(3908000000))))],
    ['IPv4 UDP to port 4000 with DSCP EF (TOS 0xb8)', fromClient(ipv4({ src: client.ip, dst: peer.ip, tos: 0xb8, id: 0x0606 }, udp(41000, 4000, filler(40))))],
    ['IPv4 UDP traceroute probe to port 33434 with TTL 1', fromClient(probeDatagram)],
    ['IPv4 ICMP time exceeded for the probe, from the gateway', toClient(ipv4({ src: gateway.ip, dst: client.ip, id: 0x0707 }, icmp(11, 0, Buffer.concat([Buffer.alloc(4), quoted]))))],
    ['IPv4 with a Router Alert option (IHL 6) carrying UDP to port 9', fromClient(ipv4({ src: client.ip, dst: peer.ip, id: 0x0808, options: alert }, udp(42000, 9, filler(24))))],
    ['IPv4 with a Record Route option (IHL 7) carrying an ICMP echo request', fromClient(ipv4({ src: client.ip, dst: peer.ip, id: 0x0909, options: rr }, icmp(8, 0, echoBody(0x04d2, 2, pingData(32, 1700000001)))))],
    ...ipv4Fragments({ src: client.ip, dst: peer.ip, id: 0x0a0a }, udp(43000, 9, filler(100)), 64).map((f, i) => [
      i === 0 ? 'IPv4 first fragment (MF set) of a 108-byte UDP datagram to port 9' : 'IPv4 last fragment (offset 64) of that datagram',
      fromClient(f),
    ]),
    ['Full-size frame: 1514 bytes, IPv4 total length 1500, UDP from port 9', toClient(big)],
  ];
}

function ipv6Misc() {
  const c6 = (dst, extra = {}) => ({ src: client.ip6, dst, ...extra });
  const toC6 = (src, extra = {}) => ({ src, dst: client.ip6, ...extra });
  const nsTarget = gateway.ip6;
  const nsDst = solicitedNode(nsTarget);
  const slla = Buffer.concat([Buffer.from([1, 1]), client.mac]);
  const tlla = Buffer.concat([Buffer.from([2, 1]), gateway.mac]);
  const ns = ipv6(c6(nsDst, { hopLimit: 255 }), icmpv6(135, 0, Buffer.concat([Buffer.alloc(4), nsTarget, slla])));
  const naFlags = Buffer.from([0xe0, 0, 0, 0]); // router, solicited, override
  const na = ipv6(toC6(gateway.ip6, { hopLimit: 255 }), icmpv6(136, 0, Buffer.concat([naFlags, nsTarget, tlla])));
  const syn = (sport, dport, seq, ack, flags) => tcp({ sport, dport, seq, ack, flags, options: synOptions(300000, ack ? 400000 : 0) });
  const exts = [hopByHop(), segmentRouting(peer.ip6), fragment({ id: 0x6006 }), destOptions()];
  return [
    ['IPv6 TCP SYN [2001:db8::10]:40002 -> [2001:db8:1::20]:443', fromClient(ipv6(c6(web.ip6), syn(40002, 443, 5000000, 0, F.SYN)))],
    ['IPv6 TCP SYN-ACK', toClient(ipv6(toC6(web.ip6, { hopLimit: 58 }), syn(443, 40002, 7000000, 5000001, F.SYN | F.ACK)))],
    ['IPv6 UDP DNS query AAAA example.com -> [2001:db8:1::53]:53', fromClient(ipv6(c6(resolver.ip6), udp(53002, 53, dnsQuery(0x3c4d, 'example.com', DNS_AAAA))))],
    ['IPv6 UDP to port 4000, traffic class 0xb8 (DSCP EF), hop limit 10', fromClient(ipv6(c6(peer.ip6, { trafficClass: 0xb8, hopLimit: 10 }), udp(41001, 4000, filler(40))))],
    ['ICMPv6 echo request -> 2001:db8:2::7', fromClient(ipv6(c6(peer.ip6), icmpv6(128, 0, echoBody(0x0929, 1, pingData(56, 1700000002)))))],
    ['ICMPv6 echo reply', toClient(ipv6(toC6(peer.ip6, { hopLimit: 55 }), icmpv6(129, 0, echoBody(0x0929, 1, pingData(56, 1700000002)))))],
    ['ICMPv6 neighbour solicitation for 2001:db8::1 (to its solicited-node group)', ethernet({ dst: ip6MulticastMac(nsDst), src: client.mac, type: ETH_P.IPV6 }, ns)],
    ['ICMPv6 neighbour advertisement from 2001:db8::1', toClient(na)],
    ['IPv6 hop-by-hop + routing (SRH) + fragment (atomic) + dest-options carrying UDP to port 9', fromClient(ipv6(c6(peer.ip6), udp(44000, 9, filler(20)), exts))],
  ];
}

function tagged() {
  return [
    ['802.1Q VLAN 100: IPv4 UDP to port 9', fromClient(ipv4({ src: client.ip, dst: peer.ip, id: 0x1001 }, udp(46000, 9, filler(18))), [dot1q(100)])],
    ['QinQ: 802.1ad S-tag 200 + 802.1Q C-tag 100: IPv4 UDP to port 9', fromClient(ipv4({ src: client.ip, dst: peer.ip, id: 0x1002 }, udp(46001, 9, filler(18))), [dot1ad(200), dot1q(100)])],
  ];
}

function broken() {
  const ip = ipv4Header({ src: client.ip, dst: peer.ip, id: 0x1003 }, PROTO.UDP, 8);
  return [
    ['Runt: 12 bytes, the two MAC addresses and nothing else', Buffer.concat([gateway.mac, client.mac]), 'frame shorter than an Ethernet header'],
    ['Truncated: Ethernet header then only 10 of 20 IPv4 header bytes', fromClient(ip.subarray(0, 10), [], { pad: false }), 'frame ends inside the IPv4 header'],
  ];
}

export const mixed = {
  file: 'mixed.pcap',
  title: 'A bit of everything',
  about: 'ARP, a full IPv4 TCP/HTTP exchange, DNS, ICMP, NTP, IPv6 TCP/UDP/ICMPv6 with neighbour discovery, VLAN and QinQ tags, IPv6 extension headers, IPv4 options and fragments, a full-size frame, and two broken frames.',
  usedBy: [
    'xdp_pass.c', 'parse_headers.c', 'map_counter.c', 'mac_swap_tx.c', 'vlan_strip.c', 'ipv6_ext_walk.c', 'tc_mark.c',
    'udp_port_filter.c', 'icmp_echo_reply.c', 'tc_ttl_rewrite.c', 'global_config.c', 'two_programs.c', 'printk_trace.c',
  ],
  packets: [...arpExchange(), ...dns4(), ...httpFlow(), ...ipv4Misc(), ...ipv6Misc(), ...tagged(), ...broken()],
};
