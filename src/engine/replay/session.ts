// A replay session: packet records from a capture go through framing and the prepared program one at a time,
// in order, with maps persisting between packets. Nothing is kept per packet: the caller gets a reused outcome
// object, and the session keeps only totals. This is the product's hot path.

import { actionName, type PreparedProgram, runPacket } from '../interp';
import type { PacketMeta } from '../interp/types';
import { EthernetFramer, type PacketRecord } from '../pcap';
import type { PacketOutcome, ReplayOptions, ReplaySummary, SkippedPacket } from './types';

/** ifindex of the one modelled device (test_run's loopback). */
const IFINDEX = 1;

export class ReplaySession {
  readonly outcome: PacketOutcome = {
    index: 0, tsSec: 0, tsNsec: 0, frame: new Uint8Array(0), lenIn: 0, origLen: 0, synthesized: false,
    retval: 0, action: '', lenOut: 0, printk: [], events: [], steps: 0,
  };
  private readonly framer = new EthernetFramer();
  private readonly counts = new Map<string, number>();
  private readonly meta: PacketMeta;
  private readonly totals = { packets: 0, errors: 0, skipped: 0, synthesized: 0, bytesIn: 0, bytesOut: 0, printkLines: 0 };

  constructor(readonly program: PreparedProgram, readonly options: ReplayOptions) {
    // TC ingress sees the receiving device in ingress_ifindex; on egress (and under test_run) it is 0.
    this.meta = { ifindex: IFINDEX, ingressIfindex: options.hook === 'tc-ingress' ? IFINDEX : 0 };
  }

  /** Runs one record; returns the outcome (reused), or a skip when the record cannot be framed as Ethernet. */
  run(rec: PacketRecord): PacketOutcome | SkippedPacket {
    const t = this.totals;
    if (!this.framer.convert(rec)) {
      t.skipped++;
      return { index: rec.index, reason: this.framer.reason };
    }
    const frame = this.framer.frame;
    this.meta.tsNs = BigInt(rec.tsSec) * 1_000_000_000n + BigInt(rec.tsNsec);
    const r = runPacket(this.program, frame, this.meta);
    const o = this.outcome;
    o.index = rec.index;
    o.tsSec = rec.tsSec;
    o.tsNsec = rec.tsNsec;
    o.frame = frame;
    o.lenIn = frame.length;
    o.origLen = rec.origLen + (frame.length - rec.capLen);
    o.synthesized = this.framer.synthesized;
    o.retval = r.retval;
    o.action = r.action;
    o.lenOut = r.dataOut.length;
    o.dataOut = this.options.keepOutput ? r.dataOut : undefined;
    o.metaOut = r.metaOut.length > 0 ? r.metaOut : undefined;
    o.printk = r.printk;
    o.error = r.error;
    o.skb = r.skb;
    o.redirect = r.redirect;
    o.events = r.events;
    o.steps = r.steps;

    t.packets++;
    if (o.synthesized) t.synthesized++;
    if (r.error) t.errors++;
    t.bytesIn += o.lenIn;
    t.bytesOut += o.lenOut;
    t.printkLines += r.printk.length;
    this.counts.set(r.action, (this.counts.get(r.action) ?? 0) + 1);
    return o;
  }

  summary(): ReplaySummary {
    return { ...this.totals, actions: Object.fromEntries(this.counts) };
  }

  /** The action name for a return value at this session's hook. */
  actionName(retval: number): string {
    return actionName(this.program.type, retval);
  }
}
