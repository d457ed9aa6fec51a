// What the driver and the core do to one received frame inside a NAPI poll: native XDP on the raw buffer, the
// sk_buff built around it, and (after GRO) netif_receive_skb: generic XDP, VLAN untagging, TC ingress and the
// protocol handler. A cpumap redirect continues the same steps on the target CPU.

import { tcRedirect } from './dev-xmit';
import type { PathEnv } from './env';
import { allocStep, newSkbState, pktTypeOf, skbGeometry, PACKET_OTHERHOST } from './skb';
import { protocolDispatch } from './stack-in';
import { runTc } from './tc-stage';
import type { Iface } from './topology';
import type { Trip } from './trip';
import { runXdp } from './xdp-stage';

export type FrontResult = 'skb' | 'done';

/** Driver work up to an sk_buff ready for GRO: 'done' when XDP (or a cpumap hand-off) finished the trip. */
export function rxFront(env: PathEnv, trip: Trip): FrontResult {
  const itf = trip.iface;
  if (itf.xdp && itf.xdp.mode === 'native') {
    const out = runXdp(env, trip, itf.xdp);
    if (out.kind === 'done') return 'done';
    if (out.kind === 'cpumap') {
      cpumapContinue(env, trip, out.cpu, out.headroom);
      return 'done';
    }
    allocSkb(env, trip, out.headroom);
    return 'skb';
  }
  allocSkb(env, trip, undefined);
  return 'skb';
}

/** build_skb around the frame; `xdpHeadroom` is what native XDP left, undefined without it. */
function allocSkb(env: PathEnv, trip: Trip, xdpHeadroom: number | undefined): void {
  const itf = trip.iface;
  const g = skbGeometry(trip.bytes.length, xdpHeadroom);
  const protocol = trip.bytes.length >= 14 ? (trip.bytes[12] << 8) | trip.bytes[13] : 0;
  const pktType = pktTypeOf(trip.bytes, itf.mac, itf.hasMac);
  // VLAN tags stay in the frame here; skb_vlan_untag moves them out before TC.
  trip.skb = newSkbState(g, protocol, pktType, itf.ifindex, trip.hash, trip.queue, Math.round(trip.t));
  env.step(trip, allocStep(g, trip.meta?.length ?? 0, protocol, pktType), 'skbAlloc');
}

/** netif_receive_skb: generic XDP, VLAN untag, TC ingress, then the protocol handler. */
export function receiveSkb(env: PathEnv, trip: Trip, depth: number): void {
  const itf = trip.iface;
  // Generic XDP runs once per packet (a cpumap hand-off re-enters here on the target CPU).
  if (itf.xdp && itf.xdp.mode === 'generic' && !trip.journey.path.some(s => s.stage === 'xdp')) {
    const out = runXdp(env, trip, itf.xdp);
    if (out.kind === 'done') return;
    if (out.kind === 'cpumap') {
      onCpu(env, trip, out.cpu, () => receiveSkb(env, trip, depth));
      return;
    }
  }
  vlanUntag(trip);
  if (itf.tcIngress.length > 0) {
    const out = runTc(env, trip, 'tc-ingress', itf, itf.tcIngress);
    if (out.kind === 'done') return;
    if (out.kind === 'redirect') {
      tcRedirect(env, trip, out.target, depth + 1, 'tc-ingress');
      return;
    }
  }
  protocolDispatch(env, trip);
}

/**
 * skb_vlan_untag in __netif_receive_skb_core: the outer tag moves from the frame into vlan_tci before TC sees
 * the packet, and skb->protocol becomes the inner EtherType.
 */
function vlanUntag(trip: Trip): void {
  const b = trip.bytes;
  if (b.length < 18) return;
  const outer = (b[12] << 8) | b[13];
  if (outer !== 0x8100 && outer !== 0x88a8) return;
  const tci = (b[14] << 8) | b[15];
  const out = new Uint8Array(b.length - 4);
  out.set(b.subarray(0, 12), 0);
  out.set(b.subarray(16), 12);
  trip.setBytes(out);
  if (!trip.skb) return;
  trip.skb.vlan_present = 1;
  trip.skb.vlan_tci = tci;
  trip.skb.vlan_proto = outer;
  trip.skb.protocol = (out[12] << 8) | out[13];
  trip.skb.len = out.length;
}

/**
 * Runs the rest of the path on another CPU, from when that CPU is free, and charges that CPU for it. The CPU
 * that handed the packet over keeps only the cycles spent before the hand-off.
 */
function onCpu(env: PathEnv, trip: Trip, cpu: number, work: () => void): void {
  const before = trip.cpuCycles;
  const target = env.cpus[cpu];
  trip.cpuCycles = 0;
  trip.cpu = cpu;
  const start = Math.max(trip.t, target.busyUntil);
  trip.t = start;
  work();
  target.busyUntil = start + env.cost.ns(trip.cpuCycles);
  target.busyNs += env.cost.ns(trip.cpuCycles);
  target.processed++;
  trip.cpuCycles = before;
}

/** cpumap: the kthread on the target CPU builds the sk_buff from the xdp_frame and runs the stack. */
function cpumapContinue(env: PathEnv, trip: Trip, cpu: number, headroom: number): void {
  onCpu(env, trip, cpu, () => {
    allocSkb(env, trip, headroom);
    receiveSkb(env, trip, 0);
  });
}

/** Ingress redirect (bpf_redirect with BPF_F_INGRESS): the packet enters `dev` as if received there. */
export function ingressHandoff(env: PathEnv, trip: Trip, dev: Iface, depth: number): void {
  trip.iface = dev;
  if (trip.skb) {
    trip.skb.ifindex = dev.ifindex;
    if (trip.skb.pkt_type === PACKET_OTHERHOST) trip.skb.pkt_type = pktTypeOf(trip.bytes, dev.mac, dev.hasMac);
  }
  receiveSkb(env, trip, depth);
}
