// pcapng options: code (16 bits), length (16 bits), value padded to 4 bytes, ended by opt_endofopt or the end
// of the options area. The walker is shared by the block parsers; readPacketOptions decodes an EPB's options
// on demand (the replay loop never needs them, so the reader does not decode them per packet).

import { pad4, u16, u32, u64big } from './bytes';
import type { PacketRecord } from './types';

export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;
export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_TSRESOL = 9;
export const IF_FCSLEN = 13;
export const IF_TSOFFSET = 14;
export const SHB_USERAPPL = 4;
export const EPB_FLAGS = 2;
export const EPB_PACKETID = 5;
export const EPB_QUEUE = 6;
export const EPB_VERDICT = 7; // not 6: that is epb_queue (pcapng spec; tshark rejects a 9-byte queue option)

/** epb_verdict types. */
export const VERDICT_HARDWARE = 0;
export const VERDICT_EBPF_TC = 1;
export const VERDICT_EBPF_XDP = 2;

export type OptionVisitor = (code: number, valueAt: number, length: number) => void;

/**
 * Visits the options in b[from, to). Returns -1 when they are well formed, else the offset of the first option
 * whose header or value runs past `to`. A trailing fragment shorter than an option header is ignored, as
 * Wireshark does.
 */
export function walkOptions(b: Uint8Array, from: number, to: number, le: boolean, visit?: OptionVisitor): number {
  let p = from;
  while (p + 4 <= to) {
    const code = u16(b, p, le);
    const length = u16(b, p + 2, le);
    if (code === OPT_ENDOFOPT) return -1;
    if (p + 4 + length > to) return p;
    if (visit !== undefined) visit(code, p + 4, length);
    p += 4 + pad4(length);
  }
  return -1;
}

export interface Verdict {
  /** 0 hardware, 1 eBPF TC, 2 eBPF XDP. */
  type: number;
  /** For eBPF verdicts: the program's return value (signed 64-bit). */
  action?: bigint;
  /** The raw verdict bytes after the type byte. */
  data: Uint8Array;
}

export interface PacketOptions {
  comments: string[];
  verdicts: Verdict[];
  packetId?: bigint;
  flags?: number;
}

const utf8 = new TextDecoder();

/** Decodes the options of a pcapng packet record (empty for classic pcap and Simple Packet Blocks). */
export function readPacketOptions(rec: PacketRecord): PacketOptions {
  const out: PacketOptions = { comments: [], verdicts: [] };
  const b = rec.buffer;
  const le = rec.littleEndian;
  walkOptions(b, rec.optionsOffset, rec.optionsEnd, le, (code, at, length) => {
    if (code === OPT_COMMENT) out.comments.push(utf8.decode(b.subarray(at, at + length)));
    else if (code === EPB_FLAGS && length === 4) out.flags = u32(b, at, le);
    else if (code === EPB_PACKETID && length === 8) out.packetId = u64big(b, at, le);
    else if (code === EPB_VERDICT && length >= 1) out.verdicts.push(verdictAt(b, at, length, le));
  });
  return out;
}

function verdictAt(b: Uint8Array, at: number, length: number, le: boolean): Verdict {
  const type = b[at];
  const data = b.slice(at + 1, at + length);
  if ((type === VERDICT_EBPF_TC || type === VERDICT_EBPF_XDP) && length === 9) {
    return { type, action: BigInt.asIntN(64, u64big(b, at + 1, le)), data };
  }
  return { type, data };
}
