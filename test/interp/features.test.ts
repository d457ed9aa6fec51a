// C features through the whole pipeline: calls of non-inlined functions, switches on 64-bit values, atomics,
// memset/memmove, statics and globals, bitfields, struct copies and signed loads. Expected values are
// worked out by hand from the C.

import { strict as assert } from 'node:assert';
import { dumpMaps, runPacket } from '../../src/engine/interp';
import { HEADERS, programFromText } from './run-helpers';

function u64s(b: Uint8Array, n: number): bigint[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: n }, (_, i) => dv.getBigUint64(i * 8, true));
}

describe('interpreter: C features', () => {
  it('calls functions with five arguments and switches on 64-bit values', async () => {
    const prog = await programFromText(`${HEADERS}
static __attribute__((noinline)) __u64 mix(__u64 a, __u32 b, __s16 c, __u8 d, __u64 e)
{
	return a * 3 + b - c + (d << 4) + (e >> 60);
}

static __attribute__((noinline)) int pick(__u64 v)
{
	switch (v) {
	case 0x100000000ULL: return 1;
	case 0xffffffffffffffffULL: return 2;
	case 5: return 3;
	default: return 4;
	}
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if (data + 40 > end)
		return XDP_DROP;
	__u64 *p = data;
	p[1] = mix(p[0], 7, -2, 0xff, 0xf000000000000000ULL);
	p[2] = pick(p[0]);
	p[3] = pick(0x100000000ULL) * 10 + pick(-1) + pick(5) * 100;
	return XDP_TX;
}`);
    const pkt = new Uint8Array(40);
    new DataView(pkt.buffer).setBigUint64(0, 5n, true);
    const r = runPacket(prog, pkt);
    assert.equal(r.error, undefined);
    assert.deepEqual(u64s(r.dataOut, 4), [5n, 5n * 3n + 7n + 2n + (0xffn << 4n) + 15n, 3n, 312n]);
  });

  it('runs atomics on globals and keeps statics across packets', async () => {
    const prog = await programFromText(`${HEADERS}
__u64 counter;
__u32 flag;
__u64 old_seen;

SEC("xdp") int f(struct xdp_md *ctx)
{
	static __u32 calls;
	calls++;
	__sync_fetch_and_add(&counter, 10);
	__u64 before = __sync_lock_test_and_set(&counter, counter + 1);
	__u32 prev = __sync_val_compare_and_swap(&flag, 0, calls);
	old_seen = before + prev;
	return calls == 2 ? XDP_DROP : XDP_PASS;
}`);
    assert.equal(runPacket(prog, new Uint8Array(14)).action, 'XDP_PASS');
    assert.equal(runPacket(prog, new Uint8Array(14)).action, 'XDP_DROP');
    const bss = Buffer.from(dumpMaps(prog)['.bss'][0][1], 'hex');
    const dv = new DataView(bss.buffer, bss.byteOffset, bss.byteLength);
    // packet 1: counter 0+10=10 → xchg to 11 (before 10); flag 0 → 1 (prev 0); old_seen = 10.
    // packet 2: counter 11+10=21 → 22 (before 21); flag stays 1 (prev 1); old_seen = 22.
    assert.equal(dv.getBigUint64(0, true), 22n, 'counter');
    assert.equal(dv.getUint32(8, true), 1, 'flag');
    assert.equal(dv.getBigUint64(16, true), 22n, 'old_seen');
  });

  it('handles bitfields, struct copies, memset/memmove and signed loads', async () => {
    const prog = await programFromText(`${HEADERS}
struct bits { __u32 a : 3, b : 9, c : 20; };
struct pair { __u32 x; __u16 y; __u8 z[6]; };

SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if (data + 64 > end)
		return XDP_DROP;
	struct bits bf = { .a = 5, .b = 300, .c = 0xabcde };
	struct pair s1 = { 1, 2, { 3, 4, 5, 6, 7, 8 } }, s2;
	__u8 buf[16];
	s2 = s1;
	s2.z[0] = 9;
	__builtin_memset(buf, 0x5a, sizeof(buf));
	__builtin_memmove(buf + 2, buf, 4);
	buf[0] = 1;
	__builtin_memmove(buf + 1, buf, 8);
	__u64 *o = data + 16;
	o[0] = bf.a + bf.b * 10 + ((__u64)bf.c << 20);
	o[1] = s2.x + s2.y + s2.z[0] + s1.z[0] * 100;
	o[2] = *(__u64 *)buf;
	__s64 s8 = *(__s8 *)data;
	__s64 s16 = *(__s16 *)(data + 2);
	o[3] = s8 + s16;
	*(struct bits *)(data + 48) = bf;
	return XDP_TX;
}`);
    const pkt = new Uint8Array(64);
    pkt[0] = 0xfe; // -2
    pkt[2] = 0x00;
    pkt[3] = 0x80; // -32768
    const r = runPacket(prog, pkt);
    assert.equal(r.error, undefined);
    const o = u64s(r.dataOut.subarray(16), 4);
    assert.equal(o[0], 5n + 3000n + (0xabcden << 20n));
    assert.equal(o[1], 1n + 2n + 9n + 300n);
    assert.equal(o[2], 0x5a5a5a5a5a5a0101n);
    assert.equal(o[3], BigInt.asUintN(64, -2n - 32768n));
    const word = new DataView(r.dataOut.buffer, r.dataOut.byteOffset).getUint32(48, true);
    assert.equal(word, (5 | (300 << 3) | (0xabcde << 12)) >>> 0);
  });
});
