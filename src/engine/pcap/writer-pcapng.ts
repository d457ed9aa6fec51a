// pcapng writer: one section, one IDB per hook point / interface (named, so Wireshark shows frame.interface_name),
// and EPBs that can carry the program's verdict (epb_verdict, Wireshark's frame.verdict.ebpf_xdp / ebpf_tc), a
// packet id (epb_packetid, frame.packet_id) and a comment. Output goes to the sink in chunks.

import { pad4 } from './bytes';
import { LINKTYPE_ETHERNET } from './linktype';
import { OutputBuffer, type ChunkSink } from './output-buffer';
import { MAX_CAPLEN } from './parser';
import { BT_EPB, BT_IDB, BT_SHB, BYTE_ORDER_MAGIC } from './pcapng-blocks';
import {
  EPB_PACKETID, EPB_VERDICT, IF_DESCRIPTION, IF_NAME, IF_TSRESOL, OPT_COMMENT, SHB_USERAPPL, VERDICT_EBPF_TC,
  VERDICT_EBPF_XDP,
} from './pcapng-options';
import { joinTicks } from './timestamp';
import type { OutputPacket } from './writer-pcap';

export interface PcapngInterface {
  /** if_name, e.g. "xdp:eth0" or the program's hook point. */
  name: string;
  description?: string;
  linkType?: number;
  snapLen?: number;
}

export interface PcapngWriterOptions {
  interfaces: readonly PcapngInterface[];
  /** shb_userappl (default "xdp-lab"). */
  application?: string;
  /** Nanosecond timestamps (if_tsresol 9, the default); false for microseconds. */
  nanosecond?: boolean;
  bigEndian?: boolean;
  bufferSize?: number;
}

export interface PacketVerdict {
  hook: 'xdp' | 'tc';
  /** The program's return value (XDP_* or TC_ACT_*; may be negative, e.g. TC_ACT_UNSPEC). */
  action: number;
}

export interface PcapngPacket extends OutputPacket {
  interfaceId?: number;
  verdict?: PacketVerdict;
  packetId?: number | bigint;
  comment?: string;
}

export class PcapngWriter {
  private readonly out: OutputBuffer;
  private readonly le: boolean;
  private readonly nsPerTick: number;
  private readonly interfaceCount: number;
  private readonly ticks = { hi: 0, lo: 0 };

  constructor(sink: ChunkSink, options: PcapngWriterOptions) {
    this.out = new OutputBuffer(sink, options.bufferSize);
    this.le = options.bigEndian !== true;
    this.nsPerTick = options.nanosecond === false ? 1000 : 1;
    this.interfaceCount = options.interfaces.length;
    this.sectionHeader(options.application ?? 'xdp-lab');
    for (const iface of options.interfaces) this.interfaceBlock(iface);
  }

  /** Writes one packet; false (and nothing written) if its interface id names no interface. */
  write(pkt: PcapngPacket): boolean {
    const ifId = pkt.interfaceId ?? 0;
    if (!(ifId >= 0 && ifId < this.interfaceCount)) return false;
    const o = this.out;
    const le = this.le;
    const n = pkt.data.length;
    const commentBytes = this.optionBytes(pkt.comment);
    let options = 0;
    if (pkt.verdict !== undefined) options += 16;
    if (pkt.packetId !== undefined) options += 12;
    if (commentBytes >= 0) options += 4 + pad4(commentBytes);
    if (options > 0) options += 4;
    const total = 32 + pad4(n) + options;
    o.reserve(total);
    o.u32(BT_EPB, le);
    o.u32(total, le);
    o.u32(ifId, le);
    joinTicks(pkt.tsSec, pkt.tsNsec, this.nsPerTick, this.ticks);
    o.u32(this.ticks.hi, le);
    o.u32(this.ticks.lo, le);
    o.u32(n, le);
    o.u32(Math.max(pkt.origLen ?? n, n), le);
    o.bytes(pkt.data);
    o.zeros(pad4(n) - n);
    if (pkt.verdict !== undefined) this.verdictOption(pkt.verdict);
    if (pkt.packetId !== undefined) this.packetIdOption(pkt.packetId);
    if (commentBytes >= 0) this.stringOption(OPT_COMMENT, pkt.comment ?? '', commentBytes);
    if (options > 0) o.u32(0, le); // opt_endofopt
    o.u32(total, le);
    return true;
  }

  flush(): void {
    this.out.flush();
  }

  end(): void {
    this.out.flush();
  }

  private sectionHeader(application: string): void {
    const o = this.out;
    const le = this.le;
    const appBytes = this.optionBytes(application);
    const total = 28 + (appBytes >= 0 ? 4 + pad4(appBytes) + 4 : 0);
    o.reserve(total);
    o.u32(BT_SHB, le);
    o.u32(total, le);
    o.u32(BYTE_ORDER_MAGIC, le);
    o.u16(1, le);
    o.u16(0, le);
    o.u64parts(0xffffffff, 0xffffffff, le); // section length unknown
    if (appBytes >= 0) {
      this.stringOption(SHB_USERAPPL, application, appBytes);
      o.u32(0, le);
    }
    o.u32(total, le);
  }

  private interfaceBlock(iface: PcapngInterface): void {
    const o = this.out;
    const le = this.le;
    const nameBytes = this.optionBytes(iface.name);
    const descBytes = this.optionBytes(iface.description);
    let total = 20 + 8 + 4;
    if (nameBytes >= 0) total += 4 + pad4(nameBytes);
    if (descBytes >= 0) total += 4 + pad4(descBytes);
    o.reserve(total);
    o.u32(BT_IDB, le);
    o.u32(total, le);
    o.u16(iface.linkType ?? LINKTYPE_ETHERNET, le);
    o.u16(0, le);
    o.u32(iface.snapLen ?? MAX_CAPLEN, le);
    if (nameBytes >= 0) this.stringOption(IF_NAME, iface.name, nameBytes);
    if (descBytes >= 0) this.stringOption(IF_DESCRIPTION, iface.description ?? '', descBytes);
    o.u16(IF_TSRESOL, le);
    o.u16(1, le);
    o.u8(this.nsPerTick === 1 ? 9 : 6);
    o.zeros(3);
    o.u32(0, le);
    o.u32(total, le);
  }

  /** UTF-8 length of an option's text, or -1 to leave the option out (absent, or too long for its 16-bit length). */
  private optionBytes(s: string | undefined): number {
    if (s === undefined) return -1;
    const n = this.out.utf8Length(s);
    return n <= 0xffff ? n : -1;
  }

  private stringOption(code: number, s: string, byteLength: number): void {
    const o = this.out;
    o.u16(code, this.le);
    o.u16(byteLength, this.le);
    o.utf8(s);
    o.zeros(pad4(byteLength) - byteLength);
  }

  private verdictOption(v: PacketVerdict): void {
    const o = this.out;
    o.u16(EPB_VERDICT, this.le);
    o.u16(9, this.le);
    o.u8(v.hook === 'xdp' ? VERDICT_EBPF_XDP : VERDICT_EBPF_TC);
    o.i64(v.action, this.le);
    o.zeros(3);
  }

  private packetIdOption(id: number | bigint): void {
    const o = this.out;
    o.u16(EPB_PACKETID, this.le);
    o.u16(8, this.le);
    if (typeof id === 'bigint') o.u64big(id, this.le);
    else o.i64(id, this.le);
  }
}
