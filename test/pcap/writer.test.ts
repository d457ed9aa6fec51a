// Writers: what we write reads back identically (with our reader and with tshark), and pcapng verdicts, packet
// ids, comments and interface names show up in Wireshark's fields.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PcapWriter, PcapngWriter, readPacketOptions, type PcapngPacket } from '../../src/engine/pcap';
import { SHARED_PCAPS, hasTshark, readWhole, tsharkFrames } from './helpers';
import { frame } from './build';

function collect(): { sink: (c: Uint8Array) => void; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  return { sink: c => chunks.push(Buffer.from(c)), bytes: () => Buffer.concat(chunks) };
}

function withTempFile<T>(name: string, bytes: Uint8Array, use: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `xdp-lab-${process.pid}-${name}`);
  fs.writeFileSync(file, bytes);
  try {
    return use(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function sourcePackets(): { tsSec: number; tsNsec: number; data: Uint8Array; origLen: number }[] {
  const file = path.join(SHARED_PCAPS, 'mptcp-v0.pcap');
  if (fs.existsSync(file)) return readWhole(fs.readFileSync(file)).records.map(r => ({ tsSec: r.tsSec, tsNsec: r.tsNsec, data: r.data, origLen: r.origLen }));
  return Array.from({ length: 50 }, (_, i) => ({ tsSec: 1700000000 + i, tsNsec: i * 1234567, data: frame(i, 60 + i * 7), origLen: 60 + i * 7 }));
}

describe('writers', () => {
  const packets = sourcePackets();
  // A few awkward ones: the largest second a u32 holds, a cut packet, a 1-byte packet, an empty one.
  packets.push({ tsSec: 4294967295, tsNsec: 999999999, data: frame(1, 100), origLen: 1500 });
  packets.push({ tsSec: 0, tsNsec: 1, data: Uint8Array.of(7), origLen: 1 });
  packets.push({ tsSec: 1, tsNsec: 0, data: new Uint8Array(0), origLen: 0 });

  for (const nanosecond of [false, true]) {
    for (const bigEndian of [false, true]) {
      it(`pcap round trip (${nanosecond ? 'ns' : 'µs'}, ${bigEndian ? 'big' : 'little'}-endian)`, () => {
        const out = collect();
        const w = new PcapWriter(out.sink, { nanosecond, bigEndian, bufferSize: 4096 });
        for (const p of packets) w.write(p);
        w.end();
        const back = readWhole(out.bytes());
        assert.equal(back.error, undefined);
        assert.equal(back.records.length, packets.length);
        back.records.forEach((r, i) => {
          const p = packets[i];
          const nsec = nanosecond ? p.tsNsec : Math.floor(p.tsNsec / 1000) * 1000;
          assert.deepEqual([r.tsSec, r.tsNsec, r.origLen, r.capLen], [p.tsSec, nsec, p.origLen, p.data.length], `packet ${i + 1}`);
          assert.deepEqual(Buffer.from(r.data), Buffer.from(p.data));
        });
      });
    }
  }

  it('gives the sink the same bytes whatever the buffer size', () => {
    const small = collect();
    const big = collect();
    let calls = 0;
    const ws = new PcapWriter(c => { calls++; small.sink(c); }, { bufferSize: 64 });
    const wb = new PcapWriter(big.sink);
    for (const p of packets) {
      ws.write(p);
      wb.write(p);
    }
    ws.end();
    wb.end();
    assert.ok(calls > 10, 'small buffer flushed many times');
    assert.deepEqual(small.bytes(), big.bytes());
  });

  const ngPackets: PcapngPacket[] = [
    { tsSec: 1700000000, tsNsec: 123456789, data: frame(1), interfaceId: 0, verdict: { hook: 'xdp', action: 1 }, packetId: 1 },
    { tsSec: 1700000000, tsNsec: 223456789, data: frame(2, 61), interfaceId: 0, verdict: { hook: 'xdp', action: 2 }, packetId: 2, comment: 'passed: TCP SYN' },
    { tsSec: 1700000001, tsNsec: 0, data: frame(3, 62), interfaceId: 1, verdict: { hook: 'tc', action: -1 }, packetId: 3n, comment: 'é ✓ 😀' },
    { tsSec: 1700000002, tsNsec: 5, data: frame(4, 63), origLen: 1514, interfaceId: 1, verdict: { hook: 'tc', action: 2 } },
    { tsSec: 1700000003, tsNsec: 999999999, data: frame(5), interfaceId: 0, packetId: 2n ** 63n + 5n },
    { tsSec: 1700000004, tsNsec: 0, data: frame(6) },
  ];
  const interfaces = [{ name: 'xdp:eth0' }, { name: 'tc-ingress:eth0', description: 'TC hook' }];

  for (const bigEndian of [false, true]) {
    it(`pcapng round trip with verdicts, packet ids and comments (${bigEndian ? 'big' : 'little'}-endian)`, () => {
      const out = collect();
      const w = new PcapngWriter(out.sink, { interfaces, bigEndian, bufferSize: 100 });
      for (const p of ngPackets) assert.ok(w.write(p));
      w.end();
      const r = readWhole(out.bytes());
      assert.equal(r.error, undefined);
      assert.equal(r.records.length, ngPackets.length);
      r.records.forEach((rec, i) => {
        const p = ngPackets[i];
        assert.deepEqual([rec.tsSec, rec.tsNsec, rec.interfaceId, rec.capLen, rec.origLen], [p.tsSec, p.tsNsec, p.interfaceId ?? 0, p.data.length, p.origLen ?? p.data.length]);
        assert.deepEqual(Buffer.from(rec.data), Buffer.from(p.data));
        const o = readPacketOptions(rec);
        assert.deepEqual(o.verdicts.map(v => [v.type, v.action]), p.verdict ? [[p.verdict.hook === 'xdp' ? 2 : 1, BigInt(p.verdict.action)]] : []);
        assert.deepEqual(o.packetId, p.packetId === undefined ? undefined : BigInt(p.packetId));
        assert.deepEqual(o.comments, p.comment ? [p.comment] : []);
      });
    });
  }

  it('refuses a packet for an interface it has not described', () => {
    const out = collect();
    const w = new PcapngWriter(out.sink, { interfaces: [{ name: 'x' }] });
    assert.equal(w.write({ tsSec: 0, tsNsec: 0, data: frame(1), interfaceId: 1 }), false);
    w.end();
    assert.equal(readWhole(out.bytes()).records.length, 0);
  });

  it('tshark reads our pcapng: verdicts, packet ids, comments, interface names, times', function () {
    if (!hasTshark()) {
      console.log('      (skipped: tshark not installed)');
      this.skip();
    }
    const out = collect();
    const w = new PcapngWriter(out.sink, { interfaces });
    for (const p of ngPackets) w.write(p);
    w.end();
    const names = ['frame.number', 'frame.verdict.ebpf_xdp', 'frame.verdict.ebpf_tc', 'frame.packet_id', 'frame.comment', 'frame.interface_name', 'frame.time_epoch', 'frame.len', 'frame.cap_len'];
    const rows = withTempFile('verdicts.pcapng', out.bytes(), file => {
      const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-E', 'separator=|', ...names.flatMap(n => ['-e', n])], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trimEnd().split('\n').map(l => l.split('|'));
    });
    assert.deepEqual(rows, [
      ['1', '1', '', '1', '', 'xdp:eth0', '1700000000.123456789', '60', '60'],
      ['2', '2', '', '2', 'passed: TCP SYN', 'xdp:eth0', '1700000000.223456789', '61', '61'],
      ['3', '', '-1', '3', 'é ✓ 😀', 'tc-ingress:eth0', '1700000001.000000000', '62', '62'],
      ['4', '', '2', '', '', 'tc-ingress:eth0', '1700000002.000000005', '1514', '63'],
      ['5', '', '', '9223372036854775813', '', 'xdp:eth0', '1700000003.999999999', '60', '60'],
      ['6', '', '', '', '', 'xdp:eth0', '1700000004.000000000', '60', '60'],
    ]);
  });

  it('tshark reads our classic pcap like the original', function () {
    if (!hasTshark()) this.skip();
    const out = collect();
    const w = new PcapWriter(out.sink, { nanosecond: true });
    const some = packets.slice(0, 40);
    for (const p of some) w.write(p);
    w.end();
    const frames = withTempFile('copy.pcap', out.bytes(), file => tsharkFrames(file).frames);
    assert.equal(frames.length, some.length);
    frames.forEach((f, i) => {
      assert.deepEqual([f.sec, f.nsec, f.len, f.capLen], [some[i].tsSec, some[i].tsNsec, some[i].origLen, some[i].data.length]);
      assert.deepEqual(f.raw, Buffer.from(some[i].data));
    });
  });
});
