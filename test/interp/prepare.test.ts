// What prepareProgram refuses before any packet runs (with diagnostics at the offending spot), and map
// contents going in and coming out.

import { strict as assert } from 'node:assert';
import { dumpMaps, initMaps, runPacket } from '../../src/engine/interp';
import { HEADERS, lineOf, prepareText, programFromText } from './run-helpers';

describe('interpreter: preparing programs', () => {
  it('refuses a helper it does not model, naming it at the call', async () => {
    const text = `${HEADERS}SEC("xdp") int f(struct xdp_md *ctx)
{
	return bpf_get_current_pid_tgid() & 1; /* HERE */
}`;
    const r = await prepareText(text);
    assert.ok('error' in r);
    assert.match(r.error, /helper bpf_get_current_pid_tgid \(#14\) is not supported by the interpreter/);
    const d = r.diagnostics.find(x => x.code === 'INTERP_HELPER')!;
    assert.equal(d.stage, 'interp');
    assert.equal(lineOf(text, d.range.start), lineOf(text, text.indexOf('HERE')));
  });

  it('refuses TC-only helpers in XDP programs and inline assembly', async () => {
    const tcOnly = await prepareText(`${HEADERS}SEC("xdp") int f(struct xdp_md *ctx)
{
	__u8 b[4];
	return bpf_skb_load_bytes(ctx, 0, b, 4);
}`);
    assert.ok('error' in tcOnly);
    assert.match(tcOnly.error, /bpf_skb_load_bytes \(#26\) is not available to XDP programs/);
    const asm = await prepareText(`${HEADERS}SEC("xdp") int f(struct xdp_md *ctx)
{
	asm volatile("r0 = 1");
	return XDP_PASS;
}`);
    assert.ok('error' in asm);
    assert.match(asm.error, /inline assembly cannot be simulated/);
    const barrier = await prepareText(`${HEADERS}SEC("xdp") int f(struct xdp_md *ctx)
{
	asm volatile("" ::: "memory");
	return XDP_PASS;
}`);
    assert.ok('program' in barrier, 'a compiler barrier is fine');
  });

  it('names unknown programs and map types it cannot model', async () => {
    const none = await prepareText(`${HEADERS}SEC("xdp") int f(struct xdp_md *ctx) { return XDP_PASS; }`, 'g');
    assert.ok('error' in none);
    assert.match(none.error, /no program named 'g' \(programs: f\)/);
    const sockmap = await prepareText(`${HEADERS}struct { __uint(type, BPF_MAP_TYPE_SOCKMAP); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } socks SEC(".maps");
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&socks, &k) ? XDP_DROP : XDP_PASS;
}`);
    assert.ok('error' in sockmap);
    assert.match(sockmap.error, /map 'socks' has type BPF_MAP_TYPE_SOCKMAP, which the interpreter does not model/);
  });

  it('prepares only what the program reaches: another program\'s helpers do not matter', async () => {
    const text = `${HEADERS}SEC("tc") int t(struct __sk_buff *skb)
{
	__u8 b[2];
	return bpf_skb_load_bytes(skb, 0, b, 2);
}
SEC("xdp") int x(struct xdp_md *ctx) { return XDP_PASS; }`;
    const r = await prepareText(text, 'x');
    assert.ok('program' in r);
    assert.equal(runPacket(r.program, new Uint8Array(20)).action, 'XDP_PASS');
  });

  it('takes initial contents, keeps maps across packets and dumps them', async () => {
    const text = `${HEADERS}struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u16); __type(value, __u64); } hits SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } pc SEC(".maps");
__u64 total;
const volatile __u32 step = 1;
SEC("xdp") int f(struct xdp_md *ctx)
{
	__u16 k = ctx->rx_queue_index;
	__u32 z = 1;
	__u64 *v = bpf_map_lookup_elem(&hits, &k);
	__u32 *c = bpf_map_lookup_elem(&pc, &z);
	if (c)
		*c += step;
	total += step;
	if (!v)
		return XDP_DROP;
	*v += step;
	return XDP_PASS;
}`;
    const prog = await programFromText(text, undefined, { maps: { hits: [['0300', '0a00000000000000']], '.rodata': [['00000000', '02000000']] } });
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 3 }).action, 'XDP_PASS');
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 3 }).action, 'XDP_PASS');
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 4 }).action, 'XDP_DROP');
    const dump = dumpMaps(prog);
    assert.deepEqual(dump.hits, [['0300', '0e00000000000000']]);
    assert.deepEqual(dump.pc, [['00000000', '0000000000000000'], ['01000000', '0600000000000000']]);
    assert.deepEqual(dump['.bss'], [['00000000', '0600000000000000']]);
    assert.deepEqual(dump['.rodata'], [['00000000', '02000000']]);
    assert.deepEqual(initMaps(prog, { hits: [['04', '00']], nope: [] }), [
      'hits: key is 1 bytes, expected 2',
      'nope: no such map',
    ]);
    assert.deepEqual(initMaps(prog, { hits: [['0400', '0100000000000000']] }), []);
    assert.equal(runPacket(prog, new Uint8Array(20), { rxQueue: 4 }).action, 'XDP_PASS');
    const bad = await prepareText(text, undefined, { maps: { hits: [['0300', 'zz']] } });
    assert.ok('error' in bad);
    assert.match(bad.error, /map contents rejected: hits: entry \["0300","zz"\] is not \[key hex, value hex\]/);
  });
});
