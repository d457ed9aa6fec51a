// Run-time violations the verifier would have caught (programs run with --force) end the packet with
// XDP_ABORTED / TC_ACT_SHOT and an error that names the source line; nothing throws.

import { strict as assert } from 'node:assert';
import { runPacket } from '../../src/engine/interp';
import type { PacketResult } from '../../src/engine/interp';
import { HEADERS, lineOf, programFromText } from './run-helpers';

/** Runs the program on a packet of `len` zero bytes (or the given bytes) and returns the result. */
async function run(body: string, packet: Uint8Array | number = 60, opts = {}): Promise<{ r: PacketResult; text: string }> {
  const text = HEADERS + body;
  const prog = await programFromText(text, undefined, opts);
  const p = typeof packet === 'number' ? new Uint8Array(packet) : packet;
  return { r: runPacket(prog, p), text };
}

/** The error's range starts on the line holding `marker`. */
function assertAt(r: PacketResult, text: string, marker: string): void {
  assert.ok(r.error?.range, `no range in ${JSON.stringify(r.error)}`);
  assert.equal(lineOf(text, r.error.range.start), lineOf(text, text.indexOf(marker)));
  assert.match(r.error.message, new RegExp(`t\\.c:${lineOf(text, text.indexOf(marker))}:`));
}

describe('interpreter run-time errors', () => {
  it('stops an unchecked packet read past data_end and names the line', async () => {
    const body = `SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	return *(__u32 *)(data + 100); /* HERE */
}`;
    const { r, text } = await run(body);
    assert.equal(r.action, 'XDP_ABORTED');
    assert.equal(r.retval, 0);
    assert.match(r.error!.message, /out-of-bounds read of 4 bytes at packet data\+100 \(packet is 60 bytes\)/);
    assertAt(r, text, 'HERE');
    const ok = await run(body, 200);
    assert.equal(ok.r.error, undefined);
  });

  it('reports a NULL map value dereference', async () => {
    const { r, text } = await run(`struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } m SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 k = 7;
	__u64 *v = bpf_map_lookup_elem(&m, &k);
	return *v; /* HERE */
}`);
    assert.match(r.error!.message, /null pointer dereference: read of 8 bytes at address 0/);
    assertAt(r, text, 'HERE');
  });

  it('catches a packet pointer kept across bpf_xdp_adjust_head', async () => {
    const { r, text } = await run(`SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	if (data + 20 > end)
		return XDP_DROP;
	bpf_xdp_adjust_head(ctx, 4); /* MOVE */
	return p[10]; /* HERE */
}`);
    assert.equal(r.action, 'XDP_ABORTED');
    assert.match(r.error!.message, /stale packet pointer: bpf_xdp_adjust_head \(t\.c:\d+:\d+\) may have moved the packet/);
    assertAt(r, text, 'HERE');
  });

  it('refuses writes to .rodata, to the XDP context and through map handles', async () => {
    const ro = await run(`const volatile __u32 limit = 5;
SEC("xdp") int f(struct xdp_md *ctx)
{
	*(__u32 *)&limit = 1; /* HERE */
	return XDP_PASS;
}`);
    assert.match(ro.r.error!.message, /write of 4 bytes to read-only \.rodata\+0 \(limit\+0\)/);
    assertAt(ro.r, ro.text, 'HERE');
    const ctxw = await run(`SEC("xdp") int f(struct xdp_md *ctx)
{
	ctx->rx_queue_index = 3; /* HERE */
	return XDP_PASS;
}`);
    assert.match(ctxw.r.error!.message, /the XDP context is read-only/);
    const handle = await run(`struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } m SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx)
{
	return *(int *)&m; /* HERE */
}`);
    assert.match(handle.r.error!.message, /handles cannot be dereferenced/);
  });

  it('applies the TC context rules', async () => {
    const w = await run(`SEC("tc") int f(struct __sk_buff *skb)
{
	skb->len = 1; /* HERE */
	return 0;
}`);
    assert.equal(w.r.action, 'TC_ACT_SHOT');
    assert.equal(w.r.retval, 2);
    assert.match(w.r.error!.message, /may write only mark, queue_mapping/);
    assertAt(w.r, w.text, 'HERE');
    const sock = await run(`SEC("tc") int f(struct __sk_buff *skb)
{
	return skb->remote_port; /* HERE */
}`);
    assert.match(sock.r.error!.message, /socket programs, not TC/);
  });

  it('stops a runaway loop at the budget and names the loop', async () => {
    const { r, text } = await run(`volatile __u64 spins;
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 i;
	for (i = 0; i < 100000000; i++) /* LOOP */
		spins++;
	return XDP_PASS;
}`, 60, { budget: 5000 });
    assert.equal(r.action, 'XDP_ABORTED');
    assert.match(r.error!.message, new RegExp(`instruction budget exhausted after 5,000 IR steps: the loop at t\\.c:${lineOf(text, text.indexOf('LOOP'))} did not finish`));
    assert.ok(r.steps > 5000 && r.steps < 5100);
  });

  it('reports stack reads outside the frame and wild pointers', async () => {
    const stack = await run(`SEC("xdp") int f(struct xdp_md *ctx)
{
	volatile __u8 buf[8] = {};
	__u32 i = ctx->ingress_ifindex + 600;
	return buf[i]; /* HERE */
}`);
    assert.match(stack.r.error!.message, /out-of-bounds read of 1 byte at fp\+593 of f \(above the stack\)/);
    assertAt(stack.r, stack.text, 'HERE');
    const wild = await run(`SEC("xdp") int f(struct xdp_md *ctx)
{
	return *(volatile int *)0x123456789ULL; /* HERE */
}`);
    assert.match(wild.r.error!.message, /read of 4 bytes at 0x123456789: not an address the program may use/);
    assertAt(wild.r, wild.text, 'HERE');
  });

  it('reports reaching __builtin_unreachable', async () => {
    const { r } = await run(`SEC("xdp") int f(struct xdp_md *ctx)
{
	if (ctx->ingress_ifindex == 1)
		__builtin_unreachable();
	return XDP_PASS;
}`);
    assert.match(r.error!.message, /marks unreachable/);
  });

  it('never throws, whatever the packet', async () => {
    const prog = await programFromText(`${HEADERS}SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	__u8 n = *(__u8 *)data;
	return *(__u8 *)(data + n);
}`);
    for (let len = 0; len < 300; len += 7) {
      const p = new Uint8Array(len).fill(len & 0xff);
      const r = runPacket(prog, p);
      assert.ok(r.action === 'XDP_ABORTED' ? r.error !== undefined : r.error === undefined);
    }
    const huge = runPacket(prog, new Uint8Array(600_000));
    assert.match(huge.error!.message, /packet of 600000 bytes is larger than the \d+ bytes the interpreter models/);
    assert.equal(runPacket(prog, new Uint8Array(65_535)).error, undefined, 'a 64 KiB packet is fine (the program sees 3520 bytes)');
  });
});
