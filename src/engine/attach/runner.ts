// The path model's HookRunner over the interpreter. For each hook the model reaches it runs the attached program
// on the packet with what the program would observe there: the receiving device and RX queue in xdp_md, the
// sk_buff fields the model keeps in __sk_buff (TC), XDP metadata in front of a TC ingress frame, the CPU the
// model runs the packet on (bpf_get_smp_processor_id, per-CPU map slots), and the model's clock as ktime
// (the first packet's capture time plus the model's delay). What each run printed or emitted is kept per packet
// until the session hands that packet's journey out.

import { runPacket } from '../interp';
import type { PacketEvent, PacketMeta, PacketResult, RedirectInfo, RuntimeError, SkbInit } from '../interp/types';
import type { HookContext, HookName, HookResult, HookRunner, IfaceState, PathPacket, SkbState } from '../path/runner';
import { toHookResult } from './hook-result';
import type { ProgramSet } from './programs';

/** One program run on one packet, for the CLI's and the view's per-packet detail. */
export interface ProgramRun {
  hook: HookName;
  program: string;
  ifname: string;
  cpu: number;
  retval: number;
  action: string;
  printk: string[];
  events: PacketEvent[];
  redirect?: RedirectInfo;
  error?: RuntimeError;
  /** IR steps executed. */
  steps: number;
}

function htons(v: number): number {
  return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
}

/** The sk_buff fields test_run would leave at their defaults, from the model's sk_buff. */
function skbInit(skb: SkbState): SkbInit {
  // A single-segment sk_buff is not GSO: skb_shinfo's gso_segs and gso_size stay 0.
  const gso = skb.gso_segs > 1;
  return {
    pktType: skb.pkt_type, hash: skb.hash, queueMapping: skb.queue_mapping,
    vlanPresent: skb.vlan_present, vlanTci: skb.vlan_tci, vlanProto: htons(skb.vlan_proto),
    gsoSegs: gso ? skb.gso_segs : 0, gsoSize: gso ? skb.gso_size : 0,
  };
}

export class InterpRunner implements HookRunner {
  /** Capture time (ns) of the model's time 0, set from the first packet. */
  t0 = 0n;
  private readonly runs = new Map<number, ProgramRun[]>();

  constructor(private readonly programs: ProgramSet, private readonly keepRuns: boolean) {}

  run(hook: HookName, iface: IfaceState, pkt: PathPacket, ctx: HookContext): HookResult {
    const prog = this.programs.byName.get(ctx.program);
    if (!prog) {
      return { retval: hook === 'xdp' ? 0 : 2, action: 'error', data: pkt.bytes, error: `program '${ctx.program}' could not be loaded` };
    }
    for (const m of this.programs.machines) m.cpuIndex = Math.min(Math.max(0, ctx.cpu), m.cpus - 1);
    const r = runPacket(prog, pkt.bytes, this.meta(hook, iface, pkt, ctx));
    if (this.keepRuns) this.record(pkt.index, hook, iface, ctx, r);
    return toHookResult(hook, prog, r, ctx.skb);
  }

  /** The runs of a packet, forgotten here once taken. */
  take(index: number): ProgramRun[] {
    const r = this.runs.get(index);
    if (!r) return [];
    this.runs.delete(index);
    return r;
  }

  private meta(hook: HookName, iface: IfaceState, pkt: PathPacket, ctx: HookContext): PacketMeta {
    const tsNs = this.t0 + BigInt(pkt.tNs);
    if (hook === 'xdp') return { tsNs, ifindex: iface.ifindex, rxQueue: ctx.rxQueue };
    const skb = ctx.skb;
    const meta: PacketMeta = {
      tsNs,
      ifindex: skb?.ifindex ?? iface.ifindex,
      ingressIfindex: skb?.ingress_ifindex ?? (hook === 'tc-ingress' ? iface.ifindex : 0),
    };
    if (skb) {
      meta.mark = skb.mark;
      meta.priority = skb.priority;
      meta.tstamp = this.t0 + BigInt(skb.tstamp_ns);
      meta.skb = skbInit(skb);
    }
    // The metadata XDP left is in front of skb->data when TC ingress runs (skb_metadata_len).
    if (hook === 'tc-ingress' && pkt.meta && pkt.meta.length > 0) meta.dataMeta = pkt.meta;
    return meta;
  }

  private record(index: number, hook: HookName, iface: IfaceState, ctx: HookContext, r: PacketResult): void {
    const run: ProgramRun = {
      hook, program: ctx.program, ifname: iface.name, cpu: ctx.cpu, retval: hook === 'xdp' ? r.retval : r.retval | 0,
      action: r.action, printk: r.printk, events: r.events, steps: r.steps,
    };
    if (r.redirect) run.redirect = r.redirect;
    if (r.error) run.error = r.error;
    const list = this.runs.get(index);
    if (list) list.push(run);
    else this.runs.set(index, [run]);
  }
}
