// Feeding a capture in chunks of any size gives the same packets and the same error as one buffer.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureReader } from '../../src/engine/pcap';
import { EXAMPLE_CAPTURES, SHARED_PCAPS, captureFiles, readChunked, readWhole, recordKey, rng, type ReadResult } from './helpers';

function summary(r: ReadResult): string[] {
  return [...r.records.map(recordKey), `${r.state} ${JSON.stringify(r.error)}`];
}

describe('chunked reading', () => {
  const files = [
    ...captureFiles(SHARED_PCAPS).map(f => path.join(SHARED_PCAPS, f)),
    ...captureFiles(EXAMPLE_CAPTURES).map(f => path.join(EXAMPLE_CAPTURES, f)),
  ];
  before(function () {
    if (files.length === 0) {
      console.log('    (skipped: no captures found)');
      this.skip();
    }
  });

  for (const file of files) {
    it(path.relative(path.join(__dirname, '../../..'), file), () => {
      const bytes = fs.readFileSync(file);
      const whole = summary(readWhole(bytes));
      const random = rng(bytes.length);
      const randomSizes = Array.from({ length: 50 }, () => 1 + Math.floor(random() * 300));
      for (const sizes of [[1], [7], [4096], randomSizes, [3, 1, 100, 2]]) {
        for (const reuse of [false, true]) {
          const got = summary(readChunked(bytes, sizes, reuse));
          assert.deepEqual(got, whole, `chunks of ${sizes.length > 4 ? 'random sizes' : sizes.join(',')}${reuse ? ', reused buffer' : ''}`);
        }
      }
    });
  }

  it('accepts several chunks pushed before reading', function () {
    const file = path.join(SHARED_PCAPS, 'pcapng-test-generator/output_le/difficult/test202.pcapng');
    if (!fs.existsSync(file)) this.skip();
    const bytes = fs.readFileSync(file);
    const r = new CaptureReader();
    for (let off = 0; off < bytes.length; off += 5) r.push(bytes.subarray(off, off + 5));
    r.end();
    const keys: string[] = [];
    for (let rec = r.next(); rec; rec = r.next()) keys.push(recordKey(rec));
    assert.deepEqual(keys, readWhole(bytes).records.map(recordKey));
    assert.equal(r.state, 'done');
  });

  it('copies only records that span chunks (the scratch buffer stays at its minimum for small packets)', function () {
    const file = path.join(SHARED_PCAPS, 'mptcp-v0.pcap');
    if (!fs.existsSync(file)) this.skip();
    const bytes = fs.readFileSync(file);
    assert.equal(readWhole(bytes).scratchBytes, 0, 'one buffer: no copy at all');
    assert.ok(readChunked(bytes, [1]).scratchBytes <= 64 * 1024);
  });

  it('waits for data instead of failing when a record is incomplete', () => {
    const r = new CaptureReader();
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(65535, 16);
    header.writeUInt32LE(1, 20);
    r.push(header.subarray(0, 10));
    assert.equal(r.next(), undefined);
    assert.equal(r.state, 'need-data');
    r.push(header.subarray(10));
    const rec = Buffer.alloc(16 + 4);
    rec.writeUInt32LE(7, 0);
    rec.writeUInt32LE(4, 8);
    rec.writeUInt32LE(4, 12);
    r.push(rec.subarray(0, 18));
    assert.equal(r.next(), undefined);
    assert.equal(r.state, 'need-data');
    r.push(rec.subarray(18));
    const got = r.next();
    assert.equal(got?.tsSec, 7);
    assert.equal(got?.capLen, 4);
    assert.equal(r.next(), undefined);
    assert.equal(r.state, 'need-data');
    r.end();
    assert.equal(r.next(), undefined);
    assert.equal(r.state, 'done');
  });
});
