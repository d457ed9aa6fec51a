// The step hook: one call per executed IR step, with the registers it wrote, the memory it touched, its
// source range and call depth; returning 'stop' ends the packet.

import { strict as assert } from 'node:assert';
import { runPacket } from '../../src/engine/interp';
import type { StepInfo } from '../../src/engine/interp';
import { HEADERS, lineOf, programFromText } from './run-helpers';

const SRC = `${HEADERS}
static __attribute__((noinline)) int proto_of(void *data, void *end)
{
	if (data + 14 > end)
		return -1;
	return *(__u16 *)(data + 12); /* LOAD */
}

SEC("xdp") int f(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	int p = proto_of(data, end);
	if (p == bpf_htons(0x0800))
		*(__u8 *)data = 1; /* STORE */
	return XDP_PASS;
}`;

describe('interpreter step hook', () => {
  it('reports every step with registers, memory, range and depth', async () => {
    const prog = await programFromText(SRC, 'f');
    const steps: Array<StepInfo & { value?: bigint }> = [];
    const pkt = new Uint8Array(60);
    pkt[12] = 0x08;
    const r = runPacket(prog, pkt, {}, {
      onStep: s => {
        steps.push({ ...s, mem: [...s.mem], value: s.changed.length ? s.reg(s.changed[0]) : undefined });
      },
    });
    assert.equal(r.error, undefined);
    assert.equal(steps.length, r.steps, 'one call per counted step');
    const load = steps.find(s => s.mem.some(m => !m.write && m.region === 'packet' && m.size === 2))!;
    assert.equal(load.fn, 'proto_of');
    assert.equal(load.depth, 1);
    assert.equal(lineOf(SRC, load.range.start), lineOf(SRC, SRC.indexOf('LOAD')));
    assert.equal(load.value, 8n, 'the loaded ethertype, network order read as little-endian');
    const store = steps.find(s => s.mem.some(m => m.write && m.region === 'packet'))!;
    assert.equal(store.fn, 'f');
    assert.equal(store.depth, 0);
    assert.equal(lineOf(SRC, store.range.start), lineOf(SRC, SRC.indexOf('STORE')));
    assert.equal(r.dataOut[0], 1);
    const ctxReads = steps.filter(s => s.mem.some(m => m.region === 'xdp_md'));
    assert.equal(ctxReads.length, 2, 'ctx->data and ctx->data_end');
  });

  it('reports each activation of a recursive function at its own depth', async () => {
    // The hook's StepInfo is reused from step to step; a recursive activation must not change what the
    // activation it interrupted reports after it returns.
    const prog = await programFromText(`${HEADERS}
static __attribute__((noinline)) int down(int n)
{
	if (n <= 0)
		return 0;
	return down(n - 1) + n;
}
SEC("xdp") int rec(struct xdp_md *ctx)
{
	return down(3) == 6 ? XDP_PASS : XDP_DROP;
}`, 'rec');
    const seen: Array<{ fn: string; depth: number; block: number; index: number }> = [];
    const r = runPacket(prog, new Uint8Array(60), {}, { onStep: s => void seen.push({ fn: s.fn, depth: s.depth, block: s.block, index: s.index }) });
    assert.equal(r.action, 'XDP_PASS');
    assert.equal(seen.length, r.steps);
    // Depth rises by one per call and falls back as each returns: 0, then 1..4 into the recursion, then back.
    const depths = seen.map(s => s.depth);
    assert.deepEqual([...new Set(depths)].sort(), [0, 1, 2, 3, 4]);
    for (let k = 1; k < seen.length; k++) assert.ok(Math.abs(depths[k] - depths[k - 1]) <= 1, `step ${k}: depth ${depths[k - 1]} -> ${depths[k]}`);
    assert.equal(seen[seen.length - 1].fn, 'rec');
    assert.equal(seen[seen.length - 1].depth, 0);
    // The outermost activation of down resumes at depth 1 after the inner ones returned.
    const lastDown = seen.filter(s => s.fn === 'down').pop()!;
    assert.equal(lastDown.depth, 1);
  });

  it('gives the same result with and without the hook, and stops when asked', async () => {
    const prog = await programFromText(SRC, 'f');
    const pkt = new Uint8Array(60);
    pkt[12] = 0x08;
    const plain = runPacket(prog, pkt);
    const traced = runPacket(prog, pkt, {}, { onStep: () => undefined });
    assert.deepEqual({ ...traced, dataOut: [...traced.dataOut] }, { ...plain, dataOut: [...plain.dataOut] });
    let n = 0;
    const stopped = runPacket(prog, pkt, {}, { onStep: () => (++n === 5 ? 'stop' : undefined) });
    assert.equal(stopped.action, 'XDP_ABORTED');
    assert.match(stopped.error!.message, /stopped by the step hook/);
    assert.equal(n, 5);
  });
});
