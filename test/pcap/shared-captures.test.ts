// Every capture in ../shared/pcaps and examples/captures read whole, compared packet by packet with tshark; the
// damaged ones stop with the expected error after the packets before the damage.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CaptureErrorKind } from '../../src/engine/pcap';
import { EXAMPLE_CAPTURES, SHARED_PCAPS, captureFiles, hasTshark, readWhole, tsharkFrames, type ReadResult, type TsharkFrame } from './helpers';

interface Damage {
  kind: CaptureErrorKind;
  packetIndex: number;
  byteOffset: number;
}

// Offsets worked out from the files' bytes: the version field sits in the 24-byte header at 0; the SHB option
// header starts after the SHB's fixed 24 bytes; record 2 of timestamp_invalid_nano.pcap starts at 24 + 16 + 76
// (record 1 holds 76 bytes) and has a nanosecond field of 1000000000.
const DAMAGED: Record<string, Damage> = {
  'pcap-invalid-version-1.pcap': { kind: 'unsupported-version', packetIndex: 1, byteOffset: 0 },
  'shb-option-too-long.pcapng': { kind: 'option-too-long', packetIndex: 1, byteOffset: 24 },
  'timestamp_invalid_nano.pcap': { kind: 'bad-timestamp', packetIndex: 2, byteOffset: 116 },
};

function compareWithTshark(file: string, got: ReadResult, frames: TsharkFrame[]): void {
  got.records.forEach((rec, i) => {
    const f = frames[i];
    const where = `${path.basename(file)} packet ${i + 1}`;
    assert.equal(rec.index, i + 1, where);
    assert.equal(rec.origLen, f.len, `${where}: frame.len`);
    assert.equal(rec.capLen, f.capLen, `${where}: frame.cap_len`);
    if (f.sec === undefined) assert.equal(rec.hasTimestamp, false, `${where}: tshark shows no time`);
    else assert.deepEqual([rec.tsSec, rec.tsNsec], [f.sec, f.nsec], `${where}: frame.time_epoch`);
    if (f.interfaceId !== undefined) assert.equal(rec.interfaceId, f.interfaceId, `${where}: frame.interface_id`);
    assert.equal(Buffer.from(rec.data).toString('hex'), f.raw.toString('hex'), `${where}: bytes`);
  });
}

function describeFolder(title: string, dir: string, expectDamage: Record<string, Damage>): void {
  describe(title, function () {
    const files = captureFiles(dir);
    before(function () {
      if (files.length === 0) {
        console.log(`    (skipped: no captures in ${dir})`);
        this.skip();
      }
    });

    it('finds the captures', function () {
      if (files.length === 0) this.skip();
      assert.ok(files.length >= 5, `only ${files.length} captures in ${dir}`);
    });

    for (const rel of files) {
      it(rel, function () {
        const file = path.join(dir, rel);
        const got = readWhole(fs.readFileSync(file));
        const damage = expectDamage[path.basename(rel)];
        if (damage === undefined) {
          assert.equal(got.error, undefined, `unexpected error: ${JSON.stringify(got.error)}`);
          assert.equal(got.state, 'done');
        } else {
          assert.ok(got.error, 'expected an error');
          assert.deepEqual({ kind: got.error.kind, packetIndex: got.error.packetIndex, byteOffset: got.error.byteOffset }, damage);
          assert.equal(got.records.length, damage.packetIndex - 1, 'the packets before the damage are all yielded');
          assert.ok(got.error.message.length > 10);
        }
        if (!hasTshark()) {
          console.log('      (tshark comparison skipped: tshark not installed)');
          return;
        }
        const ts = tsharkFrames(file);
        if (damage === undefined) {
          assert.ok(ts.ok, `tshark failed: ${ts.stderr}`);
          assert.equal(got.records.length, ts.frames.length, 'packet count as tshark');
        } else {
          // tshark may reject the file (then it shows nothing) or be laxer than us (then it shows more).
          assert.ok(ts.frames.length >= got.records.length);
        }
        compareWithTshark(file, got, ts.frames);
      });
    }
  });
}

describe('captures compared with tshark', () => {
  describeFolder('shared/pcaps', SHARED_PCAPS, DAMAGED);
  describeFolder('examples/captures', EXAMPLE_CAPTURES, {});

  it('reads the empty pcapng as zero packets, without an error', function () {
    const file = path.join(SHARED_PCAPS, 'empty.pcapng');
    if (!fs.existsSync(file)) this.skip();
    const got = readWhole(fs.readFileSync(file));
    assert.deepEqual([got.records.length, got.state, got.error], [0, 'done', undefined]);
  });
});
