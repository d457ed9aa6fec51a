// Redundancy removal (analysis/cse.ts) on real front-end output: a repeated read becomes a copy of the first
// only where clang would reuse it too — no store, call or asm in between on any path, not volatile.

import { strict as assert } from 'node:assert';
import type { IrFunction } from '../../src/engine/ir/ir';
import { eliminateRedundancy } from '../../src/engine/verifier/analysis/cse';
import { compileText } from '../support/frontend';

async function fnOf(body: string, name = 'prog'): Promise<IrFunction> {
  const text = `#include <linux/bpf.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
volatile __u32 knob;
__u32 plain;
${body}
char LICENSE[] SEC("license") = "GPL";
`;
  const fr = await compileText(text);
  assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
  return fr.module.functions.find(f => f.name === name)!;
}

const loads = (fn: IrFunction): number => fn.blocks.reduce((n, b) => n + b.insts.filter(i => i.op === 'load').length, 0);

describe('verifier: redundant reads', () => {
  it('reads a checked bit-field once, as clang does, so its check bounds the second use', async () => {
    const fn = await fnOf(`
static __always_inline int opts(struct iphdr *ip)
{
	if (ip->ihl <= 5)
		return 0;
	return (ip->ihl - 5) * 4;
}
SEC("xdp") int prog(struct xdp_md *ctx) { return 0; }`, 'opts');
    const out = eliminateRedundancy(fn);
    assert.equal(loads(fn), 2);
    assert.equal(loads(out), 1, 'the second read of ip->ihl should reuse the first');
    // The bit-field extraction is recomputed from the same value: it becomes a copy as well.
    const movs = (f: IrFunction) => f.blocks.reduce((n, b) => n + b.insts.filter(i => i.op === 'mov' && 'r' in i.src).length, 0);
    assert.ok(movs(out) >= movs(fn) + 2);
  });

  it('reads again after a store, a helper call, or when the object is volatile', async () => {
    const stored = await fnOf(`
SEC("xdp") int prog(struct xdp_md *ctx)
{
	__u32 a = plain;
	plain = a + 1;
	return plain;
}`);
    assert.equal(loads(eliminateRedundancy(stored)), loads(stored));
    const called = await fnOf(`
SEC("xdp") int prog(struct xdp_md *ctx)
{
	__u32 a = plain;
	bpf_ktime_get_ns();
	return a + plain;
}`);
    assert.equal(loads(eliminateRedundancy(called)), loads(called));
    const vol = await fnOf(`
SEC("xdp") int prog(struct xdp_md *ctx)
{
	return knob + knob;
}`);
    assert.equal(loads(eliminateRedundancy(vol)), loads(vol));
  });

  it('does not reuse a value across a join where one side did not compute it', async () => {
    const fn = await fnOf(`
SEC("xdp") int prog(struct xdp_md *ctx)
{
	__u32 a = 0;
	if (ctx->rx_queue_index)
		a = plain;
	return a + plain;
}`);
    const out = eliminateRedundancy(fn);
    assert.equal(loads(out), loads(fn));
  });

  it('reuses a value computed on every path before the join', async () => {
    const fn = await fnOf(`
SEC("xdp") int prog(struct xdp_md *ctx)
{
	__u32 a = plain, b = 1;
	if (ctx->rx_queue_index)
		b = 2;
	return a + b + plain;
}`);
    assert.equal(loads(eliminateRedundancy(fn)), loads(fn) - 1);
  });
});
