// The example programs on the example captures, checked against what each program is documented to do
// (computed here from the packet bytes, not from the interpreter).

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { dumpMaps, runPacket } from '../../src/engine/interp';
import { inetChecksum } from './packets';
import { readPcapRecords } from './pcap-lite';
import { programFromFile } from './run-helpers';

const capture = (name: string) => readPcapRecords(fs.readFileSync(`examples/captures/${name}`));
const type = (p: Uint8Array) => (p.length >= 14 ? (p[12] << 8) | p[13] : -1);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('example programs on the example captures', () => {
  it('udp_port_filter drops the blocked ports and counts them', async () => {
    const prog = await programFromFile('examples/udp_port_filter.c', undefined, {
      maps: { blocked_ports: [['1300', '0000000000000000'], ['0700', '0000000000000000']] },
    });
    const actions = capture('udp_ports.pcap').map(r => runPacket(prog, r.data, { tsNs: r.tsNs }).action);
    // Frames 3 and 4 go to ports 19 and 7; 14-16 are cut short or have IHL 4 (see captures/README.md).
    const dropped = actions.flatMap((a, i) => (a === 'XDP_DROP' ? [i + 1] : []));
    assert.deepEqual(dropped, [3, 4, 14, 15, 16]);
    assert.deepEqual(dumpMaps(prog).blocked_ports, [['0700', '0100000000000000'], ['1300', '0100000000000000']]);
  });

  it('vlan_strip removes the outer tag and nothing else', async () => {
    const prog = await programFromFile('examples/vlan_strip.c');
    for (const { data } of capture('vlan.pcap')) {
      const r = runPacket(prog, data);
      const tagged = type(data) === 0x8100 || type(data) === 0x88a8;
      if (!tagged) {
        assert.equal(r.action, 'XDP_PASS');
        assert.equal(hex(r.dataOut), hex(data));
      } else if (data.length < 18) {
        assert.equal(r.action, 'XDP_DROP');
      } else {
        assert.equal(r.action, 'XDP_PASS');
        assert.equal(hex(r.dataOut), hex(data.subarray(0, 12)) + hex(data.subarray(16)));
      }
    }
  });

  it('mac_swap_tx bounces unicast frames with the addresses swapped', async () => {
    const prog = await programFromFile('examples/mac_swap_tx.c');
    for (const { data } of capture('mixed.pcap')) {
      const r = runPacket(prog, data);
      if (data.length < 14) assert.equal(r.action, 'XDP_DROP');
      else if (data[0] & 1) assert.equal(r.action, 'XDP_PASS');
      else {
        assert.equal(r.action, 'XDP_TX');
        assert.equal(hex(r.dataOut), hex(data.subarray(6, 12)) + hex(data.subarray(0, 6)) + hex(data.subarray(12)));
      }
    }
  });

  it('icmp_echo_reply answers pings with a valid reply', async () => {
    const prog = await programFromFile('examples/icmp_echo_reply.c');
    const recs = capture('icmp_echo.pcap');
    const txs = recs.map(r => runPacket(prog, r.data)).map((r, i) => ({ r, data: recs[i].data })).filter(x => x.r.action === 'XDP_TX');
    assert.equal(txs.length, 2, 'frames 1 and 2 are the unfragmented echo requests');
    for (const { r, data } of txs) {
      const out = r.dataOut;
      const ihl = (data[14] & 0xf) * 4;
      assert.equal(hex(out.subarray(0, 6)), hex(data.subarray(6, 12)));
      assert.equal(hex(out.subarray(26, 30)), hex(data.subarray(30, 34)));
      assert.equal(out[14 + ihl], 0, 'echo reply');
      assert.equal(inetChecksum(out.subarray(14 + ihl)), 0, 'ICMP checksum valid');
      assert.equal(inetChecksum(out.subarray(14, 14 + ihl)), 0, 'IP checksum valid');
    }
  });

  it('printk_trace prints what the kernel would', async () => {
    const prog = await programFromFile('examples/printk_trace.c');
    for (const { data } of capture('mixed.pcap')) {
      const r = runPacket(prog, data);
      let want: string[];
      if (data.length < 14) want = [`runt frame, ${data.length} bytes`];
      else if (type(data) !== 0x0800) want = [`ethertype 0x${type(data).toString(16).padStart(4, '0')}`];
      else if (data.length < 34) want = ['truncated IPv4 header'];
      else {
        want = [
          `ipv4 ${[...data.subarray(26, 30)].join('.')} -> ${[...data.subarray(30, 34)].join('.')}`,
          `  proto ${data[23]} ttl ${data[22]} len ${(data[16] << 8) | data[17]}`,
        ];
      }
      assert.deepEqual(r.printk, want);
    }
  });

  it('tc_mark sets mark and priority from the headers', async () => {
    const prog = await programFromFile('examples/tc_mark.c');
    for (const { data } of capture('mixed.pcap')) {
      const r = runPacket(prog, data);
      if (data.length < 14) {
        assert.equal(r.action, 'TC_ACT_SHOT');
        continue;
      }
      if (type(data) === 0x0800 && data.length >= 34) {
        if (data[22] <= 1) {
          assert.equal(r.action, 'TC_ACT_SHOT', 'TTL run out');
          continue;
        }
        assert.equal(r.skb!.mark, 0x400 | data[23]);
        assert.equal(r.skb!.priority, data[15] >> 2);
      } else if (type(data) === 0x86dd && data.length >= 54) {
        assert.equal(r.skb!.mark, 0x600 | data[20]);
        assert.equal(r.skb!.priority, (((data[14] & 0xf) << 4) | (data[15] >> 4)) >> 2);
      } else if (type(data) !== 0x0800 && type(data) !== 0x86dd) {
        assert.equal(r.skb!.mark, 0xf00);
      }
      assert.ok(r.action === 'TC_ACT_OK' || r.action === 'TC_ACT_SHOT');
    }
  });

  it('tc_ttl_rewrite raises low TTLs and keeps the IPv4 checksum valid', async () => {
    const prog = await programFromFile('examples/tc_ttl_rewrite.c');
    let raised = 0;
    for (const { data } of capture('mixed.pcap')) {
      const r = runPacket(prog, data);
      if (type(data) !== 0x0800 || data.length < 34) continue;
      const out = r.dataOut;
      assert.equal(out[22], Math.max(data[22], 64));
      assert.equal(inetChecksum(out.subarray(14, 14 + (data[14] & 0xf) * 4)), 0);
      if (data[22] < 64) raised++;
    }
    assert.ok(raised >= 3);
  });
});
