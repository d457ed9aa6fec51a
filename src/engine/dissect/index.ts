// Packet dissector: Ethernet frames (and a few other link types) to a tcpdump-style line, list columns,
// a compact parsed summary, and on request a field tree with byte ranges. Never throws for bad input.

import { decodeFrame } from './decode';
import { buildTree } from './tree';
import type { DissectOptions, FieldNode } from './types';

export { summarizePacket, parsePacket } from './summary';
export { createTcpSeqTracker } from './tcp-seq';
export { ipv4At, ipv6At, macAt } from './format';
export {
  LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL, LINKTYPE_RAW,
} from './linktype';
export type {
  ArpInfo, Columns, CutInfo, DissectOptions, FieldNode, FragmentInfo, L2Info, L3Info, L4Info, L4Name, MplsEntry,
  Offsets, PacketSummary, ParsedPacket, TcpSeqTracker, TunnelInfo, TunnelKind, VlanTag,
} from './types';

/** The details tree (first node "Frame", then one node per protocol). Built only when asked for. */
export function buildFieldTree(frame: Uint8Array, opts?: DissectOptions): FieldNode[] {
  const { d, internalError } = decodeFrame(frame, opts);
  const wire = opts?.wireLength !== undefined && opts.wireLength >= frame.length ? opts.wireLength : frame.length;
  const tree = buildTree(d.layers, frame, wire);
  if (internalError !== undefined) {
    tree.push({ name: '_ws.expert', label: 'Dissector error: ' + internalError, start: 0, length: 0, value: internalError, children: [] });
  }
  return tree;
}
