// Wires the protocol decoders together: ethertype and IP-protocol demultiplexing (tcpdump's
// ethertype_print and ip_demux_print). The only module that imports every decoder.

import { decodeArp } from './arp';
import type { Decoder, Dispatch } from './decoder';
import { decodeEthernet } from './ethernet';
import { has } from './fields';
import { decodeGre } from './gre';
import { decodeIcmp } from './icmp';
import { decodeIcmp6 } from './icmpv6';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6, walkIpv6 } from './ipv6';
import { decodeAh, decodeEsp, decodeIpcomp } from './ipsec';
import type { IpLayer } from './layers';
import { decodeMpls } from './mpls';
import {
  ETH_ARP, ETH_IPV4, ETH_IPV6, ETH_MPLS, ETH_MPLS_MC, ETH_RARP, IPPROTO_AH, IPPROTO_DSTOPTS, IPPROTO_ESP,
  IPPROTO_ETHERNET, IPPROTO_FRAGMENT, IPPROTO_GRE, IPPROTO_HOPOPTS, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_IPCOMP,
  IPPROTO_IPV4, IPPROTO_IPV6, IPPROTO_NONE, IPPROTO_ROUTING, IPPROTO_TCP, IPPROTO_UDP,
} from './names';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';

function ethertype(d: Decoder, type: number, off: number, length: number, capEnd: number): boolean {
  switch (type) {
    case ETH_IPV4:
      decodeIpv4(d, off, length, capEnd);
      return true;
    case ETH_IPV6:
      decodeIpv6(d, off, length, capEnd);
      return true;
    case ETH_ARP:
    case ETH_RARP:
      decodeArp(d, off, length, capEnd);
      return true;
    case ETH_MPLS:
    case ETH_MPLS_MC:
      decodeMpls(d, off, length, capEnd);
      return true;
    default:
      return false;
  }
}

function ipProto(d: Decoder, proto: number, off: number, length: number, capEnd: number, ip: IpLayer, frag: boolean): void {
  const ipField = ip.kind === 'ipv4' ? ip.proto : ip.nh;
  for (let guard = 0; guard < 64; guard++) {
    switch (proto) {
      case IPPROTO_AH: {
        if (!has(off, 1, capEnd)) return d.trunc('ah', off);
        const nh = d.b[off];
        const advance = decodeAh(d, off, capEnd);
        if (advance <= 0) return;
        off += advance;
        length -= advance;
        proto = nh;
        continue;
      }
      case IPPROTO_ESP:
        return decodeEsp(d, off, length, capEnd);
      case IPPROTO_IPCOMP:
        return decodeIpcomp(d, off, length, capEnd);
      case IPPROTO_TCP:
        return decodeTcp(d, off, length, capEnd, ip, ipField === IPPROTO_TCP);
      case IPPROTO_UDP:
        return decodeUdp(d, off, length, capEnd, ip, frag);
      case IPPROTO_ICMP:
        if (ip.kind === 'ipv4') return decodeIcmp(d, off, length, capEnd);
        d.put('[ICMP requires IPv4] (invalid)');
        return d.data(off, length, capEnd, 'ICMP in IPv6');
      case IPPROTO_ICMPV6:
        if (ip.kind === 'ipv6') return decodeIcmp6(d, off, length, capEnd);
        d.put('[ICMPv6 requires IPv6] (invalid)');
        return d.data(off, length, capEnd, 'ICMPv6 in IPv4');
      case IPPROTO_IPV4:
      case IPPROTO_IPV6:
        return tunnel(d, proto, off, length, capEnd);
      case IPPROTO_GRE:
        return decodeGre(d, off, length, capEnd);
      case IPPROTO_NONE:
        d.put('no next header');
        return d.data(off, length, capEnd, 'no next header');
      case IPPROTO_ETHERNET:
        if (ip.kind === 'ipv6') return tunnel(d, proto, off, length, capEnd);
        d.put('[Ethernet requires IPv6] (invalid)');
        return d.data(off, length, capEnd, 'Ethernet in IPv4');
      default:
        return unknown(d, proto, off, length, capEnd, ip);
    }
  }
}

function tunnel(d: Decoder, proto: number, off: number, length: number, capEnd: number): void {
  if (!d.enter(off, length, capEnd)) return;
  if (proto === IPPROTO_IPV4) decodeIpv4(d, off, length, capEnd);
  else if (proto === IPPROTO_IPV6) decodeIpv6(d, off, length, capEnd);
  else decodeEthernet(d, off, length, capEnd);
  d.leave();
}

function unknown(d: Decoder, proto: number, off: number, length: number, capEnd: number, ip: IpLayer): void {
  d.put(' ip-proto-' + proto + ' ' + length);
  const ext = proto === IPPROTO_HOPOPTS || proto === IPPROTO_DSTOPTS || proto === IPPROTO_ROUTING || proto === IPPROTO_FRAGMENT;
  if (ip.kind !== 'ipv6' || !ext) return d.data(off, length, capEnd, 'IP protocol ' + proto);
  // Behind AH tcpdump stops; keep walking silently so the tree and flow keys see the real payload.
  d.mute++;
  walkIpv6(d, ip, off, proto, length, capEnd, true);
  d.mute--;
}

export const DISPATCH: Dispatch = {
  ethertype,
  ether: decodeEthernet,
  ipProto,
  ipv4: decodeIpv4,
  ipv6: decodeIpv6,
};
