// Fast mode lays small callees out inside their callers and keeps their frames lazy: the machine's depth,
// frame list and stack pointer stay the caller's until something could see them (a helper, a call that is not
// laid out in place, the slow path of a memory access, a tail call). These programs make every such observer
// look from two inlined frames deep, and both modes must agree on everything, errors and their frame names and
// step counts included. Map lookups are made inline too (array keys past max_entries, per-CPU arrays, hashes
// and LRU hashes whose recency the lookups change), memsets of stack slots (word stores where aligned, byte
// stores elsewhere), and context fields through parameters that turn out to be the context.

import { strict as assert } from 'node:assert';
import { runPacket } from '../../src/engine/interp';
import { compileText } from '../support/frontend';
import { compareModes, prepareBoth } from './fast-compare';
import { Rand } from './packets';
import { HEADERS } from './run-helpers';

const LAZY = `
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } cnt SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 3); __type(key, __u32); __type(value, __u64); } pcpu SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 4); __type(key, __u16); __type(value, __u64); } lru SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u32); } hash SEC(".maps");

static __attribute__((noinline)) int depth(int n)
{
	if (n <= 0)
		return 0;
	return depth(n - 1) + 1;
}

static long add(__u32 i, void *arg)
{
	__u64 pad[2] = { i, i };
	*(__u64 *)arg += pad[0] + pad[1];
	return 0;
}

static __always_inline int inner(__u8 *p, int k)
{
	__u32 buf[4] = { k, k + 1, k + 2, k + 3 };
	__u32 key = p[1] % 6;
	__u64 *v;
	__u64 sum;

	__u8 bytes[16];

	switch (p[0] % 10) {
	case 0: return buf[p[2] % 4];
	case 1: return *(__u32 *)((char *)buf - p[3] * 4);
	case 2:
		v = bpf_map_lookup_elem(&cnt, &key);
		if (!v)
			return 0;
		*v += buf[1];
		return *v;
	case 3: return depth(p[4] % 10);
	case 4:
		sum = buf[0];
		bpf_loop(p[5] % 5, add, &sum, 0);
		return sum + buf[3];
	case 5: __builtin_memset((char *)buf + (p[6] % 4) * 4 - 4, 0x11, 8); return buf[0] + buf[1];
	case 7:
		__builtin_memset(bytes, p[9], 16);
		__builtin_memset(bytes + 3, 0x5a, 6);
		return bytes[p[10] % 16] | bytes[2] << 8 | bytes[5] << 16 | bytes[12] << 24;
	case 6:
		v = bpf_map_lookup_elem(&pcpu, &key);
		if (!v)
			return 7;
		*v += k;
		return *v;
	default: return buf[p[6] % 12];
	}
}

static __always_inline int hashes(__u8 *p)
{
	__u16 port = p[11] % 7;
	__u32 key = p[1] % 6;
	__u64 one = 1;
	__u32 *h = bpf_map_lookup_elem(&hash, &key);
	__u64 *v = bpf_map_lookup_elem(&lru, &port);

	if (!v) {
		bpf_map_update_elem(&lru, &port, &one, BPF_ANY);
		if (!h)
			bpf_map_update_elem(&hash, &key, &key, BPF_NOEXIST);
		return 1;
	}
	*v += 1;
	return *v + (h ? *h : 100);
}

static __always_inline int outer(__u8 *p, int k)
{
	int x[2] = { k, k * 2 };
	return inner(p, x[p[7] % 2]) + x[1];
}

SEC("xdp")
int lazy(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data;

	if (data + 16 > end)
		return XDP_DROP;
	*(__u32 *)(data + 12) = p[0] % 10 == 8 ? hashes(p) : outer(p, p[8]);
	return XDP_PASS;
}
`;

// A callee laid out at a call takes its parameters' kinds (one int32 or a 64-bit pair) from the arguments there:
// here narrow arguments meet assignments that widen the parameter, and the same callee gets wide arguments.
const KINDS = `
static __always_inline __u64 widen(__u64 x, __s64 y, int k)
{
	if (k & 1)
		x = x << 40;
	if (k & 2)
		y = y * 3 - 5;
	if (k & 4)
		x += y;
	return x ^ (__u64)y;
}

SEC("xdp")
int kinds(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data;

	if (data + 40 > end)
		return XDP_DROP;
	__u32 a = *(__u32 *)(data + 4);
	__s32 b = *(__s32 *)(data + 8);
	__u64 c = *(__u64 *)(data + 16);
	*(__u64 *)(data + 24) = widen(a, b, p[0]);
	*(__u64 *)(data + 32) = widen(c, (__s64)c, p[1]) + widen(p[2], -1, p[3]);
	return XDP_PASS;
}
`;

// The depth limit reached exactly at a callee laid out in place, one or two inlined frames deep.
const DEEP = `
static __always_inline int leaf(int n)
{
	return n * 3 + 1;
}

static __always_inline int mid(int n)
{
	return leaf(n + 1) + 2;
}

static __attribute__((noinline)) int rec(int n)
{
	if (n <= 0)
		return mid(n);
	return rec(n - 1) + 1;
}

SEC("xdp")
int deep(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data;

	if (data + 8 > end)
		return XDP_DROP;
	*(__u32 *)(data + 4) = rec(p[0] % 10);
	return XDP_PASS;
}
`;

// Fields through a parameter are read and written straight from the context model only when the parameter is
// the context at run time: the same function gets the context and a packet pointer.
const CTX_OR_NOT = `
struct three { __u32 a, b, c; };

static __attribute__((noinline)) __u32 pick(struct three *t, int w)
{
	if (w)
		t->c = 0x1234 + w;
	return t->a + t->b * 3 + t->c * 5;
}

static __always_inline __u32 pick2(struct three *t, int w)
{
	if (w & 2)
		t->c = w;
	return t->a ^ t->c;
}

SEC("tc")
int ctx_or_not(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	__u8 *p = data;

	if (data + 40 > end)
		return 2;
	__u32 x = pick((struct three *)skb, p[0] & 1) + pick2((struct three *)skb, p[0]);
	__u32 y = pick(data + 16, p[1] & 1) + pick2(data + 4, p[1]);
	*(__u32 *)(data + 32) = x;
	*(__u32 *)(data + 36) = y;
	return p[2] & 1;
}
`;

// A tail call out of a callee laid out two frames deep: the target runs with the caller's frames written out
// (its depth limit and stack fault messages count them), then the caller carries on.
const TAIL = `
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} jmp SEC(".maps");

static __attribute__((noinline)) int depth(int n)
{
	if (n <= 0)
		return 0;
	return depth(n - 1) + 1;
}

SEC("xdp")
int target(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	int local[2];

	if (data + 8 > end)
		return XDP_DROP;
	local[0] = p[4];
	local[1] = p[5];
	*(__u32 *)(data + 4) = depth(p[3] % 10) + *(int *)((char *)local + (p[6] % 4) * 8 - 8);
	return XDP_TX;
}

static __always_inline int jump(struct xdp_md *ctx, __u32 slot)
{
	__u32 pad[2] = { slot, slot + 1 };

	bpf_tail_call(ctx, &jmp, pad[0]);
	return pad[1];
}

static __always_inline int hop(struct xdp_md *ctx, __u8 *p)
{
	int x[2] = { p[1], p[2] };

	return jump(ctx, p[0] % 3) + x[1];
}

SEC("xdp")
int tail_entry(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	int r;

	if (data + 8 > end)
		return XDP_DROP;
	r = hop(ctx, data);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 8 > end)
		return XDP_DROP;
	*(__u8 *)(data + 7) = r;
	return XDP_PASS;
}
`;

describe('fast mode vs traced mode: inlined callees', function () {
  this.timeout(60_000);

  it('helpers, calls and faults inside two inlined frames see the frames the closures have', async () => {
    const fr = await compileText(HEADERS + LAZY, '/src/t.c');
    assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
    const pair = prepareBoth(fr, 'lazy');
    assert.deepEqual(pair.fast.fastFallbacks, []);
    const r = new Rand(21);
    const packets: Uint8Array[] = [];
    for (let i = 0; i < 10 * 40; i++) {
      const b = r.bytes(16);
      b[0] = i % 10;
      packets.push(b);
    }
    const c = compareModes(pair, packets, () => ({}), 5);
    assert.deepEqual(c.problems, []);
    const messages = packets.map(p => runPacket(pair.traced, p).error?.message ?? '');
    // Stack faults named inside the inlined frames, and the depth limit counted through them.
    for (const kind of ['of inner', 'nest more than 8']) {
      assert.ok(messages.some(m => m.includes(kind)), `no packet ended with '${kind}'`);
    }
    assert.ok(c.errors > 0 && c.errors < packets.length);
  });

  it('counts inlined frames against the call depth limit', async () => {
    const fr = await compileText(HEADERS + DEEP, '/src/t.c');
    assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
    const pair = prepareBoth(fr, 'deep');
    assert.deepEqual(pair.fast.fastFallbacks, []);
    const packets = Array.from({ length: 10 }, (_, i) => Uint8Array.from([i, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const c = compareModes(pair, packets);
    assert.deepEqual(c.problems, []);
    const messages = packets.map(p => runPacket(pair.traced, p).error?.message ?? '');
    for (const callee of ['rec', 'mid', 'leaf']) {
      assert.ok(messages.some(m => m.includes(`call to ${callee} would nest more than 8`)), `no packet stopped entering ${callee}`);
    }
  });

  it('context fields through a parameter only when it is the context', async () => {
    const fr = await compileText(HEADERS + CTX_OR_NOT, '/src/t.c');
    assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
    const pair = prepareBoth(fr, 'ctx_or_not');
    assert.deepEqual(pair.fast.fastFallbacks, []);
    const r = new Rand(9);
    const packets = Array.from({ length: 64 }, (_, i) => {
      const b = r.bytes(60);
      b[12] = 0x08;
      b[13] = 0x00;
      b[0] = i % 4;
      b[1] = (i >> 2) % 4;
      return b;
    });
    const c = compareModes(pair, packets, i => ({ mark: i * 7, priority: i }));
    assert.deepEqual(c.problems, []);
    // The context's mark was written through the parameter (pick(skb, 1) stores 0x1235 at offset 8).
    const out = runPacket(pair.fast, packets[1], { mark: 7, priority: 1 });
    assert.equal(out.skb?.mark, 0x1235);
  });

  it('tail calls out of inlined callees run the target in the frames the closures have', async () => {
    const fr = await compileText(HEADERS + TAIL, '/src/t.c');
    assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
    const pair = prepareBoth(fr, 'tail_entry', { maps: { jmp: [['00000000', 'target'], ['01000000', 'tail_entry']] } });
    assert.deepEqual(pair.fast.fastFallbacks, []);
    const r = new Rand(17);
    const packets = Array.from({ length: 120 }, (_, i) => {
      const b = r.bytes(16);
      b[0] = i % 3;
      b[3] = (i >> 2) % 10;
      b[6] = (i >> 3) % 4;
      return b;
    });
    const c = compareModes(pair, packets);
    assert.deepEqual(c.problems, []);
    const messages = packets.map(p => runPacket(pair.traced, p).error?.message ?? '');
    for (const kind of ['nest more than 8', 'of target']) assert.ok(messages.some(m => m.includes(kind)), `no packet ended with '${kind}'`);
    // Step counts carry across the tail call: budgets that run out before, inside and after the target agree.
    for (let budget = 1; budget <= 40; budget++) {
      const small = prepareBoth(fr, 'tail_entry', { budget, maps: { jmp: [['00000000', 'target'], ['01000000', 'tail_entry']] } });
      assert.deepEqual(compareModes(small, packets.slice(0, 24)).problems, [], `budget ${budget}`);
    }
  });

  it('parameters take the kinds of the arguments at each call', async () => {
    const fr = await compileText(HEADERS + KINDS, '/src/t.c');
    assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
    const pair = prepareBoth(fr, 'kinds');
    assert.deepEqual(pair.fast.fastFallbacks, []);
    const r = new Rand(5);
    const specials = [0, 0xffffffff, 0x80000000, 0x7fffffff, 1];
    const packets = Array.from({ length: 200 }, (_, i) => {
      const b = r.bytes(40);
      const dv = new DataView(b.buffer);
      if (i < 100) {
        dv.setUint32(4, specials[i % 5], true);
        dv.setUint32(8, specials[Math.floor(i / 5) % 5], true);
        dv.setUint32(20, specials[Math.floor(i / 25) % 5], true);
      }
      b[0] = i % 8;
      b[1] = (i >> 3) % 8;
      return b;
    });
    const c = compareModes(pair, packets);
    assert.deepEqual(c.problems, []);
    // One result recomputed here: widen(a, b, 7), every branch taken (packet 8 has p[0] == 7).
    const p = packets[7];
    const dv = new DataView(p.buffer);
    const a = BigInt(dv.getUint32(4, true));
    const y = BigInt(dv.getInt32(8, true)) * 3n - 5n;
    const want = BigInt.asUintN(64, (BigInt.asUintN(64, a << 40n) + y) ^ y);
    const out = runPacket(pair.fast, p).dataOut;
    assert.equal(p[0], 7);
    assert.equal(new DataView(out.buffer, out.byteOffset).getBigUint64(24, true), want);
  });
});
