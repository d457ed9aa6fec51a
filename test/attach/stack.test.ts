// Fates past XDP with real programs: TC verdicts, netfilter, routing (local delivery, forwarding, closed ports
// answered by the kernel) and the transmit side. Kernel behaviour these follow: TC ingress runs on the sk_buff
// before netfilter; a closed TCP port answers RST (tcp_v4_send_reset), a closed UDP port ICMP port unreachable;
// ip_forward decrements the TTL and the frame leaves with the output device's MAC; locally generated packets
// pass nf-output, routing and postrouting before TC egress, where skb_iif is 0 and pkt_type PACKET_HOST.

import { strict as assert } from 'assert';
import type { Scenario } from '../../src/engine/attach';
import { frame } from '../path/packets';
import { feed, mapOf, okSession, stages, stepOf, u32At } from './helpers';

const MAC0 = '02:00:00:00:00:01';
const MAC1 = '02:00:00:00:00:02';

const PASS_XDP = 'SEC("xdp") int pass(struct xdp_md *ctx) { return XDP_PASS; }';

/** TC: drop TCP to port 23, let everything else through. */
const TC_NO_TELNET = `
SEC("tc") int no_telnet(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  struct iphdr *ip = data + sizeof(struct ethhdr);
  struct tcphdr *tcp = (void *)(ip + 1);
  if ((void *)(tcp + 1) > data_end) return TC_ACT_OK;
  if (skb->protocol != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_TCP) return TC_ACT_OK;
  return tcp->dest == bpf_htons(23) ? TC_ACT_SHOT : TC_ACT_OK;
}`;

function host(extra: Partial<Scenario>): Scenario {
  return {
    interfaces: [{ name: 'eth0', ifindex: 2, mac: MAC0, addresses: ['10.0.0.1/24'] }],
    programs: [{ iface: 'eth0', hook: 'xdp', program: 'pass' }],
    ...extra,
  };
}

const tcp = (dport: number, flags = 'S'): Uint8Array => frame({ src: '10.0.0.5', dst: '10.0.0.1', proto: 'tcp', sport: 40000, dport, flags, dstMac: MAC0 });
const udp = (dport: number): Uint8Array => frame({ src: '10.0.0.5', dst: '10.0.0.1', proto: 'udp', sport: 40000, dport, payload: 20, dstMac: MAC0 });

describe('attach: stack fates', () => {
  it('TC_ACT_SHOT at tc ingress drops the sk_buff before netfilter', async () => {
    const s = await okSession(TC_NO_TELNET, {
      scenario: host({ programs: [{ iface: 'eth0', hook: 'tc-ingress', program: 'no_telnet' }], sockets: [{ proto: 'tcp', port: 23 }] }),
    });
    const [shot, other] = feed(s, [tcp(23), tcp(80)]);
    assert.equal(shot.journey.fate.at, 'tc-ingress');
    assert.equal(shot.journey.fate.outcome, 'dropped');
    assert.equal(stepOf(shot, 'tc-ingress').verdict, 'SHOT');
    assert.ok(stages(shot).indexOf('skb-alloc') < stages(shot).indexOf('tc-ingress'));
    assert.ok(!stages(shot).includes('nf-prerouting'));
    assert.equal(stepOf(other, 'tc-ingress').verdict, 'OK');
    assert.equal(other.journey.reply?.kind, 'tcp-reset');
  });

  it('netfilter: a drop rule in input discards silently; a reject rule answers with a TCP RST', async () => {
    const s = await okSession(PASS_XDP, {
      scenario: host({
        sockets: [{ proto: 'tcp', port: 22 }, { proto: 'tcp', port: 25 }],
        netfilter: {
          input: {
            rules: [
              { match: { proto: 'tcp', dport: 22 }, action: 'drop' },
              { match: { proto: 'tcp', dport: 25 }, action: 'reject', reject: 'tcp-reset' },
            ],
          },
        },
      }),
    });
    const [dropped, rejected] = feed(s, [tcp(22), tcp(25)]);
    assert.equal(dropped.journey.fate.at, 'nf-input');
    assert.equal(dropped.journey.fate.outcome, 'dropped');
    assert.equal(stepOf(dropped, 'nf-input').verdict, 'drop');
    assert.equal(dropped.journey.reply, undefined);
    assert.equal(rejected.journey.fate.at, 'nf-input');
    assert.equal(stepOf(rejected, 'nf-input').verdict, 'reject');
    const rst = rejected.journey.reply;
    assert.equal(rst?.kind, 'tcp-reset');
    // The RST goes back to the sender's port from the one it tried.
    const b = rst!.bytes;
    assert.equal((b[34] << 8) | b[35], 25);
    assert.equal((b[36] << 8) | b[37], 40000);
    assert.ok(b[47] & 0x04, 'RST flag');
  });

  it('local delivery: a listening UDP socket gets the datagram in its receive queue', async () => {
    const s = await okSession(PASS_XDP, { scenario: host({ sockets: [{ proto: 'udp', port: 53, name: 'dns' }] }) });
    const [r] = feed(s, [udp(53)]);
    assert.deepEqual(stages(r).filter(x => ['xdp', 'skb-alloc', 'nf-prerouting', 'routing', 'nf-input', 'socket'].includes(x)),
      ['xdp', 'skb-alloc', 'nf-prerouting', 'routing', 'nf-input', 'socket']);
    assert.equal(stepOf(r, 'routing').result, 'local');
    assert.equal(stepOf(r, 'socket').socket, 'dns');
    assert.equal(r.journey.fate.outcome, 'delivered');
  });

  it('closed ports: TCP is answered with RST, UDP with ICMP port unreachable', async () => {
    const s = await okSession(PASS_XDP, { scenario: host({}) });
    const [t, u] = feed(s, [tcp(8080), udp(9999)]);
    assert.equal(t.journey.fate.at, 'socket');
    assert.equal(t.journey.fate.outcome, 'dropped');
    assert.equal(t.journey.reply?.kind, 'tcp-reset');
    assert.equal(u.journey.fate.at, 'socket');
    assert.equal(u.journey.reply?.kind, 'icmp-port-unreachable');
    const icmp = u.journey.reply!.bytes;
    assert.equal(icmp[34], 3);
    assert.equal(icmp[35], 3);
  });

  it('forwarding: TTL decremented, out of eth1 with its MAC, through TC egress there', async () => {
    const s = await okSession(`${PASS_XDP}
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u32); } egress_seen SEC(".maps");
SEC("tc") int count_out(struct __sk_buff *skb) {
  __u32 k = 0;
  __u32 v = skb->ifindex << 8 | skb->ingress_ifindex;
  bpf_map_update_elem(&egress_seen, &k, &v, BPF_ANY);
  return TC_ACT_OK;
}`, {
      scenario: {
        forwarding: true,
        interfaces: [
          { name: 'eth0', ifindex: 2, mac: MAC0, addresses: ['10.0.0.1/24'] },
          { name: 'eth1', ifindex: 3, mac: MAC1, addresses: ['192.168.1.1/24'] },
        ],
        programs: [{ iface: 'eth0', hook: 'xdp', program: 'pass' }, { iface: 'eth1', hook: 'tc-egress', program: 'count_out' }],
      },
    });
    const f = frame({ src: '10.0.0.5', dst: '192.168.1.7', proto: 'udp', dport: 53, payload: 20, ttl: 64, dstMac: MAC0 });
    const [r] = feed(s, [f]);
    const route = stepOf(r, 'routing');
    assert.equal(route.result, 'forward');
    assert.equal(route.dev, 'eth1');
    const order = stages(r);
    for (const st of ['nf-forward', 'nf-postrouting', 'tc-egress', 'qdisc', 'nic-tx'] as const) assert.ok(order.includes(st), st);
    assert.equal(r.journey.fate.outcome, 'transmitted');
    const tx = r.journey.tx!;
    assert.equal(tx.ifname, 'eth1');
    assert.equal(tx.bytes[22], 63);
    assert.deepEqual(Array.from(tx.bytes.subarray(6, 12)), [2, 0, 0, 0, 0, 2]);
    // Still a valid IPv4 header checksum after the TTL change.
    let sum = 0;
    for (let i = 14; i < 34; i += 2) sum += (tx.bytes[i] << 8) | tx.bytes[i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    assert.equal(sum, 0xffff);
    // TC egress on eth1 sees dev eth1 and the interface the packet came in on (skb_iif).
    assert.equal(u32At(mapOf(s, 'egress_seen')['00000000']), (3 << 8) | 2);
  });

  it('egress direction: socket → output → routing → postrouting → TC egress → qdisc → NIC', async () => {
    const s = await okSession(`
struct seen { __u32 ifindex; __u32 ingress_ifindex; __u32 pkt_type; __u32 queue_mapping; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct seen); } last SEC(".maps");
SEC("tc") int egress_filter(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *data_end = (void *)(long)skb->data_end;
  struct iphdr *ip = data + sizeof(struct ethhdr);
  struct udphdr *udp = (void *)(ip + 1);
  __u32 k = 0;
  struct seen v = { skb->ifindex, skb->ingress_ifindex, skb->pkt_type, skb->queue_mapping };
  bpf_map_update_elem(&last, &k, &v, BPF_ANY);
  if ((void *)(udp + 1) > data_end) return TC_ACT_OK;
  return udp->dest == bpf_htons(9) ? TC_ACT_SHOT : TC_ACT_OK;
}`, { hook: 'tc-egress' });
    const out = (dport: number): Uint8Array => frame({ src: '10.0.0.1', dst: '203.0.113.5', proto: 'udp', sport: 5000, dport, payload: 20 });
    const [sent, shot] = feed(s, [out(53), out(9)]);
    assert.equal(sent.journey.direction, 'egress');
    assert.deepEqual(stages(sent), ['socket', 'nf-output', 'routing', 'nf-postrouting', 'tc-egress', 'qdisc', 'nic-tx']);
    assert.equal(sent.journey.fate.outcome, 'transmitted');
    assert.equal(sent.journey.tx?.ifname, 'eth0');
    assert.equal(shot.journey.fate.at, 'tc-egress');
    assert.equal(shot.journey.fate.outcome, 'dropped');
    const v = mapOf(s, 'last')['00000000'];
    assert.equal(u32At(v, 0), 2, 'skb->ifindex: eth0');
    assert.equal(u32At(v, 4), 0, 'skb->ingress_ifindex: locally generated');
    assert.equal(u32At(v, 8), 0, 'skb->pkt_type: PACKET_HOST');
    assert.equal(u32At(v, 12), 0, 'skb->queue_mapping: not picked before TC egress');
  });
});
