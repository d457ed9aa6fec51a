// Framing non-Ethernet captures as Ethernet: tshark must see the same network-layer packets in our Ethernet
// version of each file, behind the documented synthetic header.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EthernetFramer, PcapWriter, toEthernet, type FramingInput } from '../../src/engine/pcap';
import { SHARED_PCAPS, hasTshark, readWhole } from './helpers';

const NET_FIELDS = ['ip.src', 'ip.dst', 'ip.len', 'ipv6.src', 'ipv6.dst', 'ipv6.plen', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'];

function fields(file: string, names: string[]): string[][] {
  const r = spawnSync('tshark', ['-r', file, '-T', 'fields', ...names.flatMap(n => ['-e', n])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd().split('\n').map(l => l.split('\t'));
}

function input(linkType: number, bytes: number[] | Buffer): FramingInput {
  const buffer = Uint8Array.from(bytes);
  return { linkType, capLen: buffer.length, buffer, dataOffset: 0 };
}

describe('toEthernet', () => {
  const files = [
    'tcp-handshake-nano.pcap', // SLL
    'simple_http_sll2.pcap', // SLL2 with 6-byte addresses
    'LINKTYPE_RAW_ipv4.pcap',
    'LINKTYPE_IPV6.pcap',
    'pcapng-test-generator/output_le/basic/test006.pcapng', // NULL + Ethernet
    'pcapng-test-generator/output_le/difficult/test202.pcapng',
  ];

  for (const rel of files) {
    it(`frames ${rel} so tshark sees the same packets`, function () {
      const file = path.join(SHARED_PCAPS, rel);
      if (!fs.existsSync(file)) this.skip();
      if (!hasTshark()) {
        console.log('      (skipped: tshark not installed)');
        this.skip();
      }
      const records = readWhole(fs.readFileSync(file)).records;
      const framer = new EthernetFramer();
      const chunks: Uint8Array[] = [];
      const w = new PcapWriter(c => chunks.push(c.slice()), { nanosecond: true });
      const synthesized: boolean[] = [];
      for (const rec of records) {
        assert.ok(framer.convert(rec), framer.reason);
        synthesized.push(framer.synthesized);
        assert.equal(framer.synthesized, rec.linkType !== 1);
        w.write({ tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: framer.frame, origLen: rec.origLen + framer.frame.length - rec.capLen });
      }
      w.end();
      const tmp = path.join(os.tmpdir(), `xdp-lab-eth-${process.pid}.pcap`);
      fs.writeFileSync(tmp, Buffer.concat(chunks));
      try {
        const before = fields(file, [...NET_FIELDS, 'sll.src.eth', 'sll.halen', 'sll.etype', 'ip.version', 'eth.type']);
        const after = fields(tmp, [...NET_FIELDS, 'eth.dst', 'eth.src', 'eth.type']);
        // tshark lists pcapng custom blocks as frames too: keep the rows of real packets (all have an IP layer).
        const rowsBefore = before.filter(r => r[0] !== '' || r[3] !== '');
        assert.equal(rowsBefore.length, records.length);
        assert.equal(after.length, records.length);
        records.forEach((rec, i) => {
          const a = after[i];
          const b = rowsBefore[i];
          assert.deepEqual(a.slice(0, NET_FIELDS.length), b.slice(0, NET_FIELDS.length), `packet ${i + 1}: network layer`);
          const [dst, src, type] = a.slice(NET_FIELDS.length);
          if (!synthesized[i]) {
            assert.equal(type, b[NET_FIELDS.length + 4], `packet ${i + 1}: Ethernet header kept`);
            return;
          }
          const [sllSrc, halen, sllType, ipVersion] = b.slice(NET_FIELDS.length);
          assert.equal(dst, '02:00:00:00:00:02');
          assert.equal(src, halen === '6' ? sllSrc : '02:00:00:00:00:01');
          const expectType = sllType !== '' ? sllType : ipVersion === '4' ? '0x0800' : '0x86dd';
          assert.equal(type, expectType, `packet ${i + 1}: EtherType`);
        });
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    });
  }

  it('returns Ethernet frames as views, without a copy', () => {
    const buffer = new Uint8Array(100);
    const f = new EthernetFramer();
    assert.ok(f.convert({ linkType: 1, capLen: 60, buffer, dataOffset: 20 }));
    assert.equal(f.synthesized, false);
    assert.equal(f.frame.buffer, buffer.buffer);
    assert.equal(f.frame.byteOffset, 20);
    assert.equal(f.frame.length, 60);
  });

  it('raw IP: version nibble for 101, link type for 228/229', () => {
    const v4 = [0x45, 0, 0, 20];
    const r = toEthernet(input(101, v4));
    assert.ok(r.ok && r.synthesized);
    assert.deepEqual([...r.frame], [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, ...v4]);
    const r6 = toEthernet(input(101, [0x60, 0, 0, 0]));
    assert.ok(r6.ok && r6.frame[12] === 0x86 && r6.frame[13] === 0xdd);
    const bad = toEthernet(input(101, [0x50, 0, 0, 0]));
    assert.ok(!bad.ok && bad.reason.includes('IP version 5'));
    assert.ok(!toEthernet(input(101, [])).ok);
    const forced = toEthernet(input(229, [0x45]));
    assert.ok(forced.ok && forced.frame[12] === 0x86, 'LINKTYPE_IPV6 takes the type from the link type');
    const v4lt = toEthernet(input(228, [0x60]));
    assert.ok(v4lt.ok && v4lt.frame[12] === 0x08);
  });

  it('loopback: host-order NULL (either order) and network-order LOOP', () => {
    const le = toEthernet(input(0, [2, 0, 0, 0, 0x45]));
    const be = toEthernet(input(0, [0, 0, 0, 2, 0x45]));
    const loop6 = toEthernet(input(108, [0, 0, 0, 30, 0x60]));
    const darwin6 = toEthernet(input(0, [30, 0, 0, 0, 0x60]));
    const bsd6 = toEthernet(input(0, [24, 0, 0, 0, 0x60]));
    const fbsd6 = toEthernet(input(0, [28, 0, 0, 0, 0x60]));
    for (const [r, type] of [[le, 0x0800], [be, 0x0800], [loop6, 0x86dd], [darwin6, 0x86dd], [bsd6, 0x86dd], [fbsd6, 0x86dd]] as const) {
      assert.ok(r.ok, 'reason' in r ? r.reason : '');
      assert.equal((r.frame[12] << 8) | r.frame[13], type);
      assert.equal(r.frame.length, 15);
    }
    const other = toEthernet(input(0, [7, 0, 0, 0, 0x45]));
    assert.ok(!other.ok && other.reason.includes('family 7'));
    assert.ok(!toEthernet(input(108, [0, 0])).ok);
  });

  it('Linux cooked: protocol field, own 6-byte source address, 802.2 as a length, netlink refused', () => {
    const sll = (hatype: number, halen: number, protocol: number, payload: number[]): number[] =>
      [0, 0, hatype >> 8, hatype & 0xff, 0, halen, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0, 0, protocol >> 8, protocol & 0xff, ...payload];
    const arp = toEthernet(input(113, sll(1, 6, 0x0806, [0, 1])));
    assert.ok(arp.ok);
    assert.deepEqual([...arp.frame], [2, 0, 0, 0, 0, 2, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x08, 0x06, 0, 1]);
    const noAddr = toEthernet(input(113, sll(772, 0, 0x86dd, [0x60])));
    assert.ok(noAddr.ok);
    assert.deepEqual([...noAddr.frame.subarray(6, 14)], [2, 0, 0, 0, 0, 1, 0x86, 0xdd]);
    const llc = toEthernet(input(113, sll(1, 6, 4, [0x42, 0x42, 3])));
    assert.ok(llc.ok);
    assert.deepEqual([...llc.frame.subarray(12, 14)], [0, 3], '802.3 length field');
    assert.ok(!toEthernet(input(113, sll(824, 0, 0x0800, [0]))).ok, 'netlink');
    assert.ok(!toEthernet(input(113, sll(1, 6, 0x0010, [0]))).ok, 'not an EtherType');
    assert.ok(!toEthernet(input(113, [0, 0, 0])).ok, 'short header');
    const sll2 = [0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x45];
    const r2 = toEthernet(input(276, sll2));
    assert.ok(r2.ok);
    assert.deepEqual([...r2.frame], [2, 0, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 0x08, 0x00, 0x45]);
  });

  it('names an unsupported link type', () => {
    const r = toEthernet(input(105, [0]));
    assert.ok(!r.ok && r.reason.includes('link type 105'));
  });
});
