// The lean per-packet path: runFrame reads packets in place from one big buffer (as from a capture reader's
// chunk) and must answer exactly what runPacket answers for the same bytes, in either mode; its outputs are
// read afterwards from program.frame.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { MAX_PACKET, runFrame, runPacket, toHex } from '../../src/engine/interp';
import type { PreparedProgram } from '../../src/engine/interp';
import { compileFile, compileText } from '../support/frontend';
import { prepareBoth } from './fast-compare';
import { readPcapRecords } from './pcap-lite';

const records = readPcapRecords(fs.readFileSync('examples/captures/mixed.pcap'));

/** All packets back to back in one buffer, each at an odd offset behind a few bytes of junk. */
function packed(): { buf: Uint8Array; at: number[] } {
  const at: number[] = [];
  let n = 0;
  for (const r of records) n += r.data.length + 7;
  const buf = new Uint8Array(n).fill(0xa5);
  let o = 0;
  for (const r of records) {
    o += 7;
    at.push(o);
    buf.set(r.data, o);
    o += r.data.length;
  }
  return { buf, at };
}

function frameText(p: PreparedProgram): string {
  const f = p.frame;
  const skb = f.skb();
  return JSON.stringify({
    retval: f.retval, action: f.action, data: toHex(f.dataOut()), meta: toHex(f.metaOut()), printk: f.printk,
    events: f.events.length, redirect: f.redirect(), skb: skb ? { ...skb, tstamp: String(skb.tstamp) } : undefined, error: f.error, steps: f.steps,
  });
}

function packetText(p: PreparedProgram, data: Uint8Array, tsNs: bigint): string {
  const r = runPacket(p, data, { tsNs });
  return JSON.stringify({
    retval: r.retval, action: r.action, data: toHex(r.dataOut), meta: toHex(r.metaOut), printk: r.printk,
    events: r.events.length, redirect: r.redirect, skb: r.skb ? { ...r.skb, tstamp: String(r.skb.tstamp) } : undefined, error: r.error, steps: r.steps,
  });
}

describe('runFrame: the lean per-packet path', function () {
  this.timeout(60_000);
  const { buf, at } = packed();

  for (const [file, name] of [
    ['examples/mac_swap_tx.c', 'xdp_mac_swap'], ['examples/vlan_strip.c', 'xdp_vlan_strip'], ['examples/printk_trace.c', undefined],
    ['examples/tc_mark.c', 'tc_mark'], ['examples/tc_ttl_rewrite.c', undefined], ['examples/icmp_echo_reply.c', undefined],
  ] as const) {
    it(`${file}: same answers as runPacket, fast and traced`, async () => {
      const fr = await compileFile(file);
      const program = name ?? fr.module.programs[0].name;
      const a = prepareBoth(fr, program);
      const b = prepareBoth(fr, program);
      const before = buf.slice();
      for (const mode of ['fast', 'traced'] as const) {
        records.forEach((r, i) => {
          const sec = Number(r.tsNs / 1_000_000_000n);
          const nsec = Number(r.tsNs % 1_000_000_000n);
          const retval = runFrame(a[mode], buf, at[i], r.data.length, sec, nsec);
          assert.equal(retval, a[mode].frame.retval);
          assert.equal(frameText(a[mode]), packetText(b[mode], r.data, r.tsNs), `${mode} packet ${i + 1}`);
        });
      }
      // Packets are run in place until written: the caller's buffer itself is never changed.
      assert.ok(Buffer.from(buf).equals(Buffer.from(before)), 'runFrame wrote into the caller\'s buffer');
    });
  }

  it('copies a lent packet before the first write, whatever does the writing', async () => {
    // Reads, then writes by store, memmove, atomic and helpers, each after the packet was read in place.
    const fr = await compileText(`#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp") int writer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	if (data + 64 > end)
		return XDP_DROP;
	__u8 first = p[0];
	switch (first % 6) {
	case 0: p[1] = p[2] + 1; break;
	case 1: __builtin_memmove(p + 4, p + 2, 16); break;
	case 2: __sync_fetch_and_add((__u32 *)(p + 8), 7); break;
	case 3: { __u8 tmp[8] = {1, 2, 3, 4, 5, 6, 7, 8}; bpf_xdp_store_bytes(ctx, 3, tmp, 8); break; }
	case 4: bpf_xdp_adjust_head(ctx, 2); data = (void *)(long)ctx->data; end = (void *)(long)ctx->data_end; if (data + 4 <= end) *(__u16 *)data = 0xbeef; break;
	default: break;
	}
	return first & 1 ? XDP_TX : XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";`);
    const a = prepareBoth(fr, 'writer');
    const b = prepareBoth(fr, 'writer');
    const c = prepareBoth(fr, 'writer');
    // After a lent packet had to be copied, the next 32 are copied right away: 33 packets that only read
    // follow each writer, so every kind of write meets a lent packet.
    const long = records.filter(r => r.data.length >= 64);
    const packets: Uint8Array[] = [];
    for (let k = 0; k < 10; k++) {
      for (let j = 0; j < 34; j++) {
        const d = long[(k * 34 + j) % long.length].data.slice();
        d[0] = j === 0 ? k : 5;
        packets.push(d);
      }
    }
    const big = new Uint8Array(packets.reduce((n, d) => n + d.length + 3, 0));
    const at: number[] = [];
    let o = 0;
    for (const d of packets) {
      o += 3;
      at.push(o);
      big.set(d, o);
      o += d.length;
    }
    const before = big.slice();
    for (const mode of ['fast', 'traced'] as const) {
      packets.forEach((d, i) => {
        runFrame(a[mode], big, at[i], d.length);
        const want = packetText(b[mode], d, 0n);
        assert.equal(frameText(a[mode]), want, `${mode} packet ${i + 1}`);
        // runPacket on a view into the big buffer (lent as that buffer at the view's offset) answers the same.
        assert.equal(packetText(c[mode], big.subarray(at[i], at[i] + d.length), 0n), want, `${mode} view ${i + 1}`);
      });
    }
    assert.ok(Buffer.from(big).equals(Buffer.from(before)), 'the caller\'s buffer changed');
  });

  it('refuses a packet too big to model without running it', async () => {
    const fr = await compileFile('examples/xdp_pass.c');
    const { fast } = prepareBoth(fr, 'xdp_pass');
    const big = new Uint8Array(MAX_PACKET + 1);
    assert.equal(runFrame(fast, big, 0, big.length), 0);
    assert.match(fast.frame.error?.message ?? '', /larger than/);
    assert.equal(fast.frame.dataOut().length, 0);
    assert.equal(fast.frame.steps, 0);
    assert.equal(runFrame(fast, buf, at[0], records[0].data.length), 2);
    assert.equal(fast.frame.error, undefined);
    assert.equal(toHex(fast.frame.dataOut()), toHex(records[0].data));
  });

  it('hands the capture time to the clock helpers without a BigInt from the caller', async () => {
    const fr = await compileText(`#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
SEC("xdp") int clock(struct xdp_md *ctx) { __u64 t = bpf_ktime_get_ns(); return (t / 1000) % 1000; }
char LICENSE[] SEC("license") = "GPL";`);
    const { fast } = prepareBoth(fr, 'clock');
    assert.equal(runFrame(fast, buf, at[0], records[0].data.length, 1_700_000_000, 123_456_789), 456);
  });
});
