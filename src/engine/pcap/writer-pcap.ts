// Classic pcap writer (version 2.4, µs or ns timestamps). Records go into a reusable buffer handed to the sink
// in chunks; call end() to flush the last one.

import { LINKTYPE_ETHERNET } from './linktype';
import { OutputBuffer, type ChunkSink } from './output-buffer';
import { MAX_CAPLEN } from './parser';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap-reader';

export interface PcapWriterOptions {
  /** Nanosecond timestamps (magic a1b23c4d); default microseconds. */
  nanosecond?: boolean;
  linkType?: number;
  snapLen?: number;
  /** Write big-endian headers (default little-endian). */
  bigEndian?: boolean;
  bufferSize?: number;
}

/** A packet to write. origLen defaults to the data length. */
export interface OutputPacket {
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
  origLen?: number;
}

export class PcapWriter {
  private readonly out: OutputBuffer;
  private readonly le: boolean;
  private readonly nano: boolean;

  constructor(sink: ChunkSink, options: PcapWriterOptions = {}) {
    this.out = new OutputBuffer(sink, options.bufferSize);
    this.le = options.bigEndian !== true;
    this.nano = options.nanosecond === true;
    const o = this.out;
    o.reserve(24);
    o.u32(this.nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US, this.le);
    o.u16(2, this.le);
    o.u16(4, this.le);
    o.u32(0, this.le); // thiszone
    o.u32(0, this.le); // sigfigs
    o.u32(options.snapLen ?? MAX_CAPLEN, this.le);
    o.u32(options.linkType ?? LINKTYPE_ETHERNET, this.le);
  }

  write(pkt: OutputPacket): void {
    const o = this.out;
    const le = this.le;
    const n = pkt.data.length;
    o.reserve(16 + n);
    o.u32(pkt.tsSec, le);
    o.u32(this.nano ? pkt.tsNsec : Math.floor(pkt.tsNsec / 1000), le);
    o.u32(n, le);
    o.u32(Math.max(pkt.origLen ?? n, n), le);
    o.bytes(pkt.data);
  }

  /** Hands buffered records to the sink (end() does this too). */
  flush(): void {
    this.out.flush();
  }

  end(): void {
    this.out.flush();
  }
}
