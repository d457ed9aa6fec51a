// Fast mode on the corners where generated code could part from the closures: 64-bit arithmetic (shifts by
// 32 or more, signed division and remainder, overflowing products, sign and zero extension, byte swaps,
// 64-bit switches), atomics, faults of every kind, the step budget (in loops and in callees), call depth and
// registers read before being written. Each program runs in both modes on the same packets and everything
// observable must match; a few results are also checked against BigInt arithmetic done here.

import { strict as assert } from 'node:assert';
import { runPacket } from '../../src/engine/interp';
import type { PrepareOptions } from '../../src/engine/interp';
import { compileText } from '../support/frontend';
import { compareModes, prepareBoth } from './fast-compare';
import { Rand } from './packets';
import { HEADERS } from './run-helpers';

async function bothModes(text: string, program: string, opts: PrepareOptions = {}) {
  const fr = await compileText(HEADERS + text, '/src/t.c');
  const errors = fr.diagnostics.filter(d => d.severity === 'error');
  assert.deepEqual(errors.map(e => e.message), []);
  const pair = prepareBoth(fr, program, opts);
  assert.deepEqual(pair.fast.fastFallbacks, []);
  return pair;
}

const SPECIAL = [0n, 1n, 2n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn, 0xffffffffn, 0x80000000n, 0x100000000n, 0x7fffffffn, 0xfffffffffffffffen];

/** Packets of `len` bytes whose first fields take every pair of special values, then random ones. */
function valuePackets(len: number, count: number, seed: number): Uint8Array[] {
  const r = new Rand(seed);
  const out: Uint8Array[] = [];
  const n = SPECIAL.length;
  for (let i = 0; i < count; i++) {
    const b = r.bytes(len);
    const dv = new DataView(b.buffer);
    if (i < n * n) {
      const x = SPECIAL[i % n];
      const y = SPECIAL[Math.floor(i / n)];
      dv.setBigUint64(0, x, true);
      dv.setBigUint64(8, y, true);
      dv.setUint32(16, Number(x & 0xffffffffn), true);
      dv.setUint32(20, Number(y & 0xffffffffn), true);
      dv.setUint16(26, Number(y & 0xffffn), true);
      b[24] = Number(x & 0xffn);
    }
    out.push(b);
  }
  return out;
}

const CORNERS = `
#define N 56
#define PUT(i, v) (*(__u64 *)(data + 32 + (i) * 8) = (__u64)(v))
SEC("xdp")
int corners(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if (data + 32 + N * 8 > end)
		return XDP_DROP;
	__u64 a = *(__u64 *)data, b = *(__u64 *)(data + 8);
	__u32 c = *(__u32 *)(data + 16), d = *(__u32 *)(data + 20);
	__s64 sa = (__s64)a, sb = (__s64)b;
	__s32 sc = (__s32)c, sd = (__s32)d;
	__u8 e = *(__u8 *)(data + 24);
	__s8 se = (__s8)e;
	__u16 f = *(__u16 *)(data + 26);
	__s16 sf = (__s16)f;
	int r = 0;
	PUT(0, a << 32); PUT(1, a << 40); PUT(2, a >> 32); PUT(3, a >> 63); PUT(4, sa >> 33); PUT(5, sa >> 63);
	PUT(6, a << e); PUT(7, sa >> e); PUT(8, c << 31); PUT(9, sc >> 31); PUT(10, c >> 31);
	PUT(11, sa / sb); PUT(12, sa % sb); PUT(13, sc / sd); PUT(14, sc % sd); PUT(15, c / d); PUT(16, c % d);
	PUT(17, a / b); PUT(18, a % b); PUT(19, a * b); PUT(20, sa * sb); PUT(21, c * d); PUT(22, sc * sd);
	PUT(23, (__u64)c * d); PUT(24, (__s64)sc * sd); PUT(25, (__s64)se); PUT(26, (__u64)e); PUT(27, (__s64)sf);
	PUT(28, (__u8)(e + 200)); PUT(29, (__s8)(se * 3)); PUT(30, (__s16)(sf - 30000)); PUT(31, (__u16)(f * f));
	PUT(32, __builtin_bswap64(a)); PUT(33, __builtin_bswap32(c)); PUT(34, __builtin_bswap16(f));
	PUT(35, (__s64)sc < sa); PUT(36, (__u64)(__s64)sc > b); PUT(37, (__u64)(__s64)sc == a); PUT(38, c > (__u32)sd);
	PUT(39, -sa); PUT(40, ~c); PUT(41, -sc); PUT(42, (__u32)-c); PUT(43, a + c); PUT(44, a - sc); PUT(45, sa + sd);
	PUT(46, sa / -1); PUT(47, sa % -1); PUT(48, sc / -1); PUT(49, (__u32)(c - d) >> 3); PUT(50, (__s64)(sa - sb) >> 7);
	PUT(51, e ? a / e : 0); PUT(52, (__s64)sf * sa);
	switch (a) {
	case 0: r = 1; break;
	case 0xffffffffffffffffULL: r = 2; break;
	case 0x100000000ULL: r = 3; break;
	case 0x80000000ULL: r = 4; break;
	default: r = 5;
	}
	PUT(53, r);
	switch (sc) {
	case -1: r = 10; break;
	case 2: case 0x7fffffff: r = 11; break;
	case -2147483647 - 1: r = 12; break;
	default: r = 13;
	}
	PUT(54, r);
	switch (se) {
	case -1: r = 20; break;
	case 0: r = 21; break;
	default: r = 22;
	}
	PUT(55, r);
	return XDP_PASS;
}
`;

const ATOMICS = `
struct val { __u64 x; __s32 y; __u32 z; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, struct val); } vals SEC(".maps");
SEC("xdp")
int atomics(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 key = 0;
	if (data + 64 > end)
		return XDP_DROP;
	struct val *v = bpf_map_lookup_elem(&vals, &key);
	if (!v)
		return XDP_ABORTED;
	__u64 a = *(__u64 *)(data + 8);
	__u32 c = *(__u32 *)(data + 16);
	__s64 r1 = 0, r2 = 0, r3 = 0;
	switch (*(__u8 *)data % 8) {
	case 0: r1 = __sync_fetch_and_add(&v->x, a); r2 = __sync_fetch_and_add(&v->y, (__s32)c); r3 = __sync_fetch_and_add(&v->z, c); break;
	case 1: r1 = __sync_fetch_and_or(&v->x, a); r2 = __sync_fetch_and_or(&v->y, (__s32)c); r3 = __sync_fetch_and_or(&v->z, c); break;
	case 2: r1 = __sync_fetch_and_and(&v->x, a); r2 = __sync_fetch_and_and(&v->y, (__s32)c); r3 = __sync_fetch_and_and(&v->z, c); break;
	case 3: r1 = __sync_fetch_and_xor(&v->x, a); r2 = __sync_fetch_and_xor(&v->y, (__s32)c); r3 = __sync_fetch_and_xor(&v->z, c); break;
	case 4: r1 = __sync_lock_test_and_set(&v->x, a); r2 = __sync_lock_test_and_set(&v->y, (__s32)c); r3 = __sync_lock_test_and_set(&v->z, c); break;
	case 5: r1 = __sync_val_compare_and_swap(&v->x, v->x, a); r2 = __sync_val_compare_and_swap(&v->y, 5, (__s32)c); r3 = __sync_val_compare_and_swap(&v->z, c, 7); break;
	case 6: r1 = __sync_add_and_fetch(&v->x, a); r2 = __sync_add_and_fetch(&v->y, -1); __sync_fetch_and_add(&v->z, 1); break;
	default: __sync_fetch_and_add(&v->x, 1); break;
	}
	*(__s64 *)(data + 24) = r1;
	*(__s64 *)(data + 32) = r2;
	*(__s64 *)(data + 40) = r3;
	return XDP_PASS;
}
`;

const FAULTS = `
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } arr SEC(".maps");
const volatile __u32 limit = 3;

static __attribute__((noinline)) int depth(int n)
{
	if (n <= 0)
		return 0;
	return depth(n - 1) + 1;
}

static __attribute__((noinline)) int spin(__u8 *p, void *end)
{
	int n = 0;
	while ((void *)(p + 1) <= end && *p != 0xee)
		n++;
	return n;
}

static __attribute__((noinline)) int maybe(int c)
{
	int x;
	if (c > 3)
		x = c * 3;
	return x;
}

SEC("xdp")
int faults(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	__u32 key = 9;
	int local[4] = {1, 2, 3, 4};
	if (data + 16 > end)
		return XDP_DROP;
	switch (p[0] % 13) {
	case 0: return *(__u32 *)(data + p[1] * 4);
	case 1: { __u64 *v = bpf_map_lookup_elem(&arr, &key); return *v; }
	case 2: bpf_xdp_adjust_head(ctx, 0); return p[2];
	case 3: ctx->data = 0; return 1;
	case 4: return *(int *)((char *)local - p[3] * 8);
	case 5: { int n = 0; while (p[4] != 0xee) n++; return n; }
	case 6: __builtin_unreachable();
	case 7: return *(__u32 *)((__u64)data | (1ULL << (32 + p[5] % 20)));
	case 8: return depth(p[6] % 12);
	case 9: return spin(p, end);
	case 10: return maybe(p[7] % 8);
	case 11: *(volatile __u32 *)&limit = 7; return 2;
	default: return local[p[8] % 6];
	}
}
`;

describe('fast mode vs traced mode: corners', function () {
  this.timeout(60_000);

  it('64-bit and narrow arithmetic, extension, byte swaps and switches', async () => {
    const pair = await bothModes(CORNERS, 'corners');
    const packets = valuePackets(32 + 56 * 8, 400, 3);
    const r = compareModes(pair, packets);
    assert.deepEqual(r.problems, []);
    assert.equal(r.errors, 0);
    // A few results recomputed here, independently of both modes.
    const p = packets[3 + 4 * SPECIAL.length]; // a = -1, b = 0x8000000000000000
    const out = runPacket(pair.fast, p).dataOut;
    const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const got = (i: number) => dv.getBigUint64(32 + i * 8, true);
    const a = 0xffffffffffffffffn;
    const M = (1n << 64n) - 1n;
    assert.equal(got(0), (a << 32n) & M);
    assert.equal(got(4), BigInt.asUintN(64, -1n >> 33n));
    assert.equal(got(11), 0n, '-1 / INT64_MIN');
    assert.equal(got(19), (a * 0x8000000000000000n) & M);
    assert.equal(got(46), 1n, '-1 / -1');
    assert.equal(got(53), 2n, 'switch on 0xffffffffffffffff');
  });

  it('atomics on 4- and 8-byte map fields, signed and unsigned results', async () => {
    const pair = await bothModes(ATOMICS, 'atomics');
    const r = compareModes(pair, valuePackets(64, 300, 8));
    assert.deepEqual(r.problems, []);
    assert.equal(r.errors, 0);
  });

  it('faults, budget in loops and callees, call depth and uninitialised reads end packets alike', async () => {
    const pair = await bothModes(FAULTS, 'faults', { budget: 3000 });
    const r = new Rand(13);
    const packets: Uint8Array[] = [];
    for (let i = 0; i < 13 * 12; i++) {
      const b = r.bytes(r.pick([16, 40, 200]));
      b[0] = i % 13;
      b[1] = r.pick([0, 1, 3, 9, 49, 200]);
      b[3] = r.pick([0, 1, 2, 40, 80]);
      b[4] = r.pick([0xee, 1]);
      b[6] = r.pick([0, 3, 6, 7, 8, 11]);
      b[8] = r.pick([0, 3, 4, 5]);
      packets.push(b);
    }
    const c = compareModes(pair, packets, () => ({}), 3);
    assert.deepEqual(c.problems, []);
    // Every kind of ending happened: the comparison covered faults, not just clean runs.
    const messages = packets.map(p => runPacket(pair.traced, p).error?.message ?? '');
    for (const kind of ['out-of-bounds read', 'null pointer', 'stale packet pointer', 'xdp_md', 'budget exhausted', 'unreachable', 'not an address', 'nest more than 8', 'read-only']) {
      assert.ok(messages.some(m => m.includes(kind)), `no packet ended with '${kind}'`);
    }
    assert.ok(c.errors > 0 && c.errors < packets.length);
  });
});
