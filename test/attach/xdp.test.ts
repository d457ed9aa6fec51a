// XDP fates with real programs on the modelled path. Expected values are the kernel's: native XDP runs on the
// driver's page before any sk_buff (XDP_PACKET_HEADROOM = 256 in front, skb_shared_info's 320 bytes at the end
// of the 4096-byte page), generic XDP runs on an sk_buff built with NET_SKB_PAD (64) in half a page and has its
// head expanded to 256 first, XDP_TX leaves by the same NIC, and bpf_xdp_adjust_head/meta move data and
// data_meta inside that headroom, which build_skb keeps.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/attach';
import { frame } from '../path/packets';
import { feed, okSession, stages, stepOf } from './helpers';

const IFACE_MAC = '02:00:00:00:00:01';
const PEER_MAC = '02:00:00:00:00:99';
/** 14 + 20 + 8 + 56 = 98 bytes, to a UDP port nobody listens on. */
const udp = (): Uint8Array => frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', sport: 33333, dport: 53, payload: 56 });

describe('attach: XDP fates', () => {
  it('XDP_DROP: dropped at xdp, no sk_buff ever allocated', async () => {
    const s = await okSession('SEC("xdp") int drop_all(struct xdp_md *ctx) { return XDP_DROP; }');
    const [r] = feed(s, [udp()]);
    assert.deepEqual(stages(r), ['nic-rx', 'irq', 'napi-poll', 'xdp']);
    assert.equal(r.journey.fate.outcome, 'dropped');
    assert.equal(r.journey.fate.at, 'xdp');
    assert.equal(stepOf(r, 'xdp').verdict, 'XDP_DROP');
    assert.equal(stepOf(r, 'xdp').program, 'drop_all');
    assert.equal(r.runs.length, 1);
    assert.equal(r.runs[0].action, 'XDP_DROP');
    const c = s.counters().interfaces[0];
    assert.equal(c.xdp_drop, 1);
    assert.equal(c.rx_packets, 1);
    assert.equal(formatJourney(r.journey), 'q0 rx → napi → xdp:DROP dropped');
  });

  it('XDP_PASS: the sk_buff is built after XDP around the page, 256 bytes of headroom', async () => {
    const s = await okSession('SEC("xdp") int pass(struct xdp_md *ctx) { return XDP_PASS; }');
    const [r] = feed(s, [udp()]);
    const order = stages(r);
    assert.ok(order.indexOf('xdp') < order.indexOf('skb-alloc'), order.join(' → '));
    const skb = stepOf(r, 'skb-alloc');
    assert.equal(skb.headroom, 256);
    assert.equal(skb.data, 256);
    assert.equal(skb.len, 98);
    assert.equal(skb.tail, 256 + 98);
    assert.equal(skb.data_len, 0);
    assert.equal(skb.end, 4096 - 320);
    assert.equal(skb.data_meta, 0);
    assert.equal(skb.protocol, 'IPv4');
    // Everything is local without a scenario and nothing listens: the kernel answers port unreachable.
    assert.equal(r.journey.fate.at, 'socket');
    assert.equal(r.journey.reply?.kind, 'icmp-port-unreachable');
  });

  it('bpf_xdp_adjust_head stripping a VLAN tag: 4 more bytes of headroom, 4 fewer of data', async () => {
    const s = await okSession(`
SEC("xdp") int vlan_strip(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if (data + 18 > data_end) return XDP_PASS;
  if (eth->h_proto != bpf_htons(0x8100)) return XDP_PASS;
  __u8 macs[12];
  __builtin_memcpy(macs, data, 12);
  if (bpf_xdp_adjust_head(ctx, 4)) return XDP_ABORTED;
  data = (void *)(long)ctx->data;
  data_end = (void *)(long)ctx->data_end;
  if (data + 14 > data_end) return XDP_ABORTED;
  __builtin_memcpy(data, macs, 12);
  return XDP_PASS;
}`);
    const tagged = frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', dport: 53, payload: 56, vlan: 100 });
    assert.equal(tagged.length, 102);
    const [r] = feed(s, [tagged]);
    const skb = stepOf(r, 'skb-alloc');
    assert.equal(skb.headroom, 260);
    assert.equal(skb.data, 260);
    assert.equal(skb.len, 98);
    assert.equal(skb.protocol, 'IPv4');
    assert.equal(r.journey.reply?.kind, 'icmp-port-unreachable');
  });

  it('bpf_xdp_adjust_head growing the front: 4 fewer bytes of headroom', async () => {
    const s = await okSession(`
SEC("xdp") int push4(struct xdp_md *ctx) {
  if (bpf_xdp_adjust_head(ctx, -4)) return XDP_ABORTED;
  return XDP_PASS;
}`);
    const [r] = feed(s, [udp()]);
    const skb = stepOf(r, 'skb-alloc');
    assert.equal(skb.headroom, 252);
    assert.equal(skb.len, 102);
  });

  it('generic mode: skb-alloc first (NET_SKB_PAD in half a page), then XDP after expanding the head', async () => {
    const s = await okSession('SEC("xdp") int drop_generic(struct xdp_md *ctx) { return XDP_DROP; }', { xdpMode: 'generic' });
    const [r] = feed(s, [udp()]);
    const order = stages(r);
    assert.ok(order.indexOf('skb-alloc') < order.indexOf('xdp'), order.join(' → '));
    const skb = stepOf(r, 'skb-alloc');
    assert.equal(skb.headroom, 64);
    assert.equal(skb.end, 2048 - 320);
    const x = stepOf(r, 'xdp');
    assert.equal(x.mode, 'generic');
    assert.equal(x.head_expanded, true);
    assert.equal(r.journey.fate.at, 'xdp');
    assert.equal(r.journey.fate.outcome, 'dropped');
    assert.equal(formatJourney(r.journey), 'q0 rx → napi → skb(hr=64,len=98) → xdp-generic:DROP dropped');
  });

  it('XDP_TX: the rewritten frame leaves by the same NIC, no sk_buff', async () => {
    const s = await okSession(`
SEC("xdp") int mac_swap(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  __u8 tmp[ETH_ALEN];
  if (data + sizeof(*eth) > data_end) return XDP_DROP;
  __builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
  __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
  __builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
  return XDP_TX;
}`);
    const f = frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', dport: 53, payload: 56, dstMac: IFACE_MAC, srcMac: PEER_MAC });
    const [r] = feed(s, [f]);
    assert.ok(!stages(r).includes('skb-alloc'));
    assert.equal(r.journey.fate.outcome, 'transmitted');
    assert.equal(r.journey.fate.at, 'nic-tx');
    const tx = r.journey.tx;
    assert.ok(tx);
    assert.equal(tx.ifname, 'eth0');
    assert.deepEqual(Array.from(tx.bytes.subarray(0, 6)), [0x02, 0, 0, 0, 0, 0x99]);
    assert.deepEqual(Array.from(tx.bytes.subarray(6, 12)), [0x02, 0, 0, 0, 0, 0x01]);
    assert.deepEqual(Array.from(tx.bytes.subarray(12)), Array.from(f.subarray(12)));
    assert.equal(s.counters().interfaces[0].xdp_tx, 1);
  });

  it('XDP_ABORTED and run-time faults end the packet with the xdp_exception trace', async () => {
    const s = await okSession(`
SEC("xdp") int overread(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  if (data + 14 > data_end) return XDP_ABORTED;
  if (((__u8 *)data)[12] == 0x08) return XDP_ABORTED;
  return XDP_PASS;
}`);
    const [r] = feed(s, [udp()]);
    assert.equal(r.journey.fate.outcome, 'aborted');
    assert.equal(stepOf(r, 'xdp').xdp_exception?.act, 'XDP_ABORTED');
    assert.equal(s.counters().interfaces[0].xdp_aborted, 1);
  });
});
