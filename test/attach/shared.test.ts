// Programs of one object attached together share its maps and global sections (one map fd each, as libbpf
// loads them); XDP metadata reaches TC ingress in front of skb->data; a TC program reads the sk_buff the
// driver and the core built (ifindex and skb_iif of the receiving device, queue_mapping = RX queue + 1 from
// skb_record_rx_queue, the NIC's RSS hash, the VLAN tag skb_vlan_untag took out of the frame); per-CPU maps
// and bpf_get_smp_processor_id see the CPU whose NAPI poll handles the queue; ktime follows the model's clock.

import { strict as assert } from 'assert';
import type { Scenario } from '../../src/engine/attach';
import { frame } from '../path/packets';
import { feed, mapOf, okSession, stepOf, u32At, u64At } from './helpers';

const MAC0 = '02:00:00:00:00:01';
const udp = (sport = 4000): Uint8Array => frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', sport, dport: 53, payload: 20, dstMac: MAC0 });

function both(xdp: string, tc: string, extra: Partial<Scenario> = {}): Scenario {
  return {
    interfaces: [{ name: 'eth0', ifindex: 2, mac: MAC0, addresses: ['192.0.2.1/24'] }],
    programs: [{ iface: 'eth0', hook: 'xdp', program: xdp }, { iface: 'eth0', hook: 'tc-ingress', program: tc }],
    sockets: [{ proto: 'udp', port: 53 }],
    ...extra,
  };
}

describe('attach: programs sharing an object', () => {
  it('an XDP and a TC program count into one map and one .bss variable', async () => {
    const s = await okSession(`
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } hits SEC(".maps");
__u64 total = 0;
static __always_inline void bump(void) {
  __u32 k = 0;
  __u64 *v = bpf_map_lookup_elem(&hits, &k);
  if (v) __sync_fetch_and_add(v, 1);
  total += 1;
}
SEC("xdp") int count_xdp(struct xdp_md *ctx) { bump(); return XDP_PASS; }
SEC("tc") int count_tc(struct __sk_buff *skb) { bump(); return TC_ACT_OK; }`, { scenario: both('count_xdp', 'count_tc') });
    const rs = feed(s, [udp(1), udp(2), udp(3)]);
    assert.deepEqual(rs.map(r => r.journey.fate.outcome), ['delivered', 'delivered', 'delivered']);
    assert.deepEqual(rs[0].runs.map(r => r.program), ['count_xdp', 'count_tc']);
    assert.equal(u64At(mapOf(s, 'hits')['00000000']), 6n);
    assert.equal(u64At(mapOf(s, '.bss')['00000000']), 6n);
  });

  it('metadata written with bpf_xdp_adjust_meta is in front of skb->data at TC ingress', async () => {
    const c = `
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u32); } seen SEC(".maps");
SEC("xdp") int xdp_tag(struct xdp_md *ctx) {
  if (bpf_xdp_adjust_meta(ctx, -4)) return XDP_ABORTED;
  void *data = (void *)(long)ctx->data;
  __u32 *meta = (void *)(long)ctx->data_meta;
  if ((void *)(meta + 1) > data) return XDP_ABORTED;
  *meta = 0xc0ffee;
  return XDP_PASS;
}
SEC("tc") int tc_read(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  __u32 *meta = (void *)(long)skb->data_meta;
  __u32 k = 0;
  if ((void *)(meta + 1) > data) return TC_ACT_SHOT;
  bpf_map_update_elem(&seen, &k, meta, BPF_ANY);
  return TC_ACT_OK;
}`;
    const s = await okSession(c, { scenario: both('xdp_tag', 'tc_read') });
    const [r] = feed(s, [udp()]);
    const skb = stepOf(r, 'skb-alloc');
    assert.equal(skb.data_meta, 4);
    assert.equal(skb.headroom, 256);
    assert.equal(stepOf(r, 'tc-ingress').verdict, 'OK');
    assert.equal(u32At(mapOf(s, 'seen')['00000000']), 0xc0ffee);

    // Without the XDP program there is no metadata: data_meta == data and the TC program drops.
    const alone = await okSession(c, { scenario: { ...both('xdp_tag', 'tc_read'), programs: [{ iface: 'eth0', hook: 'tc-ingress', program: 'tc_read' }] } });
    const [r2] = feed(alone, [udp()]);
    assert.equal(stepOf(r2, 'skb-alloc').data_meta, 0);
    assert.equal(r2.journey.fate.at, 'tc-ingress');
    assert.equal(r2.journey.fate.outcome, 'dropped');
  });

  it('TC ingress reads the sk_buff of the receiving device, queue and NIC hash, VLAN tag untagged', async () => {
    const s = await okSession(`
struct seen { __u32 ifindex, iif, queue, pkt_type, hash, vlan_present, vlan_tci, vlan_proto, protocol; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct seen); } last SEC(".maps");
SEC("xdp") int pass(struct xdp_md *ctx) { return XDP_PASS; }
SEC("tc") int look(struct __sk_buff *skb) {
  __u32 k = 0;
  struct seen v = { skb->ifindex, skb->ingress_ifindex, skb->queue_mapping, skb->pkt_type, skb->hash,
                    skb->vlan_present, skb->vlan_tci, skb->vlan_proto, skb->protocol };
  bpf_map_update_elem(&last, &k, &v, BPF_ANY);
  return TC_ACT_OK;
}`, {
      scenario: {
        ...both('pass', 'look'),
        interfaces: [{ name: 'eth0', ifindex: 7, mac: MAC0, addresses: ['192.0.2.1/24'], rxQueues: 4, rss: { indirection: [2] } }],
      },
    });
    const tagged = frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', dport: 53, payload: 20, dstMac: MAC0, vlan: 0x2064 });
    const [r] = feed(s, [tagged]);
    const v = mapOf(s, 'last')['00000000'];
    assert.equal(u32At(v, 0), 7, 'ifindex');
    assert.equal(u32At(v, 4), 7, 'ingress_ifindex (skb_iif)');
    assert.equal(stepOf(r, 'nic-rx').queue, 2);
    assert.equal(u32At(v, 8), 3, 'queue_mapping: RX queue 2 + 1');
    assert.equal(u32At(v, 12), 0, 'PACKET_HOST: the destination MAC is the interface\'s');
    assert.notEqual(stepOf(r, 'nic-rx').hash, 0);
    assert.equal(u32At(v, 16), stepOf(r, 'nic-rx').hash, 'skb->hash is the RSS hash from the descriptor');
    assert.equal(u32At(v, 20), 1, 'vlan_present');
    assert.equal(u32At(v, 24), 0x2064, 'vlan_tci');
    assert.equal(u32At(v, 28), 0x0081, 'vlan_proto: htons(ETH_P_8021Q)');
    assert.equal(u32At(v, 32), 0x0008, 'protocol: htons(ETH_P_IP), the inner EtherType');
  });

  it('per-CPU maps and bpf_get_smp_processor_id see the CPU that polls the queue', async () => {
    const s = await okSession(`
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } pkts SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } where SEC(".maps");
SEC("xdp") int per_cpu(struct xdp_md *ctx) {
  __u32 k = 0, one = 1;
  __u64 *v = bpf_map_lookup_elem(&pkts, &k);
  if (v) *v += 1;
  __u32 cpu = bpf_get_smp_processor_id();
  __u32 q = ctx->rx_queue_index;
  bpf_map_update_elem(&where, &k, &cpu, BPF_ANY);
  bpf_map_update_elem(&where, &one, &q, BPF_ANY);
  return XDP_DROP;
}`, {
      scenario: {
        cpus: 2,
        interfaces: [{ name: 'eth0', mac: MAC0, rxQueues: 2, rss: { indirection: [1] }, irqAffinity: [0, 1] }],
        programs: [{ iface: 'eth0', hook: 'xdp', program: 'per_cpu' }],
      },
    });
    const rs = feed(s, [udp(1), udp(2), udp(3)]);
    assert.deepEqual(rs.map(r => stepOf(r, 'xdp').cpu), [1, 1, 1]);
    const v = mapOf(s, 'pkts')['00000000'];
    assert.equal(u64At(v, 0), 0n, 'CPU 0 slot');
    assert.equal(u64At(v, 8), 3n, 'CPU 1 slot');
    const w = mapOf(s, 'where');
    assert.equal(u32At(w['00000000']), 1, 'bpf_get_smp_processor_id');
    assert.equal(u32At(w['01000000']), 1, 'xdp_md->rx_queue_index');
  });

  it('bpf_ktime_get_ns follows the model: capture time of the first packet plus the model time at the hook', async () => {
    const s = await okSession(`
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } stamps SEC(".maps");
__u32 n = 0;
SEC("xdp") int stamp(struct xdp_md *ctx) {
  __u32 k = n & 1;
  __u64 t = bpf_ktime_get_ns();
  bpf_map_update_elem(&stamps, &k, &t, BPF_ANY);
  n++;
  return XDP_DROP;
}`);
    const t0 = 1_700_000_000_000_000_000n;
    const out = [...s.ingest(udp(1), t0), ...s.ingest(udp(2), t0 + 50_000n), ...s.finish()];
    const st = mapOf(s, 'stamps');
    const at = out.map(r => BigInt(stepOf(r, 'xdp').t_ns!));
    assert.ok(at[1] >= 50_000n, 'the second packet is handled no earlier than it arrived');
    assert.equal(u64At(st['00000000']), t0 + at[0]);
    assert.equal(u64At(st['01000000']), t0 + at[1]);
  });
});
