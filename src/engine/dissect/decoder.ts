// Per-packet decoding state: the bytes, the tcpdump-style line being written, and the layer records.
// Protocol modules reach each other through `next` so that no module imports another's decoder.

import type { IpLayer, Layer } from './layers';
import type { CutInfo, TcpSeqTracker } from './types';

export interface Dispatch {
  /** Decodes the payload of an ethertype; false when the type is unknown (nothing written). */
  ethertype(d: Decoder, type: number, off: number, length: number, capEnd: number): boolean;
  /** Decodes an Ethernet frame (tunnel payloads). */
  ether(d: Decoder, off: number, length: number, capEnd: number): void;
  /** Decodes an IP payload by protocol number. */
  ipProto(d: Decoder, proto: number, off: number, length: number, capEnd: number, ip: IpLayer, frag: boolean): void;
  ipv4(d: Decoder, off: number, length: number, capEnd: number): void;
  ipv6(d: Decoder, off: number, length: number, capEnd: number): void;
}

export class Decoder {
  /** The one-line summary as written so far. */
  out = '';
  /** While > 0 nothing is written to the line (ICMP error quotes, which tcpdump prints only with -v). */
  mute = 0;
  readonly layers: Layer[] = [];
  /** Current encapsulation depth. */
  depth = 0;
  /** Index of the ICMP layer whose quoted packet is being decoded. */
  quotedBy: number | undefined;
  cut: CutInfo | undefined;

  constructor(
    readonly b: Uint8Array,
    readonly next: Dispatch,
    readonly maxDepth: number,
    readonly tcpSeq: TcpSeqTracker | undefined,
    /** No line at all (parse-only callers): decoders skip building text. */
    readonly silent = false,
  ) {}

  /** Whether text written now would reach the line; decoders test it before formatting anything costly. */
  talking(): boolean {
    return this.mute === 0 && !this.silent;
  }

  put(s: string): void {
    if (this.mute === 0 && !this.silent) this.out += s;
  }

  /** tcpdump's truncation marker " [|proto]"; also records the first cut of the real packet. */
  trunc(proto: string, off: number): void {
    if (this.mute !== 0) return;
    if (!this.silent) this.out += ' [|' + proto + ']';
    if (this.cut === undefined) this.cut = { layer: proto, offset: off };
  }

  push<T extends Layer>(layer: T): T {
    // Always present, so that readers of any layer kind see the same property set.
    layer.quotedBy = this.quotedBy;
    this.layers.push(layer);
    return layer;
  }

  /** Records bytes left undecoded. */
  data(off: number, length: number, capEnd: number, why: string): void {
    if (off >= capEnd && length <= 0) return;
    this.push({ kind: 'data', off, capEnd, cut: false, depth: this.depth, length, why });
  }

  /** Enters a tunnel payload; false (and a data record) when the depth limit is reached. */
  enter(off: number, length: number, capEnd: number): boolean {
    if (this.depth + 1 > this.maxDepth) {
      this.put('[encapsulation depth limit]');
      this.data(off, length, capEnd, 'depth limit');
      return false;
    }
    this.depth++;
    return true;
  }

  leave(): void {
    this.depth--;
  }
}
