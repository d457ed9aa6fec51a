// Where an XDP_REDIRECT goes: out of another interface (bpf_redirect or a devmap), to another CPU (cpumap: the
// sk_buff is built there and the packet continues up that CPU's stack), or to an AF_XDP socket (xskmap: the
// socket must be bound to the very interface and queue the frame arrived on, else xsk_rcv fails with -EINVAL).

import type { PathEnv } from './env';
import type { RedirectTarget } from './runner';
import type { Trip } from './trip';
import { xdpXmit } from './tx';

export type RedirectOutcome =
  | { kind: 'done' }
  | { kind: 'cpumap'; cpu: number }
  | { kind: 'failed'; reason: string };

export function xdpRedirect(env: PathEnv, trip: Trip, r: RedirectTarget | undefined): RedirectOutcome {
  if (!r) return { kind: 'failed', reason: 'no bpf_redirect/bpf_redirect_map call set a target (-EINVAL)' };
  switch (r.kind) {
    case 'ifindex':
    case 'devmap':
      return toDevice(env, trip, r);
    case 'cpumap':
      return toCpu(env, trip, r);
    case 'xskmap':
      return toXsk(env, trip, r);
  }
}

function toDevice(env: PathEnv, trip: Trip, r: RedirectTarget): RedirectOutcome {
  const dev = env.topo.indexed(r.target);
  if (!dev) return { kind: 'failed', reason: `no interface with ifindex ${r.target} (-ENODEV)` };
  env.step(trip, { stage: 'redirect', kind: r.kind, target: r.target, ifname: dev.name }, 'xdpRedirect');
  xdpXmit(env, trip, dev);
  trip.end('nic-tx', 'transmitted', `XDP_REDIRECT (${r.kind}) out of ${dev.name}`);
  return { kind: 'done' };
}

function toCpu(env: PathEnv, trip: Trip, r: RedirectTarget): RedirectOutcome {
  if (r.target < 0 || r.target >= env.cpus.length) {
    return { kind: 'failed', reason: `cpumap entry for CPU ${r.target}, which does not exist (${env.cpus.length} CPUs)` };
  }
  env.step(trip, { stage: 'redirect', kind: 'cpumap', target: r.target }, 'xdpRedirect');
  return { kind: 'cpumap', cpu: r.target };
}

function toXsk(env: PathEnv, trip: Trip, r: RedirectTarget): RedirectOutcome {
  const xsk = env.sockets.xskAt(r.target);
  if (!xsk) return { kind: 'failed', reason: `no AF_XDP socket in xskmap slot ${r.target}` };
  if (xsk.iface !== trip.iface || xsk.queue !== trip.queue) {
    return { kind: 'failed', reason: `AF_XDP socket "${xsk.name}" is bound to ${xsk.iface.name} queue ${xsk.queue}, the frame came in on ${trip.iface.name} queue ${trip.queue} (-EINVAL)` };
  }
  env.step(trip, { stage: 'redirect', kind: 'xskmap', target: r.target, socket: xsk.name }, 'xdpRedirect');
  xsk.received++;
  env.step(trip, { stage: 'af-xdp', socket: xsk.name, ifname: xsk.iface.name }, 'afXdp');
  trip.end('af-xdp', 'redirected', `to AF_XDP socket "${xsk.name}" (${xsk.iface.name} queue ${xsk.queue}), ${xsk.received} received`);
  return { kind: 'done' };
}
