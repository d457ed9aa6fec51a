// Reads field values out of our tree in tshark's order (depth-first, parents before children) and in
// tshark's -T fields text form, for the field comparison test.

import type { FieldNode } from '../../../src/engine/dissect';

export function collect(tree: readonly FieldNode[], name: string): FieldNode[] {
  const out: FieldNode[] = [];
  const walk = (nodes: readonly FieldNode[]): void => {
    for (const n of nodes) {
      if (n.name === name) out.push(n);
      walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** How tshark prints each compared field: hex with N digits, or plain. */
const HEX_WIDTH: Record<string, number> = {
  'eth.type': 4, 'ip.flags': 2, 'ip.dsfield': 2, 'ip.checksum': 4, 'ip.id': 4, 'tcp.flags': 4, 'udp.checksum': 4,
  'tcp.checksum': 4, 'icmp.checksum': 4, 'ah.spi': 8, 'esp.spi': 8, 'gre.proto': 4, 'vlan.etype': 4, 'geneve.vni': 6,
  'arp.proto.type': 4, 'ipv6.fraghdr.ident': 8,
};

export function tsharkText(field: string, v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  const w = HEX_WIDTH[field];
  if (w !== undefined && typeof v === 'number') return '0x' + v.toString(16).padStart(w, '0');
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}
