// Classic pcap corners built by hand: byte orders, resolutions, the link-type FCS bits, and each kind of damage.

import { strict as assert } from 'assert';
import { CaptureReader } from '../../src/engine/pcap';
import { BE, LE, frame, pcapHeader, pcapRecord } from './build';
import { readChunked, readWhole, recordKey } from './helpers';

function expectError(bytes: Buffer, kind: string, packetIndex: number, byteOffset: number, messagePart?: string): void {
  const got = readWhole(bytes);
  assert.ok(got.error, `expected ${kind}, read ${got.records.length} packets cleanly`);
  assert.deepEqual([got.error.kind, got.error.packetIndex, got.error.byteOffset], [kind, packetIndex, byteOffset], got.error.message);
  assert.equal(got.records.length, packetIndex - 1);
  if (messagePart !== undefined) assert.ok(got.error.message.includes(messagePart), got.error.message);
  const chunked = readChunked(bytes, [5]);
  assert.deepEqual(chunked.error, got.error);
  assert.deepEqual(chunked.records.map(recordKey), got.records.map(recordKey));
}

describe('classic pcap', () => {
  it('reads big-endian nanosecond files', () => {
    const bytes = Buffer.concat([pcapHeader(BE, { nano: true }), pcapRecord(BE, 1700000000, 999999999, frame(1)), pcapRecord(BE, 5, 1, frame(2, 80), 1500)]);
    const got = readWhole(bytes).records;
    assert.deepEqual(got.map(r => [r.index, r.tsSec, r.tsNsec, r.capLen, r.origLen, r.byteOffset, r.data[r.capLen - 1]]), [
      [1, 1700000000, 999999999, 60, 60, 24, 1],
      [2, 5, 1, 80, 1500, 24 + 16 + 60, 2],
    ]);
  });

  it('masks the link type to 16 bits and reads the FCS length bits', () => {
    const bytes = Buffer.concat([pcapHeader(LE, { linkType: 0x04000000 | (2 << 28) | 1 }), pcapRecord(LE, 1, 2, frame(1))]);
    const r = CaptureReader.fromBytes(bytes);
    const rec = r.next();
    assert.equal(rec?.linkType, 1);
    assert.equal(rec?.tsNsec, 2000);
    assert.equal(r.interfaces[0].fcsLength, 4);
    const noFcs = CaptureReader.fromBytes(Buffer.concat([pcapHeader(LE, { linkType: 0x30000001 }), pcapRecord(LE, 1, 2, frame(1))]));
    assert.equal(noFcs.next()?.linkType, 1);
    assert.equal(noFcs.interfaces[0].fcsLength, 0, 'FCS length bits count only with the "present" bit');
  });

  describe('damage', () => {
    const head = Buffer.concat([pcapHeader(LE, { snapLen: 2000 }), pcapRecord(LE, 1, 0, frame(1))]);
    const at = head.length;

    it('file ending inside a record header', () => {
      expectError(Buffer.concat([head, Buffer.alloc(10)]), 'truncated-record-header', 2, at);
    });

    it('record data running past the end of the file', () => {
      expectError(Buffer.concat([head, pcapRecord(LE, 2, 0, frame(2)).subarray(0, 40)]), 'truncated-record', 2, at, 'past the end of the file');
    });

    it('caplen above the snaplen (+slack) and above 256 KiB', () => {
      const over = pcapRecord(LE, 2, 0, frame(2), 60, 2000 + 1024 + 1);
      expectError(Buffer.concat([head, over]), 'caplen-over-snaplen', 2, at, 'snapshot length 2000');
      const absurd = pcapRecord(LE, 2, 0, frame(2), 60, 0xfffffff0);
      const bytes = Buffer.concat([pcapHeader(LE, { snapLen: 0 }), pcapRecord(LE, 1, 0, frame(1)), absurd]);
      expectError(bytes, 'caplen-absurd', 2, at);
      assert.ok(readChunked(bytes, [7]).scratchBytes <= 64 * 1024, 'no allocation sized by the absurd caplen');
      const ok = Buffer.concat([head, pcapRecord(LE, 2, 0, frame(2, 2000 + 1024))]);
      assert.equal(readWhole(ok).error, undefined, 'within the slack');
    });

    it('fraction of a second out of range', () => {
      expectError(Buffer.concat([head, pcapRecord(LE, 2, 1000000, frame(2))]), 'bad-timestamp', 2, at, '1000000 microseconds');
      const ns = Buffer.concat([pcapHeader(LE, { nano: true }), pcapRecord(LE, 2, 1000000000, frame(2))]);
      expectError(ns, 'bad-timestamp', 1, 24, 'nanoseconds');
    });

    it('unsupported version and link type, cut-short file header', () => {
      expectError(pcapHeader(LE, { major: 1 }), 'unsupported-version', 1, 0, 'version 1.4');
      expectError(Buffer.concat([pcapHeader(BE, { linkType: 127 }), pcapRecord(BE, 1, 0, frame(1))]), 'unsupported-link-type', 1, 20, 'link type 127');
      expectError(pcapHeader(LE).subarray(0, 23), 'truncated-file-header', 1, 0);
    });
  });
});
