// tcpdump's relative TCP sequence numbers: the first segment with ACK set that is seen for a connection
// (or any SYN) records the initial numbers for both directions; later segments print offsets from them.

import type { TcpSeqTracker } from './types';

interface Bases {
  seq: number;
  ack: number;
}

export class RelativeTcpSeq implements TcpSeqTracker {
  private readonly conns = new Map<string, Bases>();

  relative(key: string, reversed: boolean, syn: boolean, seq: number, ack: number): [number, number, number, number] {
    let e = this.conns.get(key);
    if (e === undefined || syn) {
      e = reversed ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 };
      this.conns.set(key, e);
      return [seq, ack, e.seq, e.ack];
    }
    if (reversed) return [(seq - e.ack) >>> 0, (ack - e.seq) >>> 0, e.seq, e.ack];
    return [(seq - e.seq) >>> 0, (ack - e.ack) >>> 0, e.seq, e.ack];
  }
}

export function createTcpSeqTracker(): TcpSeqTracker {
  return new RelativeTcpSeq();
}
