// Helpers the kernel differential cannot cover (their answers depend on the host or on output test_run does
// not return): map-in-map lookups, bpf_fib_lookup from the configured routes, clocks, randomness and the
// CPU, perf event output, spin locks.

import { strict as assert } from 'node:assert';
import { dumpMaps, runPacket } from '../../src/engine/interp';
import { HEADERS, programFromText } from './run-helpers';

describe('interpreter helpers', () => {
  it('looks up inner maps of an ARRAY_OF_MAPS, made from the template per inner map id', async () => {
    const prog = await programFromText(`${HEADERS}
struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); };
struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 4); __type(key, __u32); __array(values, struct inner); } outer SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 slot = ctx->rx_queue_index, zero = 0;
	void *in = bpf_map_lookup_elem(&outer, &slot);
	if (!in)
		return XDP_ABORTED;
	__u32 *v = bpf_map_lookup_elem(in, &zero);
	if (!v)
		return XDP_DROP;
	*v += 1;
	return *v > 1 ? XDP_TX : XDP_PASS;
}`, undefined, { maps: { outer: [['01000000', '07000000'], ['02000000', '07000000'], ['03000000', '09000000']], 'outer/9': [['00000000', '05000000']] } });
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 0 }).action, 'XDP_ABORTED', 'empty slot');
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 1 }).action, 'XDP_PASS');
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 2 }).action, 'XDP_TX', 'slots 1 and 2 share inner map 7');
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 3 }).action, 'XDP_TX');
    const dump = dumpMaps(prog);
    assert.deepEqual(dump.outer, [['01000000', '07000000'], ['02000000', '07000000'], ['03000000', '09000000']]);
    assert.deepEqual(dump['outer/7'], [['00000000', '02000000'], ['01000000', '00000000']]);
    assert.deepEqual(dump['outer/9'], [['00000000', '06000000'], ['01000000', '00000000']]);
  });

  it('answers bpf_fib_lookup from the route table', async () => {
    const prog = await programFromText(`${HEADERS}
SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if (data + 80 > end)
		return XDP_DROP;
	struct bpf_fib_lookup fib = {};
	fib.family = 2;
	fib.tot_len = *(__u16 *)(data + 4);
	fib.ipv4_dst = *(__u32 *)data;
	fib.ifindex = 1;
	long rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	__builtin_memcpy(data + 8, &fib, sizeof(fib));
	*(__s64 *)(data + 72) = rc;
	return XDP_TX;
}`, undefined, {
      devices: [{ ifindex: 4, mtu: 1400, mac: '02:fc:00:00:00:01' }],
      routes: [
        { dst: '198.51.100.0/24', ifindex: 4, gateway: '192.0.2.1', neighMac: '02:00:00:00:00:99' },
        { dst: '198.51.100.128/25', ifindex: 4 },
        { dst: '203.0.113.0/24', ifindex: 4, kind: 'blackhole' },
      ],
    });
    const ask = (ip: number[], totLen = 0) => {
      const p = new Uint8Array(80);
      p.set(ip);
      new DataView(p.buffer).setUint16(4, totLen, true);
      const out = runPacket(prog, p).dataOut;
      const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
      return { rc: Number(dv.getBigInt64(72, true)), fib: out.subarray(8, 72), dv };
    };
    const ok = ask([198, 51, 100, 20]);
    assert.equal(ok.rc, 0, 'BPF_FIB_LKUP_RET_SUCCESS');
    assert.equal(ok.dv.getUint32(8 + 8, true), 4, 'egress ifindex');
    assert.deepEqual([...ok.fib.subarray(32, 36)], [192, 0, 2, 1], 'next hop replaces the destination');
    assert.deepEqual([...ok.fib.subarray(52, 58)], [2, 0xfc, 0, 0, 0, 1], 'smac: the device');
    assert.deepEqual([...ok.fib.subarray(58, 64)], [2, 0, 0, 0, 0, 0x99], 'dmac: the neighbour');
    assert.equal(ask([198, 51, 100, 200]).rc, 7, 'the longer /25 has no neighbour: NO_NEIGH');
    assert.equal(ask([203, 0, 113, 5]).rc, 1, 'BLACKHOLE');
    assert.equal(ask([8, 8, 8, 8]).rc, 4, 'no route: NOT_FWDED');
    const big = ask([198, 51, 100, 20], 1500);
    assert.equal(big.rc, 8, 'FRAG_NEEDED');
    assert.equal(big.dv.getUint16(8 + 6, true), 1400, 'mtu_result');
  });

  it('reads clocks from the capture time, draws seeded random numbers and knows its CPU', async () => {
    const src = `${HEADERS}
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } per SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if (data + 32 > end)
		return XDP_DROP;
	__u64 *o = data;
	__u32 k = 0;
	__u64 *c = bpf_map_lookup_elem(&per, &k);
	if (c)
		*c += 1;
	o[0] = bpf_ktime_get_ns();
	o[1] = bpf_ktime_get_boot_ns();
	o[2] = bpf_get_prandom_u32();
	o[3] = bpf_get_smp_processor_id();
	return XDP_TX;
}`;
    const run = async (seed: number) => {
      const prog = await programFromText(src, undefined, { seed, cpus: 4, cpu: 2 });
      const outs = [1, 2, 3].map(i => runPacket(prog, new Uint8Array(32), { tsNs: 1_700_000_000_123_456_789n + BigInt(i) }).dataOut);
      return { outs: outs.map(o => new DataView(o.buffer, o.byteOffset, 32)), maps: dumpMaps(prog) };
    };
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    assert.equal(a.outs[0].getBigUint64(0, true), 1_700_000_000_123_456_790n);
    assert.equal(a.outs[2].getBigUint64(8, true), 1_700_000_000_123_456_792n);
    assert.deepEqual(a.outs.map(o => o.getUint32(16, true)), b.outs.map(o => o.getUint32(16, true)), 'same seed, same numbers');
    assert.notDeepEqual(a.outs.map(o => o.getUint32(16, true)), c.outs.map(o => o.getUint32(16, true)));
    assert.equal(new Set(a.outs.map(o => o.getUint32(16, true))).size, 3);
    assert.equal(a.outs[0].getUint32(24, true), 2);
    assert.equal(a.maps.per[0][1], '0000000000000000'.repeat(2) + '0300000000000000' + '0000000000000000', 'only CPU 2 counted');
  });

  it('captures perf event output with packet bytes appended, and checks spin locks pair up', async () => {
    const prog = await programFromText(`${HEADERS}
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4); __uint(value_size, 4); } perf SEC(".maps");
struct val { struct bpf_spin_lock lock; __u32 n; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct val); } locked SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 k = 0, tag = 0xabcd;
	struct val *v = bpf_map_lookup_elem(&locked, &k);
	if (!v)
		return XDP_ABORTED;
	bpf_spin_lock(&v->lock);
	v->n++;
	if (ctx->rx_queue_index == 1)
		bpf_spin_lock(&v->lock);
	bpf_spin_unlock(&v->lock);
	return bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU | (4ULL << 32), &tag, sizeof(tag)) ? XDP_DROP : XDP_PASS;
}`);
    const r = runPacket(prog, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
    assert.equal(r.action, 'XDP_PASS');
    assert.deepEqual(r.events.map(e => [e.map, e.kind, e.cpu, [...e.data]]), [['perf', 'perf', 0, [0xcd, 0xab, 0, 0, 1, 2, 3, 4]]]);
    const dead = runPacket(prog, new Uint8Array(14), { rxQueue: 1 });
    assert.match(dead.error!.message, /bpf_spin_lock: the lock is already held/);
    assert.deepEqual(dumpMaps(prog).locked, [['00000000', '0100000002000000']], 'n counted twice; the lock word was left held by the fault');
  });
});
