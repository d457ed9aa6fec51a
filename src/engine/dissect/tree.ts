// Assembles the details tree from the layer records: one top-level node per protocol (tunnel payloads
// follow as further top-level nodes, as in Wireshark), IPv6 extension headers inside their IPv6 node,
// and the packet quoted by an ICMP error inside the ICMP node.

import { arpLength, treeArp } from './arp';
import { treeEthernet } from './ethernet';
import { expert, leaf, node } from './fields';
import { hexBytes } from './format';
import { treeErspan, treeGre, treeWccp } from './gre';
import { treeGeneve } from './geneve';
import { treeIcmp } from './icmp';
import { treeIcmp6 } from './icmpv6';
import { treeIpv4 } from './ipv4';
import { treeIpv6 } from './ipv6';
import { treeIp6Ext } from './ipv6-ext';
import { treeAh, treeEsp, treeIpcomp } from './ipsec';
import type { IpLayer, Layer } from './layers';
import { treeLink } from './linktype';
import { treeMpls } from './mpls';
import { treeTcp } from './tcp';
import type { FieldNode } from './types';
import { treeUdp } from './udp';
import { treeLlc, treeVlan } from './vlan';
import { treeVxlan } from './vxlan';

export function buildTree(layers: readonly Layer[], b: Uint8Array, wireLength: number): FieldNode[] {
  const out: FieldNode[] = [frameNode(b, wireLength)];
  const nodes: (FieldNode | undefined)[] = [];
  const ips = new Map<string, IpLayer>();
  const ip6Nodes = new Map<string, FieldNode>();
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    const ctx = l.depth + '/' + (l.quotedBy ?? -1);
    const made = nodesFor(l, b, ips.get(ctx));
    nodes.push(made[0]);
    if (l.kind === 'ipv4' || l.kind === 'ipv6') {
      ips.set(ctx, l);
      if (l.kind === 'ipv6' && made[0] !== undefined) ip6Nodes.set(ctx, made[0]);
    }
    const parent = parentOf(l, nodes, ip6Nodes.get(ctx));
    if (parent === undefined) {
      out.push(...made);
      continue;
    }
    parent.children.push(...made);
    // The IPv6 node spans its extension headers, as Wireshark's does.
    for (const m of made) parent.length = Math.max(parent.length, m.start + m.length - parent.start);
  }
  addPadding(out, layers, b);
  for (const n of out) clampRanges(n, b.length);
  return out;
}

/**
 * Keeps every range inside the captured bytes: a header the capture cut (or one that starts past the end,
 * after a length field pointed there) is shown at the end of the data with what remains.
 */
function clampRanges(n: FieldNode, len: number): void {
  if (n.start > len) n.start = len;
  if (n.start + n.length > len) n.length = len - n.start;
  for (const c of n.children) clampRanges(c, len);
}

function parentOf(l: Layer, nodes: readonly (FieldNode | undefined)[], ip6: FieldNode | undefined): FieldNode | undefined {
  if (l.kind === 'hbh' || l.kind === 'dstopt' || l.kind === 'rt6' || l.kind === 'frag6') return ip6;
  if (l.quotedBy !== undefined) return nodes[l.quotedBy];
  return undefined;
}

function nodesFor(l: Layer, b: Uint8Array, ip: IpLayer | undefined): FieldNode[] {
  switch (l.kind) {
    case 'sll': case 'sll2': case 'null': return [treeLink(l, b)];
    case 'eth': return [treeEthernet(l, b)];
    case 'vlan': return [treeVlan(l, b)];
    case 'llc': return [treeLlc(l, b)];
    case 'arp': return [treeArp(l, b)];
    case 'ipv4': return [treeIpv4(l, b)];
    case 'ipv6': return [treeIpv6(l, b)];
    case 'hbh': case 'dstopt': case 'rt6': case 'frag6': return [treeIp6Ext(l, b)];
    case 'ah': return [treeAh(l, b)];
    case 'esp': return [treeEsp(l, b)];
    case 'ipcomp': return [treeIpcomp(l, b)];
    case 'tcp': return [treeTcp(l, b, ip)];
    case 'udp': return [treeUdp(l, b, ip)];
    case 'icmp': return [treeIcmp(l, b)];
    case 'icmp6': return [treeIcmp6(l, b, ip)];
    case 'gre': return [treeGre(l, b)];
    case 'wccp': return [treeWccp(l, b)];
    case 'erspan': return [treeErspan(l, b)];
    case 'vxlan': return [treeVxlan(l, b)];
    case 'geneve': return [treeGeneve(l, b)];
    case 'mpls': return treeMpls(l, b);
    case 'data': return dataNode(l.off, l.length, l.capEnd, l.why, b);
  }
}

function dataNode(off: number, length: number, capEnd: number, why: string, b: Uint8Array): FieldNode[] {
  // TCP and UDP payloads already appear inside their protocol's node.
  if (why === 'TCP payload' || why === 'UDP payload') return [];
  const cap = Math.max(0, Math.min(length, capEnd - off));
  if (cap <= 0) return [];
  return [node('data', 'Data (' + cap + ' bytes): ' + why, off, cap, undefined, [leaf('data.data', 'Data', off, cap, hexBytes(b, off, Math.min(cap, 64)) + (cap > 64 ? '…' : ''))])];
}

function frameNode(b: Uint8Array, wire: number): FieldNode {
  const kids = [leaf('frame.len', 'Frame Length', 0, 0, wire, wire + ' bytes'), leaf('frame.cap_len', 'Capture Length', 0, 0, b.length, b.length + ' bytes')];
  if (b.length < wire) kids.push(expert('Capture cut to ' + b.length + ' of ' + wire + ' bytes', 0, 0));
  return node('frame', 'Frame: ' + wire + ' bytes on wire, ' + b.length + ' bytes captured', 0, b.length, undefined, kids);
}

/** Ethernet padding after the outermost network packet (IP total length or ARP body), as a last node. */
function addPadding(out: FieldNode[], layers: readonly Layer[], b: Uint8Array): void {
  if (!out.some(n => n.name === 'eth')) return;
  const l3 = layers.find(l => l.depth === 0 && l.quotedBy === undefined && (l.kind === 'ipv4' || l.kind === 'ipv6' || l.kind === 'arp'));
  if (l3 === undefined || l3.cut) return;
  let end: number;
  if (l3.kind === 'ipv4') {
    if (l3.totalLen < l3.hlen) return;
    end = l3.off + l3.totalLen;
  } else if (l3.kind === 'ipv6') {
    if (l3.plen === 0) return;
    end = l3.off + 40 + l3.plen;
  } else if (l3.kind === 'arp') {
    end = l3.off + arpLength(l3);
  } else {
    return;
  }
  if (end >= b.length) return;
  out.push(leaf('eth.padding', 'Ethernet padding', end, b.length - end, hexBytes(b, end, Math.min(b.length - end, 64))));
}
