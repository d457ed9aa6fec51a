// The verifier on small programs: every form of bounds check proves what the kernel's rules say it proves,
// checks made in inline helpers count in the caller, helpers invalidate packet pointers, states are shown for
// hovers, fixes are offered, and the exploration stays small where states converge.

import { strict as assert } from 'assert';
import { stateAt, verifyModule, type ProgramVerdict, type VerifyOptions } from '../../src/engine/verifier';
import { compileText } from '../support/frontend';

const FILE = '/src/t.c';
const HEAD = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } m SEC(".maps");
`;

async function verify(body: string, opts: VerifyOptions = {}): Promise<ProgramVerdict & { src: string }> {
  const src = `${HEAD}SEC("xdp")\nint prog(struct xdp_md *ctx)\n{\n${body}\n}\n`;
  const fr = await compileText(src, FILE);
  const errors = fr.diagnostics.filter(d => d.severity === 'error');
  assert.deepEqual(errors.map(d => d.message), [], 'front end errors');
  const p = verifyModule(fr.module, { source: f => (f === FILE ? src : undefined), ...opts }).programs[0];
  return { ...p, src };
}

const codes = (p: ProgramVerdict): string[] => p.diagnostics.filter(d => d.severity === 'error').map(d => d.code);

const PKT = `\tunsigned char *end = (void *)(long)ctx->data_end;\n\tunsigned char *p = (void *)(long)ctx->data;\n`;

describe('verifier: packet ranges from comparisons', () => {
  // [condition that leaves the function, bytes it proves]: a strict "p + n < end" proves one byte more.
  const forms: Array<[string, number]> = [
    ['p + 14 > end', 14],
    ['p + 14 >= end', 15],
    ['end < p + 14', 14],
    ['end <= p + 14', 15],
    ['!(p + 14 <= end)', 14],
    ['!(p + 14 < end)', 15],
    ['!(end >= p + 14)', 14],
    ['(void *)(p + 14) > (void *)end', 14],
  ];
  for (const [cond, proven] of forms) {
    it(`if (${cond}) return; proves ${proven} bytes`, async () => {
      const ok = await verify(`${PKT}\tif (${cond})\n\t\treturn XDP_DROP;\n\treturn p[${proven - 1}];`);
      assert.deepEqual(codes(ok), []);
      const bad = await verify(`${PKT}\tif (${cond})\n\t\treturn XDP_DROP;\n\treturn p[${proven}];`);
      assert.deepEqual(codes(bad), ['VERIFY_PACKET_BOUNDS']);
    });
  }

  it('proves the range on the branch where the access sits', async () => {
    const ok = await verify(`${PKT}\tif (p + 4 <= end)\n\t\treturn p[3];\n\treturn XDP_PASS;`);
    assert.deepEqual(codes(ok), []);
    const bad = await verify(`${PKT}\tif (p + 4 > end)\n\t\treturn p[3];\n\treturn XDP_PASS;`);
    assert.deepEqual(codes(bad), ['VERIFY_PACKET_BOUNDS']);
  });

  it('a signed comparison (through long) proves nothing, as in the kernel', async () => {
    const p = await verify(`${PKT}\tif ((long)p + 4 > (long)end)\n\t\treturn XDP_DROP;\n\treturn p[0];`);
    assert.deepEqual(codes(p), ['VERIFY_PACKET_BOUNDS']);
  });

  it('shares the range with every copy of the pointer', async () => {
    const p = await verify(`${PKT}\tunsigned char *q = p;\n\tif (p + 8 > end)\n\t\treturn XDP_DROP;\n\treturn q[7];`);
    assert.deepEqual(codes(p), []);
  });

  it('proves a variable offset once the moved pointer is checked', async () => {
    const body = `${PKT}\tif (p + 1 > end)\n\t\treturn XDP_DROP;\n\tunsigned char *q = p + (p[0] & 15) * 4;\n\tif (q + 2 > end)\n\t\treturn XDP_DROP;\n\treturn q[1];`;
    assert.deepEqual(codes(await verify(body)), []);
  });

  it('counts a check made in an inline helper, handed back through a ** out-parameter', async () => {
    const src = `${HEAD}
static __always_inline int pull(void **pos, void *end, int len, void **hdr)
{
	if (*pos + len > end)
		return -1;
	*hdr = *pos;
	*pos += len;
	return 0;
}
SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *pos = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth;
	struct iphdr *iph;

	if (pull(&pos, end, sizeof(*eth), (void **)&eth) < 0)
		return XDP_DROP;
	if (pull(&pos, end, sizeof(*iph), (void **)&iph) < 0)
		return XDP_DROP;
	return iph->protocol == 6 ? eth->h_proto & 1 : XDP_PASS;
}
`;
    const fr = await compileText(src, FILE);
    const p = verifyModule(fr.module).programs[0];
    assert.deepEqual(codes(p), []);
  });

  it('reports an access in an inline helper with the call chain', async () => {
    const src = `${HEAD}
static __always_inline int first(unsigned char *p)
{
	return p[0];
}
SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return first((void *)(long)ctx->data);
}
`;
    const fr = await compileText(src, FILE);
    const d = verifyModule(fr.module).programs[0].diagnostics.find(x => x.code === 'VERIFY_PACKET_BOUNDS');
    assert.ok(d, 'no packet error');
    assert.ok(d.related.some(r => r.message === 'first called from prog here' && src.slice(r.range.start, r.range.end).startsWith('first(')));
  });
});

describe('verifier: helpers and pointers', () => {
  it('invalidates packet pointers after bpf_xdp_adjust_head, including spilled ones', async () => {
    const body = `${PKT}\tunsigned char *saved[1];\n\tif (p + 14 > end)\n\t\treturn XDP_DROP;\n\tsaved[0] = p;\n\tbpf_xdp_adjust_head(ctx, 0);\n\treturn saved[0][0];`;
    assert.deepEqual(codes(await verify(body)), ['VERIFY_STALE_PACKET_POINTER']);
  });

  it('refines every copy of a lookup result at its NULL check', async () => {
    const body = `\t__u32 k = 1;\n\t__u64 *v = bpf_map_lookup_elem(&m, &k);\n\t__u64 *w = v;\n\tif (!w)\n\t\treturn XDP_PASS;\n\treturn *v & 1;`;
    assert.deepEqual(codes(await verify(body)), []);
  });

  it('carries what a branch learns about a number to its other copies and to reloads from the stack', async () => {
    const body = `\t__u32 idx = ctx->rx_queue_index;\n\t__u32 k = 0;\n\t__u64 *v = bpf_map_lookup_elem(&m, &k);\n\t__u32 *pi = &idx;\n\tif (!v || *pi >= 1)\n\t\treturn XDP_PASS;\n\treturn v[*pi] & 1;`;
    assert.deepEqual(codes(await verify(body)), []);
  });
});

describe('verifier: hovers and fixes', () => {
  it('shows the state at a source position', async () => {
    const body = `\tvoid *data_end = (void *)(long)ctx->data_end;\n\tvoid *data = (void *)(long)ctx->data;\n\tstruct iphdr *iph = data + sizeof(struct ethhdr);\n\t__u32 k = 0;\n\t__u64 *val = bpf_map_lookup_elem(&m, &k);\n\n\tif ((void *)(iph + 1) > data_end)\n\t\treturn XDP_DROP;\n\tif (iph->ttl < 2 || !val)\n\t\treturn XDP_DROP;\n\treturn *val & 1;`;
    const p = await verify(body, { recordStates: true });
    const at = (needle: string) => stateAt(p, FILE, p.src.indexOf(needle)) ?? [];
    assert.ok(at('iph->ttl').includes('iph: packet+14, proven 34'), at('iph->ttl').join('; '));
    assert.ok(at('iph->ttl').includes('val: map value of m or null'));
    assert.ok(at('*val & 1').includes('val: map value of m'));
    assert.ok(at('*val & 1').includes('data_end: packet_end'));
    assert.equal(stateAt(p, '/elsewhere.c', 0), undefined);
  });

  it('offers the bounds check as an edit before the statement', async () => {
    const body = `\tvoid *data_end = (void *)(long)ctx->data_end;\n\tstruct ethhdr *eth = (void *)(long)ctx->data;\n\n\treturn eth->h_proto & 1;`;
    const p = await verify(body);
    const fix = p.diagnostics[0].fix!;
    assert.equal(fix.newText, '\tif ((void *)eth + 14 > data_end)\n\t\treturn XDP_DROP;\n');
    const fixed = p.src.slice(0, fix.range.start) + fix.newText + p.src.slice(fix.range.end);
    const fr = await compileText(fixed, FILE);
    assert.deepEqual(codes(verifyModule(fr.module).programs[0]), [], 'the fixed program verifies');
  });

  it('offers the NULL check as an edit after the lookup', async () => {
    const body = `\t__u32 k = 0;\n\t__u64 *v = bpf_map_lookup_elem(&m,\n\t\t\t\t&k);\n\treturn *v & 1;`;
    const p = await verify(body);
    const fix = p.diagnostics[0].fix!;
    const fixed = p.src.slice(0, fix.range.start) + fix.newText + p.src.slice(fix.range.end);
    assert.ok(fixed.includes('&k);\n\tif (!v)\n\t\treturn XDP_PASS;\n\treturn *v & 1;'), fixed);
    const fr = await compileText(fixed, FILE);
    assert.deepEqual(codes(verifyModule(fr.module).programs[0]), []);
  });

  it('gives every diagnostic the verifier shape', async () => {
    const p = await verify(`${PKT}\treturn p[0];`);
    const d = p.diagnostics[0];
    assert.equal(d.stage, 'verify');
    assert.equal(d.kernel, 'invalid access to packet, off=0 size=1, R(id=0,off=0,r=0)');
    assert.ok(Array.isArray(d.related));
    assert.equal(p.verdict, 'reject');
  });
});

describe('verifier: exploration', () => {
  it('keeps paths linear when branches only change numbers nothing checks', async () => {
    const ifs = Array.from({ length: 20 }, (_, i) => `\tif (ctx->rx_queue_index & ${1 << i})\n\t\tn += ${i + 1};`).join('\n');
    const p = await verify(`\t__u64 n = 0;\n${ifs}\n\treturn n & 1;`);
    assert.equal(p.verdict, 'accept');
    assert.ok(p.stats.paths < 100, `${p.stats.paths} paths`);
  });

  it('unrolls a loop with a constant bound', async () => {
    const p = await verify(`${PKT}\tint i, s = 0;\n\tfor (i = 0; i < 8; i++) {\n\t\tif (p + i + 1 > end)\n\t\t\tbreak;\n\t\ts += p[i];\n\t}\n\treturn s & 1;`);
    assert.equal(p.verdict, 'accept');
  });

  it('gives up at the step budget and blames the loop', async () => {
    const p = await verify(`\t__u32 i, s = 0, n = ctx->rx_queue_index;\n\tfor (i = 0; i < n; i++)\n\t\ts ^= i;\n\treturn s & 1;`, { maxSteps: 2000 });
    assert.deepEqual(codes(p), ['VERIFY_UNBOUNDED_LOOP']);
    assert.equal(p.stats.aborted, 'budget');
  });

  it('uses .rodata initial values unless told the loader may change them', async () => {
    const src = `${HEAD}const volatile __u32 debug = 0;\nSEC("xdp")\nint prog(struct xdp_md *ctx)\n{\n\tunsigned char *p = (void *)(long)ctx->data;\n\tif (!debug)\n\t\treturn XDP_PASS;\n\treturn p[0];\n}\n`;
    const fr = await compileText(src, FILE);
    const asLoaded = verifyModule(fr.module).programs[0];
    assert.deepEqual(codes(asLoaded), [], 'the access is dead code with debug = 0');
    assert.deepEqual(asLoaded.diagnostics, [], 'and not reported as unreachable: configuration disables it on purpose');
    assert.deepEqual(codes(verifyModule(fr.module, { rodataUnknown: true }).programs[0]), ['VERIFY_PACKET_BOUNDS']);
  });

  it('accepts a program without any instruction worth checking', async () => {
    const p = await verify('\treturn XDP_PASS;');
    assert.equal(p.verdict, 'accept');
    assert.deepEqual(p.diagnostics, []);
  });
});
