// GNU asm statements doing ALU work on register operands are lowered to IR (so the verifier and interpreter see
// them); other asm stays opaque. Values are checked against what the BPF instructions compute, and against the
// kernel running the clang build of the same program when it is available.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dumpMaps, prepareProgram, runPacket } from '../../src/engine/interp';
import { compileText } from '../support/frontend';
import { differential } from '../interp/differential';
import { kernelOracleUnavailable } from '../interp/kernel-oracle';

const SRC = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} out SEC(".maps");

static __always_inline void put(__u32 k, __u64 v)
{
	bpf_map_update_elem(&out, &k, &v, BPF_ANY);
}

SEC("xdp")
int alu(struct xdp_md *ctx)
{
	__u64 len = ctx->data_end - ctx->data;
	__u64 a = len, b = 100, c = 0, d;
	__s64 e = -64;
	__u32 w = 0xffffffff;

	asm("%0 -= %1" : "+r"(a) : "r"(b));
	asm("%0 = %1\\n%0 <<= 3" : "=r"(c) : "r"(len));
	asm("%0 s>>= 2" : "+r"(e));
	asm volatile("%0 += 1" : "+r"(w));
	asm("%0 = 7; %0 *= %1" : "=r"(d) : "r"(len));
	asm volatile("" ::: "memory");
	put(0, a);
	put(1, c);
	put(2, (__u64)e);
	put(3, w);
	put(4, d);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
`;

const le64 = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, v));
  return b.toString('hex');
};

describe('inline asm', () => {
  it('lowers ALU statements on register operands to IR and leaves barriers opaque', async () => {
    const fr = await compileText(SRC);
    assert.deepEqual(fr.diagnostics.filter(d => d.severity === 'error'), []);
    const fn = fr.module.functions.find(f => f.name === 'alu')!;
    const asm = fn.blocks.flatMap(b => b.insts).filter(i => i.op === 'asm');
    assert.deepEqual(asm.map(i => (i as { text: string }).text), ['']);
  });

  it('computes what the BPF instructions compute', async () => {
    const fr = await compileText(SRC);
    const prep = prepareProgram(fr.module, 'alu', { files: fr.pp.files });
    if ('error' in prep) assert.fail(prep.error);
    const r = runPacket(prep.program, new Uint8Array(60));
    assert.equal(r.error, undefined);
    const got = Object.fromEntries(dumpMaps(prep.program).out);
    // len = 60: 60 - 100 wraps as a 64-bit register; 60 << 3; -64 >> 2 arithmetic; the u32 wraps when stored
    // back; 7 * 60.
    assert.equal(got['00000000'], le64(60n - 100n));
    assert.equal(got['01000000'], le64(480n));
    assert.equal(got['02000000'], le64(-16n));
    assert.equal(got['03000000'], le64(0n));
    assert.equal(got['04000000'], le64(420n));
  });

  it('agrees with the kernel', async function () {
    const why = kernelOracleUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xdp-lab-asm-')), 'asm.c');
    fs.writeFileSync(file, SRC);
    const r = await differential(file, 'alu', [new Uint8Array(60), new Uint8Array(200), new Uint8Array(14)]);
    assert.deepEqual(r.problems, []);
    assert.equal(r.compared, 3);
  });
});
