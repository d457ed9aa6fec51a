// A replay session: packet records from a capture go through framing and the prepared program one at a time,
// in order, with maps persisting between packets. Nothing is kept per packet: the caller gets a reused outcome
// object, and the session keeps only totals. This is the product's hot path: an Ethernet record runs straight
// from the reader's buffer (no view, no copy, no BigInt), and details are read only when asked for.

import { actionName, type PreparedProgram, runFrame } from '../interp';
import type { PacketMeta } from '../interp/types';
import { EthernetFramer, LINKTYPE_ETHERNET, type PacketRecord } from '../pcap';
import type { PacketOutcome, ReplayOptions, ReplaySummary, SkippedPacket } from './types';

/** ifindex of the one modelled device (test_run's loopback). */
const IFINDEX = 1;
const EMPTY = new Uint8Array(0);

export class ReplaySession {
  readonly outcome: PacketOutcome = {
    index: 0, tsSec: 0, tsNsec: 0, frame: EMPTY, lenIn: 0, origLen: 0, synthesized: false,
    retval: 0, action: '', lenOut: 0, printk: [], events: [], steps: 0,
  };
  private readonly framer = new EthernetFramer();
  /** Packets per return value (small ones in an array, the hot case); names are made once, at the end. */
  private readonly small = new Float64Array(16);
  private readonly counts = new Map<number, number>();
  private readonly meta: PacketMeta;
  private readonly totals = { packets: 0, errors: 0, skipped: 0, synthesized: 0, bytesIn: 0, bytesOut: 0, printkLines: 0 };

  /**
   * detail: fill the outcome's frame, bytes out, printk, events, skb and redirect for every packet (per-packet
   * output); without it only index, retval, action and lengths are filled.
   */
  constructor(readonly program: PreparedProgram, readonly options: ReplayOptions & { detail?: boolean }) {
    // TC ingress sees the receiving device in ingress_ifindex; on egress (and under test_run) it is 0.
    this.meta = { ifindex: IFINDEX, ingressIfindex: options.hook === 'tc-ingress' ? IFINDEX : 0 };
  }

  /** Runs one record; returns the outcome (reused), or a skip when the record cannot be framed as Ethernet. */
  run(rec: PacketRecord): PacketOutcome | SkippedPacket {
    const t = this.totals;
    let buf: Uint8Array;
    let off: number;
    let len: number;
    let synthesized = false;
    if (rec.linkType === LINKTYPE_ETHERNET) {
      buf = rec.buffer;
      off = rec.dataOffset;
      len = rec.capLen;
    } else {
      if (!this.framer.convert(rec)) {
        t.skipped++;
        return { index: rec.index, reason: this.framer.reason };
      }
      const f = this.framer.frame;
      buf = f;
      off = 0;
      len = f.length;
      synthesized = this.framer.synthesized;
    }
    const p = this.program;
    const retval = runFrame(p, buf, off, len, rec.tsSec, rec.tsNsec, this.meta);
    const out = p.frame;
    const o = this.outcome;
    o.index = rec.index;
    o.retval = retval;
    o.lenIn = len;
    o.lenOut = out.lenOut;
    o.synthesized = synthesized;
    o.error = out.error;
    const printk = out.printk;
    if (this.options.detail) {
      o.tsSec = rec.tsSec;
      o.tsNsec = rec.tsNsec;
      o.frame = buf.subarray(off, off + len);
      o.origLen = rec.origLen + (len - rec.capLen);
      o.action = out.action;
      o.dataOut = this.options.keepOutput ? out.dataOut() : undefined;
      const meta = out.metaOut();
      o.metaOut = meta.length > 0 ? meta : undefined;
      o.printk = printk as string[];
      o.events = out.events as PacketOutcome['events'];
      o.skb = out.skb();
      o.redirect = out.redirect();
      o.steps = out.steps;
    }

    t.packets++;
    if (synthesized) t.synthesized++;
    if (o.error) t.errors++;
    t.bytesIn += len;
    t.bytesOut += o.lenOut;
    t.printkLines += printk.length;
    if (retval < 16) this.small[retval]++;
    else this.counts.set(retval, (this.counts.get(retval) ?? 0) + 1);
    return o;
  }

  summary(): ReplaySummary {
    const actions: Record<string, number> = {};
    const all = new Map<number, number>();
    this.small.forEach((n, retval) => n > 0 && all.set(retval, n));
    for (const [retval, n] of this.counts) all.set(retval, n);
    for (const [retval, n] of all) actions[actionName(this.program.type, retval)] = n;
    return { ...this.totals, actions };
  }
}
