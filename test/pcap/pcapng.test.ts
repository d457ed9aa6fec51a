// pcapng corners built by hand: time resolutions and offsets (checked against tshark), sections of both byte
// orders, simple and obsolete packet blocks, skipped blocks, and each kind of damage.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureReader, readPacketOptions } from '../../src/engine/pcap';
import { BE, LE, block, epb, frame, idb, option, shb, spb, tsoffset, tsresol, type Endian } from './build';
import { hasTshark, readChunked, readWhole, recordKey, tsharkFrames } from './helpers';

function expectError(bytes: Buffer, kind: string, packetIndex: number, byteOffset: number, messagePart?: string): void {
  const got = readWhole(bytes);
  assert.ok(got.error, `expected ${kind}, read ${got.records.length} packets cleanly`);
  assert.deepEqual([got.error.kind, got.error.packetIndex, got.error.byteOffset], [kind, packetIndex, byteOffset], got.error.message);
  assert.equal(got.records.length, packetIndex - 1);
  if (messagePart !== undefined) assert.ok(got.error.message.includes(messagePart), got.error.message);
  // The same damage found the same way when the file comes in small pieces.
  const chunked = readChunked(bytes, [3]);
  assert.deepEqual(chunked.error, got.error);
  assert.deepEqual(chunked.records.map(recordKey), got.records.map(recordKey));
}

/** SHB + one Ethernet IDB + one EPB: the prefix most damage cases build on. */
function prefix(e: Endian = LE): Buffer {
  return Buffer.concat([shb(e), idb(e, 1, 0), epb(e, 0, 1000n, frame(1))]);
}

describe('pcapng', () => {
  describe('timestamps', () => {
    const file = Buffer.concat([
      shb(LE),
      idb(LE, 1, 0, [tsresol(0x80 | 20, LE)]), // 2^-20 s
      epb(LE, 0, (1700000000n << 20n) + (1n << 19n) + 3n, frame(1)),
      idb(LE, 1, 0, [tsoffset(1000n, LE)]), // µs, +1000 s
      epb(LE, 1, 5n * 1000000n + 7n, frame(2)),
      idb(LE, 1, 0, [tsresol(3, LE), tsoffset(-5n, LE)]), // ms, -5 s
      epb(LE, 2, 1700000000123n, frame(3)),
      idb(LE, 1, 0, [tsresol(9, LE)]), // ns: a tick count beyond 2^53
      epb(LE, 3, 1700000000123456789n, frame(4)),
      idb(LE, 1, 0, [tsresol(12, LE)]), // ps
      epb(LE, 4, 123456789012345n, frame(5)),
    ]);

    it('match tshark for 2^-20 s, µs with if_tsoffset, ms with a negative offset and ns', function () {
      if (!hasTshark()) {
        console.log('      (skipped: tshark not installed)');
        this.skip();
      }
      const tmp = path.join(os.tmpdir(), `xdp-lab-ts-${process.pid}.pcapng`);
      fs.writeFileSync(tmp, file);
      try {
        const ts = tsharkFrames(tmp);
        const got = readWhole(file).records;
        assert.equal(got.length, 5);
        // tshark 4.0 overflows for picosecond ticks (remainder * 1e9 in 64 bits), so only the first four.
        for (let i = 0; i < 4; i++) assert.deepEqual([got[i].tsSec, got[i].tsNsec], [ts.frames[i].sec, ts.frames[i].nsec], `packet ${i + 1}`);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    });

    it('split ticks exactly (values worked out by hand)', () => {
      const got = readWhole(file).records.map(r => [r.tsSec, r.tsNsec]);
      assert.deepEqual(got, [
        [1700000000, 500002861], // 2^19 + 3 ticks of 2^-20 s = 0.500002861 s (floor)
        [1005, 7000],
        [1699999995, 123000000],
        [1700000000, 123456789],
        [123, 456789012], // 123456789012345 ps
      ]);
    });

    it('expose interface resolution, offset and name', () => {
      const bytes = Buffer.concat([shb(LE), idb(LE, 1, 96, [option(2, Buffer.from('eth0'), LE), tsresol(9, LE), tsoffset(7n, LE)])]);
      const r = CaptureReader.fromBytes(bytes);
      assert.equal(r.next(), undefined);
      assert.deepEqual(r.interfaces, [{ linkType: 1, snapLen: 96, name: 'eth0', ticksPerSecond: 1e9, tsOffsetSec: 7, fcsLength: 0 }]);
    });
  });

  describe('structure', () => {
    it('reads sections of both byte orders, resetting interfaces, and SPB/PB packets', () => {
      const pb = block(2, Buffer.concat([
        Buffer.from([0, 1, 0, 0]), Buffer.from([0, 0, 0, 0]), Buffer.from([0, 0, 0, 9]), Buffer.from([0, 0, 0, 60]), Buffer.from([0, 0, 0, 60]), frame(4),
      ]), BE);
      const bytes = Buffer.concat([
        shb(LE), idb(LE, 1, 0), idb(LE, 1, 0), epb(LE, 1, 5n, frame(1)),
        shb(BE), idb(BE, 1, 40), idb(BE, 101, 0), spb(BE, 60, frame(2).subarray(0, 40)), epb(BE, 0, 6n, frame(3)), pb,
      ]);
      const got = readWhole(bytes);
      assert.equal(got.error, undefined);
      assert.deepEqual(got.records.map(r => [r.index, r.section, r.interfaceId, r.capLen, r.origLen, r.hasTimestamp, r.data[r.capLen - 1]]), [
        [1, 0, 1, 60, 60, true, 1],
        [2, 1, 0, 40, 60, false, frame(2)[39]],
        [3, 1, 0, 60, 60, true, 3],
        [4, 1, 1, 60, 60, true, 4],
      ]);
      assert.equal(got.records[3].linkType, 101);
      assert.equal(got.records[3].tsNsec, 9000);
    });

    it('skips name resolution, statistics, decryption secrets, custom and unknown blocks of any size', () => {
      const skipped = [
        block(4, Buffer.from([1, 0, 8, 0, 10, 0, 0, 1, 0x61, 0x62, 0, 0, 0, 0, 0, 0]), LE), // NRB
        block(5, Buffer.alloc(16), LE), // ISB
        block(0x0a, Buffer.alloc(12), LE), // DSB
        block(0x00000bad, Buffer.alloc(8), LE), // custom
        block(0x40000bad, Buffer.alloc(1 << 20), LE), // 1 MiB custom block
        block(0x12345678, Buffer.alloc(0), LE), // unknown, minimal
      ];
      const bytes = Buffer.concat([shb(LE), idb(LE, 1, 0), skipped[0], epb(LE, 0, 1n, frame(1)), ...skipped.slice(1), epb(LE, 0, 2n, frame(2))]);
      const got = readWhole(bytes);
      assert.equal(got.error, undefined);
      assert.deepEqual(got.records.map(r => r.data[59]), [1, 2]);
      const chunked = readChunked(bytes, [4096]);
      assert.deepEqual(chunked.records.map(recordKey), got.records.map(recordKey));
      assert.ok(chunked.scratchBytes <= 64 * 1024, `skipping a 1 MiB block must not buffer it (scratch ${chunked.scratchBytes})`);
    });

    it('leaves EPB options for readPacketOptions', () => {
      const opts = [
        option(1, Buffer.from('hello'), LE),
        option(7, Buffer.from([2, 1, 0, 0, 0, 0, 0, 0, 0]), LE),
        option(5, Buffer.from([42, 0, 0, 0, 0, 0, 0, 0]), LE),
        Buffer.alloc(4),
      ];
      const bytes = Buffer.concat([shb(LE), idb(LE, 1, 0), epb(LE, 0, 1n, frame(1, 61), 61, opts)]);
      const rec = readWhole(bytes).records[0];
      assert.equal(rec.capLen, 61);
      const o = readPacketOptions(rec);
      assert.deepEqual(o.comments, ['hello']);
      assert.deepEqual(o.verdicts.map(v => [v.type, v.action]), [[2, 1n]]);
      assert.equal(o.packetId, 42n);
    });
  });

  describe('damage', () => {
    const p = prefix();
    const at = p.length; // offset of the block after the first packet

    it('block length not a multiple of 4', () => {
      expectError(Buffer.concat([p, epb(LE, 0, 2n, frame(2)).fill(0x1e, 4, 5)]), 'block-length-unaligned', 2, at);
    });

    it('block length below the minimum for its type', () => {
      const short = epb(LE, 0, 2n, frame(2));
      short.writeUInt32LE(24, 4);
      expectError(Buffer.concat([p, short]), 'block-too-short', 2, at, 'minimum of 32');
      expectError(Buffer.concat([p, block(0x0bad, Buffer.alloc(0), LE, 8)]), 'block-too-short', 2, at);
    });

    it('block length larger than the rest of the file', () => {
      expectError(Buffer.concat([p, epb(LE, 0, 2n, frame(2)).subarray(0, 50)]), 'truncated-record', 2, at, 'past the end of the file');
      expectError(Buffer.concat([p, block(0x0bad, Buffer.alloc(100), LE).subarray(0, 60)]), 'truncated-record', 2, at);
    });

    it('file ending inside a block header', () => {
      expectError(Buffer.concat([p, Buffer.from([6, 0, 0, 0, 0x50])]), 'truncated-record-header', 2, at);
    });

    it('trailing block length that differs from the leading one', () => {
      expectError(Buffer.concat([p, block(6, epb(LE, 0, 2n, frame(2)).subarray(8, -4), LE, undefined, 96)]), 'block-trailer-mismatch', 2, at);
      expectError(Buffer.concat([p, block(0x0bad, Buffer.alloc(8), LE, undefined, 24)]), 'block-trailer-mismatch', 2, at);
    });

    it('absurd packet block length: an error, not an allocation', () => {
      const huge = epb(LE, 0, 2n, frame(2));
      huge.writeUInt32LE(0x7ffffff0, 4);
      const bytes = Buffer.concat([p, huge]);
      expectError(bytes, 'caplen-absurd', 2, at);
      assert.ok(readChunked(bytes, [7]).scratchBytes <= 64 * 1024);
    });

    it('caplen past the end of its block, over the snaplen, over 256 KiB', () => {
      const past = epb(LE, 0, 2n, frame(2));
      past.writeUInt32LE(100, 20);
      expectError(Buffer.concat([p, past]), 'caplen-past-block', 2, at);
      const snap = Buffer.concat([shb(LE), idb(LE, 1, 64), epb(LE, 0, 1n, frame(1)), epb(LE, 0, 2n, frame(2, 2000))]);
      expectError(snap, 'caplen-over-snaplen', 2, 28 + 20 + 92, 'snapshot length 64');
      const big = Buffer.concat([shb(LE), idb(LE, 1, 0), epb(LE, 0, 1n, frame(1, 300000))]);
      expectError(big, 'caplen-absurd', 1, 48);
    });

    it('packet naming an interface its section lacks (interfaces reset per section)', () => {
      expectError(Buffer.concat([p, epb(LE, 3, 2n, frame(2))]), 'no-interface', 2, at, 'interface 3');
      const two = Buffer.concat([shb(LE), idb(LE, 1, 0), idb(LE, 1, 0), epb(LE, 1, 1n, frame(1)), shb(LE), idb(LE, 1, 0)]);
      expectError(Buffer.concat([two, epb(LE, 1, 2n, frame(2))]), 'no-interface', 2, two.length);
      expectError(Buffer.concat([shb(LE), spb(LE, 60, frame(1))]), 'no-interface', 1, 28);
    });

    it('unsupported link type names it, unless every link type is wanted', () => {
      const wifi = Buffer.concat([p, idb(LE, 105, 0), epb(LE, 1, 2n, frame(2))]);
      expectError(wifi, 'unsupported-link-type', 2, at + 8, 'link type 105 (IEEE802_11');
      const any = readWhole(wifi, { linkTypes: 'any' });
      assert.deepEqual([any.error, any.records.map(r => r.linkType)], [undefined, [1, 105]]);
    });

    it('IDB option running past its block, bad if_tsresol', () => {
      const opt = option(2, Buffer.from('eth0'), LE);
      opt.writeUInt16LE(200, 2);
      expectError(Buffer.concat([p, idb(LE, 1, 0, [opt])]), 'option-too-long', 2, at + 16);
      expectError(Buffer.concat([p, idb(LE, 1, 0, [tsresol(70, LE)])]), 'bad-option', 2, at + 16, 'if_tsresol');
    });

    it('SHB: unsupported version, bad byte-order magic, option too long, cut short', () => {
      expectError(shb(LE, [], 2), 'unsupported-version', 1, 0, 'version 2.0');
      const magic = shb(LE);
      magic.writeUInt32LE(0x1a2b3c4e, 8);
      expectError(Buffer.concat([p, magic]), 'bad-magic', 2, at + 8);
      const opt = option(4, Buffer.from('app'), LE);
      opt.writeUInt16LE(12336, 2);
      expectError(shb(LE, [opt]), 'option-too-long', 1, 24, 'length 12336');
      expectError(shb(LE).subarray(0, 20), 'truncated-file-header', 1, 0);
    });

    it('big-endian sections report the same damage', () => {
      const be = prefix(BE);
      const bad = epb(BE, 0, 2n, frame(2));
      bad.writeUInt32BE(30, 4);
      expectError(Buffer.concat([be, bad]), 'block-length-unaligned', 2, be.length);
    });
  });

  describe('files that are not captures', () => {
    it('empty, too short, unknown magic, gzip', () => {
      expectError(Buffer.alloc(0), 'empty-file', 1, 0);
      expectError(Buffer.from([0x0a, 0x0d, 0x0d]), 'truncated-file-header', 1, 0);
      expectError(Buffer.from('hello world, not a capture'), 'bad-magic', 1, 0, '68 65 6c 6c');
      expectError(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'bad-magic', 1, 0, 'gzip');
    });
  });
});
