// XDP_REDIRECT and TC redirects with real programs. The targets come from the lookups the kernel does when the
// program calls the helper: bpf_redirect names an ifindex; bpf_redirect_map reads the devmap entry's ifindex,
// the cpumap slot of a CPU, or the xskmap slot holding a socket, and with an empty slot returns the fallback
// action in the flags' low bits instead of XDP_REDIRECT. An AF_XDP socket receives only frames from the
// interface and queue it is bound to.

import { strict as assert } from 'assert';
import type { Scenario } from '../../src/engine/attach';
import { frame } from '../path/packets';
import { feed, okSession, stages, stepOf } from './helpers';

const MAPS = `
struct { __uint(type, BPF_MAP_TYPE_DEVMAP); __uint(max_entries, 8); __type(key, __u32); __type(value, __u32); } tx_port SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CPUMAP); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } cpu_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_XSKMAP); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } xsks SEC(".maps");
`;

const udp = (dport = 53): Uint8Array => frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', sport: 4000, dport, payload: 32, dstMac: '02:00:00:00:00:01' });

function twoPorts(program: string, extra: Partial<Scenario> = {}): Scenario {
  return {
    interfaces: [
      { name: 'eth0', ifindex: 2, mac: '02:00:00:00:00:01', addresses: ['192.0.2.1/24'] },
      { name: 'eth1', ifindex: 3, mac: '02:00:00:00:00:02', addresses: ['198.51.100.1/24'] },
    ],
    programs: [{ iface: 'eth0', hook: 'xdp', program }],
    sockets: [{ proto: 'udp', port: 53 }],
    ...extra,
  };
}

describe('attach: redirects', () => {
  it('devmap: the entry names eth1, the frame leaves there without an sk_buff', async () => {
    const s = await okSession(`${MAPS}
SEC("xdp") int to_devmap(struct xdp_md *ctx) { return bpf_redirect_map(&tx_port, 0, 0); }`, {
      scenario: twoPorts('to_devmap', { maps: { tx_port: { entries: [{ key: 0, value: 3 }] } } }),
    });
    const [r] = feed(s, [udp()]);
    const red = stepOf(r, 'redirect');
    assert.equal(red.kind, 'devmap');
    assert.equal(red.target, 3);
    assert.equal(red.ifname, 'eth1');
    assert.equal(r.journey.fate.outcome, 'transmitted');
    assert.equal(r.journey.tx?.ifname, 'eth1');
    assert.ok(!stages(r).includes('skb-alloc'));
    const [eth0, eth1] = s.counters().interfaces;
    assert.equal(eth0.xdp_redirect, 1);
    assert.equal(eth1.tx_packets, 1);
  });

  it('devmap: an empty slot gives the fallback action from the flags (XDP_PASS here), not a redirect', async () => {
    const s = await okSession(`${MAPS}
SEC("xdp") int to_devmap(struct xdp_md *ctx) { return bpf_redirect_map(&tx_port, 5, XDP_PASS); }`, {
      scenario: twoPorts('to_devmap', { maps: { tx_port: { entries: [{ key: 0, value: 3 }] } } }),
    });
    const [r] = feed(s, [udp()]);
    assert.equal(stepOf(r, 'xdp').verdict, 'XDP_PASS');
    assert.ok(!stages(r).includes('redirect'));
    assert.equal(r.journey.fate.outcome, 'delivered');
  });

  it('bpf_redirect: out of the interface with that ifindex; a missing one fails the redirect', async () => {
    const c = `SEC("xdp") int to_if(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  if (data + 42 > data_end) return XDP_PASS;
  __u8 *udp_dport_lo = (__u8 *)data + 37;
  return bpf_redirect(*udp_dport_lo == 53 ? 3 : 9, 0);
}`;
    const s = await okSession(c, { scenario: twoPorts('to_if') });
    const [ok, bad] = feed(s, [udp(53), udp(54)]);
    assert.equal(stepOf(ok, 'redirect').kind, 'ifindex');
    assert.equal(ok.journey.tx?.ifname, 'eth1');
    assert.equal(ok.journey.fate.outcome, 'transmitted');
    assert.equal(bad.journey.fate.outcome, 'aborted');
    assert.match(bad.journey.fate.detail, /ifindex 9/);
    assert.ok(stepOf(bad, 'xdp').xdp_exception);
  });

  it('cpumap: the sk_buff is built on the target CPU and the stack runs there', async () => {
    const s = await okSession(`${MAPS}
SEC("xdp") int to_cpu1(struct xdp_md *ctx) { return bpf_redirect_map(&cpu_map, 1, 0); }`, {
      scenario: twoPorts('to_cpu1', { cpus: 2, maps: { cpu_map: { entries: [{ key: 1, value: 2048 }] } } }),
    });
    const [r] = feed(s, [udp()]);
    assert.equal(stepOf(r, 'xdp').cpu, 0);
    const red = stepOf(r, 'redirect');
    assert.equal(red.kind, 'cpumap');
    assert.equal(red.target, 1);
    assert.equal(stepOf(r, 'skb-alloc').cpu, 1);
    assert.equal(stepOf(r, 'socket').cpu, 1);
    assert.equal(r.journey.fate.outcome, 'delivered');
  });

  it('xskmap: a socket bound to the arrival queue receives the frame', async () => {
    const s = await okSession(`${MAPS}
SEC("xdp") int to_xsk(struct xdp_md *ctx) { return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS); }`, {
      scenario: twoPorts('to_xsk', { xsks: [{ name: 'xsk0', iface: 'eth0', queue: 0 }] }),
    });
    const [r] = feed(s, [udp()]);
    assert.equal(stepOf(r, 'redirect').kind, 'xskmap');
    assert.equal(stepOf(r, 'af-xdp').socket, 'xsk0');
    assert.equal(r.journey.fate.at, 'af-xdp');
    assert.equal(r.journey.fate.outcome, 'redirected');
    assert.deepEqual(s.mapsDump().xsks.map(([k]) => k), ['00000000']);
  });

  it('xskmap: with the only socket on another queue the slot is empty and the fallback (PASS) applies', async () => {
    const s = await okSession(`${MAPS}
SEC("xdp") int to_xsk(struct xdp_md *ctx) { return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS); }`, {
      scenario: {
        ...twoPorts('to_xsk', { xsks: [{ name: 'xsk1', iface: 'eth0', queue: 1 }] }),
        interfaces: [{ name: 'eth0', ifindex: 2, mac: '02:00:00:00:00:01', addresses: ['192.0.2.1/24'], rxQueues: 2, rss: { indirection: [0] } }],
      },
    });
    const [r] = feed(s, [udp()]);
    assert.equal(stepOf(r, 'nic-rx').queue, 0);
    assert.equal(stepOf(r, 'xdp').verdict, 'XDP_PASS');
    assert.equal(r.journey.fate.outcome, 'delivered');
  });

  it('bpf_fib_lookup answers from the scenario: a connected route out of eth1, local addresses not forwarded', async () => {
    const s = await okSession(`
#define AF_INET 2
SEC("xdp") int fib_fwd(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  struct iphdr *ip = data + sizeof(struct ethhdr);
  struct bpf_fib_lookup p = {};
  if ((void *)(ip + 1) > data_end) return XDP_PASS;
  p.family = AF_INET;
  p.l4_protocol = ip->protocol;
  p.tot_len = bpf_ntohs(ip->tot_len);
  p.ipv4_src = ip->saddr;
  p.ipv4_dst = ip->daddr;
  p.ifindex = ctx->ingress_ifindex;
  long rc = bpf_fib_lookup(ctx, &p, sizeof(p), BPF_FIB_LOOKUP_SKIP_NEIGH);
  bpf_printk("fib %ld", rc);
  if (rc != BPF_FIB_LKUP_RET_SUCCESS) return XDP_PASS;
  return bpf_redirect(p.ifindex, 0);
}`, { scenario: { ...twoPorts('fib_fwd'), forwarding: true } });
    const to = (dst: string): Uint8Array => frame({ src: '192.0.2.10', dst, proto: 'udp', sport: 4000, dport: 53, payload: 32, dstMac: '02:00:00:00:00:01' });
    const [remote, local, nowhere] = feed(s, [to('198.51.100.7'), to('192.0.2.1'), to('203.0.113.9')]);
    assert.deepEqual(remote.runs[0].printk, ['fib 0']);
    assert.equal(stepOf(remote, 'redirect').ifname, 'eth1');
    assert.equal(remote.journey.tx?.ifname, 'eth1');
    // A local address: RTN_LOCAL, BPF_FIB_LKUP_RET_NOT_FWDED (4); so is a destination with no route at all.
    assert.deepEqual(local.runs[0].printk, ['fib 4']);
    assert.equal(local.journey.fate.outcome, 'delivered');
    assert.deepEqual(nowhere.runs[0].printk, ['fib 4']);
  });

  it('TC bpf_redirect from ingress sends the sk_buff out of eth1 through its qdisc', async () => {
    const s = await okSession('SEC("tc") int tc_fwd(struct __sk_buff *skb) { return bpf_redirect(3, 0); }', {
      scenario: { ...twoPorts('tc_fwd'), programs: [{ iface: 'eth0', hook: 'tc-ingress', program: 'tc_fwd' }] },
    });
    const [r] = feed(s, [udp()]);
    assert.equal(stepOf(r, 'tc-ingress').verdict, 'REDIRECT');
    const red = stepOf(r, 'redirect');
    assert.equal(red.kind, 'ifindex');
    assert.equal(red.ifname, 'eth1');
    assert.ok(stages(r).includes('qdisc'));
    assert.equal(r.journey.tx?.ifname, 'eth1');
  });
});
