// vlan.pcap and icmp_echo.pcap: small captures aimed at one example each.

import { ethernet, arp, ipv4, ipv4Header, ipv4Fragments, ipv6, udp, tcp, icmp, icmpv6, echoBody, ETH_P, PROTO, TCP_FLAG as F } from './layers.mjs';
import { pingData, filler } from './apps.mjs';
import { client, gateway, peer, BROADCAST, fromClient, dot1q, dot1ad } from './net.mjs';

const v4 = (id, extra = {}) => ({ src: client.ip, dst: peer.ip, id, ...extra });
const ping = (seq, len = 56) => echoBody(0x1234, seq, pingData(len, 1700000100 + seq));
const discard = (sport) => udp(sport, 9, filler(18));

function vlanPackets() {
  const tcpSyn = tcp({ sport: 40100, dport: 22, seq: 777000, flags: F.SYN });
  const whoHas = arp({ op: 1, sha: client.mac, spa: client.ip, tha: Buffer.alloc(6), tpa: gateway.ip });
  const shortTag = Buffer.concat([gateway.mac, client.mac, Buffer.from([0x81, 0x00, 0x00, 0x0a])]);
  const shortIp = ipv4Header(v4(0x2009), PROTO.UDP, 8).subarray(0, 10);
  const fullSyn = ipv4(v4(0x200a), tcp({ sport: 40101, dport: 22, seq: 778000, flags: F.SYN }));
  const cutSyn = fullSyn.subarray(0, 20 + 8);
  return [
    ['Untagged IPv4 UDP to port 9', fromClient(ipv4(v4(0x2001), discard(47001)))],
    ['802.1Q VLAN 10: IPv4 UDP to port 9', fromClient(ipv4(v4(0x2002), discard(47002)), [dot1q(10)])],
    ['802.1Q VLAN 20: ICMPv6 echo request', fromClient(ipv6({ src: client.ip6, dst: peer.ip6 }, icmpv6(128, 0, ping(1))), [dot1q(20)])],
    ['QinQ: 802.1ad S-tag 300 + 802.1Q C-tag 10: IPv4 TCP SYN to port 22', fromClient(ipv4(v4(0x2004), tcpSyn), [dot1ad(300), dot1q(10)])],
    ['Single 802.1ad tag 300: IPv4 UDP to port 9', fromClient(ipv4(v4(0x2005), discard(47005)), [dot1ad(300)])],
    ['802.1Q priority tag (VLAN 0, PCP 5): ARP request', ethernet({ dst: BROADCAST, src: client.mac, tags: [dot1q(0, 5)], type: ETH_P.ARP }, whoHas)],
    ['Three tags (802.1ad 300, 802.1Q 10, 802.1Q 11): IPv4 UDP to port 9', fromClient(ipv4(v4(0x2007), discard(47007)), [dot1ad(300), dot1q(10), dot1q(11)])],
    ['802.1Q tag cut short: the frame ends after the TCI', shortTag, 'frame ends inside the VLAN tag'],
    ['802.1Q VLAN 10, then only 10 bytes of IPv4 header', fromClient(shortIp, [dot1q(10)], { pad: false }), 'frame ends inside the IPv4 header'],
    ['QinQ: IPv4 TCP SYN cut short 8 bytes into the TCP header', fromClient(cutSyn, [dot1ad(300), dot1q(10)], { pad: false }), 'frame ends inside the TCP header'],
  ];
}

export const vlan = {
  file: 'vlan.pcap',
  title: 'VLAN tags',
  about: 'Untagged, single 802.1Q, single 802.1ad, QinQ and triple-tagged frames, a priority tag, and three frames cut short inside a tag or the IPv4 or TCP header behind the tags.',
  usedBy: ['vlan_strip.c', 'parse_headers.c'],
  packets: vlanPackets(),
};

function echoPackets() {
  const toMe = (id, extra = {}) => ({ src: peer.ip, dst: gateway.ip, id, ...extra });
  const fromPeer = (l3, opts) => ethernet({ dst: gateway.mac, src: client.mac, type: l3[0] >> 4 === 6 ? ETH_P.IPV6 : ETH_P.IPV4 }, l3, opts);
  const rr = Buffer.from([7, 7, 4, 0, 0, 0, 0, 0]);
  const unreachableFor = ipv4({ src: gateway.ip, dst: peer.ip, id: 0x3005 }, udp(33000, 5353, filler(12)));
  const frags = ipv4Fragments(toMe(0x3006), icmp(8, 0, ping(6, 120)), 64);
  const cutIcmp = Buffer.concat([ipv4Header(toMe(0x3010), PROTO.ICMP, 4), Buffer.from([8, 0, 0xf7, 0xff])]);
  const bogusIhl = ipv4(toMe(0x3011), icmp(8, 0, ping(11)));
  bogusIhl[0] = 0x44; // IHL 4: shorter than the fixed header
  const whoHas = arp({ op: 1, sha: client.mac, spa: peer.ip, tha: Buffer.alloc(6), tpa: gateway.ip });
  return [
    ['ICMP echo request 203.0.113.7 -> 192.0.2.1', fromPeer(ipv4(toMe(0x3001), icmp(8, 0, ping(1))))],
    ['ICMP echo request with a Record Route option (IHL 7)', fromPeer(ipv4(toMe(0x3002, { options: rr }), icmp(8, 0, ping(2))))],
    ['ICMP echo reply (not a request: passed)', fromPeer(ipv4(toMe(0x3003), icmp(0, 0, ping(3))))],
    ['ICMP destination unreachable (port) quoting a UDP datagram', fromPeer(ipv4(toMe(0x3004), icmp(3, 3, Buffer.concat([Buffer.alloc(4), unreachableFor.subarray(0, 28)]))))],
    ['IPv4 first fragment (MF) of a 128-byte echo request', fromPeer(frags[0])],
    ['IPv4 last fragment (offset 64) of that echo request', fromPeer(frags[1])],
    ['IPv4 UDP to port 9', fromPeer(ipv4(toMe(0x3007), discard(47100)))],
    ['ICMPv6 echo request', fromPeer(ipv6({ src: peer.ip6, dst: gateway.ip6 }, icmpv6(128, 0, ping(8))))],
    ['ARP request for 192.0.2.1', ethernet({ dst: BROADCAST, src: client.mac, type: ETH_P.ARP }, whoHas)],
    ['ICMP header cut short: frame ends 4 bytes into the ICMP header', fromPeer(cutIcmp, { pad: false }), 'frame ends inside the ICMP header'],
    ['IPv4 header with IHL 4 (below the 20-byte minimum) carrying ICMP', fromPeer(bogusIhl), 'IHL field below 5'],
    ['Runt: 13 bytes', Buffer.concat([gateway.mac, client.mac, Buffer.from([0x08])]), 'frame shorter than an Ethernet header'],
  ];
}

export const icmpEcho = {
  file: 'icmp_echo.pcap',
  title: 'ICMP echo',
  about: 'Echo requests to 192.0.2.1 (plain, with IP options, fragmented) next to packets that must be left alone, plus frames cut short or with a bad IHL.',
  usedBy: ['icmp_echo_reply.c', 'parse_headers.c', 'global_config.c', 'mac_swap_tx.c'],
  packets: echoPackets(),
};
