// The per-packet fast path: decode once, then the tcpdump line, the list columns and the parsed summary.
// No field tree is built here.

import { buildColumns } from './columns';
import { decodeFrame } from './decode';
import { buildParsed } from './parsed';
import type { DissectOptions, PacketSummary, ParsedPacket } from './types';

export function summarizePacket(frame: Uint8Array, opts?: DissectOptions): PacketSummary {
  const { d, internalError } = decodeFrame(frame, opts);
  const line = internalError === undefined ? d.out : d.out + ' [dissector error: ' + internalError + ']';
  const parsed = buildParsed(d.layers, frame);
  if (d.cut !== undefined) parsed.cut = d.cut;
  return { line, columns: buildColumns(d.layers, frame, line), parsed };
}

/** Only the parsed summary (flow keys and offsets) for the packet path model; builds no text. */
export function parsePacket(frame: Uint8Array, opts?: DissectOptions): ParsedPacket {
  const { d } = decodeFrame(frame, opts, true);
  const parsed = buildParsed(d.layers, frame);
  if (d.cut !== undefined) parsed.cut = d.cut;
  return parsed;
}
