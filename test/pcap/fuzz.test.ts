// Seeded damage on real captures: truncation at every 7th offset, random byte flips, absurd caplens and block
// lengths. The reader must never throw, must yield every packet that lies wholly before the damage unchanged,
// must report the damage against the right packet, and must not allocate by a damaged length.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PcapngWriter, type CaptureErrorKind } from '../../src/engine/pcap';
import { frame } from './build';
import { EXAMPLE_CAPTURES, SHARED_PCAPS, readChunked, readWhole, recordKey, rng, type ReadResult } from './helpers';

const FILES = [
  [SHARED_PCAPS, 'dns_tcp.pcap'],
  [SHARED_PCAPS, 'pptp.pcap'], // big-endian
  [SHARED_PCAPS, 'tcp-handshake-nano.pcap'],
  [SHARED_PCAPS, 'simple_http_sll2.pcap'],
  [SHARED_PCAPS, 'rarp_req_reply.pcapng'],
  [SHARED_PCAPS, 'icmp-length-zero.pcapng'],
  [SHARED_PCAPS, 'pcapng-test-generator/output_be/basic/test008.pcapng'],
  [SHARED_PCAPS, 'pcapng-test-generator/output_le/difficult/test202.pcapng'],
  [EXAMPLE_CAPTURES, 'mixed.pcap'],
];

/** Our own pcapng with options on every packet, so damage also lands in option areas. */
function writtenPcapng(): Buffer {
  const chunks: Buffer[] = [];
  const w = new PcapngWriter(c => chunks.push(Buffer.from(c)), { interfaces: [{ name: 'xdp:eth0' }, { name: 'tc:eth0' }] });
  for (let i = 0; i < 30; i++) {
    w.write({ tsSec: 1700000000 + i, tsNsec: i * 7, data: frame(i, 60 + i), interfaceId: i % 2, verdict: { hook: i % 2 ? 'tc' : 'xdp', action: i % 4 }, packetId: i, comment: i % 3 ? undefined : `packet ${i}` });
  }
  w.end();
  return Buffer.concat(chunks);
}

interface Subject {
  name: string;
  bytes: Buffer;
  whole: ReadResult;
  /** File offset just past each packet's record/block. */
  ends: number[];
  pcapng: boolean;
  /** Offsets where a record or block ends (the header's end for classic pcap too). */
  boundaries: number[];
}

function subjects(): Subject[] {
  const out: Subject[] = [];
  const add = (name: string, bytes: Buffer): void => {
    const whole = readWhole(bytes);
    assert.equal(whole.error, undefined, `${name} must read cleanly before it is damaged`);
    const pcapng = bytes.readUInt32LE(0) === 0x0a0d0d0a;
    const ends = whole.records.map(r => {
      if (!pcapng) return r.byteOffset + 16 + r.capLen;
      const len = r.littleEndian ? bytes.readUInt32LE(r.byteOffset + 4) : bytes.readUInt32BE(r.byteOffset + 4);
      return r.byteOffset + len;
    });
    const boundaries = pcapng ? blockEnds(bytes) : [24, ...ends];
    out.push({ name, bytes, whole, ends, pcapng, boundaries });
  };
  for (const [dir, rel] of FILES) {
    const file = path.join(dir, rel);
    if (fs.existsSync(file)) add(rel, fs.readFileSync(file));
  }
  add('our pcapng', writtenPcapng());
  return out;
}

function read(bytes: Buffer, sizes?: number[]): ReadResult {
  try {
    return sizes === undefined ? readWhole(bytes) : readChunked(bytes, sizes);
  } catch (e) {
    assert.fail(`the reader threw: ${(e as Error).stack}`);
  }
}

/** Everything wholly before `damageAt` comes out unchanged and in order; an error names the next packet. */
function checkPrefix(s: Subject, got: ReadResult, damageAt: number, what: string): void {
  const intact = s.ends.filter(e => e <= damageAt).length;
  assert.ok(got.records.length >= intact, `${what}: ${got.records.length} packets yielded, ${intact} lie before the damage`);
  const want = s.whole.records.slice(0, intact).map(recordKey);
  assert.deepEqual(got.records.slice(0, intact).map(recordKey), want, `${what}: packets before the damage changed`);
  if (got.error !== undefined) assert.equal(got.error.packetIndex, got.records.length + 1, `${what}: error packet index`);
  else assert.equal(got.state, 'done', what);
}

const TRUNCATION_KINDS: CaptureErrorKind[] = ['empty-file', 'truncated-file-header', 'truncated-record-header', 'truncated-record'];

describe('fuzzed captures', function () {
  this.timeout(120000);
  const all = subjects();

  it('has captures to damage', function () {
    // Without ../shared/pcaps only our own captures are there; that is a skip, not a failure.
    if (!fs.existsSync(SHARED_PCAPS)) {
      console.log(`    (shared captures not found at ${SHARED_PCAPS}: fuzzing our own captures only)`);
      assert.ok(all.length >= 2, `only ${all.length} captures`);
      return;
    }
    assert.ok(all.length >= 5, `only ${all.length} captures`);
  });

  for (const s of all) {
    describe(s.name, () => {
      it('truncated at every 7th offset', () => {
        for (let cut = 0; cut < s.bytes.length; cut += 7) {
          const bytes = s.bytes.subarray(0, cut);
          const got = read(bytes);
          const what = `cut at ${cut}`;
          checkPrefix(s, got, cut, what);
          const complete = s.ends.filter(e => e <= cut).length;
          assert.equal(got.records.length, complete, `${what}: a packet cut short must not be yielded`);
          if (got.error !== undefined) assert.ok(TRUNCATION_KINDS.includes(got.error.kind), `${what}: ${got.error.kind}`);
          // The cut is clean exactly at a record/block boundary; otherwise the error names the record or block it cut.
          const clean = cut > 0 && s.boundaries.includes(cut);
          if (clean) assert.equal(got.error, undefined, what);
          else assert.equal(got.error?.byteOffset, Math.max(0, ...s.boundaries.filter(b => b < cut)), what);
          if (cut % 70 === 0) assert.deepEqual(read(bytes, [13, 1, 300]).records.map(recordKey), got.records.map(recordKey), `${what}, chunked`);
        }
      });

      it('random byte flips', () => {
        const random = rng(s.bytes.length * 31 + 7);
        for (let n = 0; n < 300; n++) {
          const bytes = Buffer.from(s.bytes);
          let first = bytes.length;
          const flips = 1 + Math.floor(random() * 3);
          for (let k = 0; k < flips; k++) {
            const at = Math.floor(random() * bytes.length);
            const value = Math.floor(random() * 256);
            if (bytes[at] !== value) first = Math.min(first, at);
            bytes[at] = value;
          }
          const got = read(bytes);
          checkPrefix(s, got, first, `flip ${n} (first changed byte at ${first})`);
          assert.ok(got.records.length <= bytes.length / 12, 'cannot yield more packets than blocks fit');
          const chunked = read(bytes, [1 + (n % 50), 4096]);
          assert.deepEqual([chunked.records.map(recordKey), chunked.error], [got.records.map(recordKey), got.error], `flip ${n}: chunked`);
          assert.ok(chunked.scratchBytes <= 512 * 1024, `flip ${n}: scratch grew to ${chunked.scratchBytes}`);
        }
      });

      it('absurd caplens and block lengths', () => {
        const before = process.memoryUsage().arrayBuffers;
        s.whole.records.forEach((rec, k) => {
          for (const absurd of [0xfffffff0, 0x80000000, 0x7ffffffc, 262148]) {
            const bytes = Buffer.from(s.bytes);
            const field = s.pcapng ? rec.byteOffset + 4 : rec.byteOffset + 8;
            const le = s.pcapng ? rec.littleEndian : isLittleEndianPcap(s.bytes);
            if (le) bytes.writeUInt32LE(absurd, field);
            else bytes.writeUInt32BE(absurd, field);
            for (const sizes of [undefined, [4096], [7]]) {
              const got = read(bytes, sizes);
              const what = `packet ${k + 1} length ${absurd}${sizes ? ` in chunks of ${sizes[0]}` : ''}`;
              checkPrefix(s, got, rec.byteOffset, what);
              assert.equal(got.records.length, k, what);
              assert.ok(got.error, what);
              assert.equal(got.error.packetIndex, k + 1, what);
              assert.equal(got.error.byteOffset, rec.byteOffset, what);
              // 262148 is a plausible pcapng block length (packet plus options), so there it runs past the file.
              const expect = !s.pcapng ? 'caplen-absurd' : absurd === 262148 ? 'truncated-record' : 'caplen-absurd';
              assert.equal(got.error.kind, expect, `${what}: ${got.error.message}`);
              assert.ok(got.scratchBytes <= 64 * 1024, `${what}: scratch ${got.scratchBytes}`);
            }
          }
        });
        assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20, 'no large allocation');
      });
    });
  }
});

function isLittleEndianPcap(bytes: Buffer): boolean {
  const m = bytes.readUInt32LE(0);
  return m === 0xa1b2c3d4 || m === 0xa1b23c4d;
}

/** Ends of all pcapng blocks, walked independently of the reader (byte order per section). */
function blockEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  let le = true;
  for (let off = 0; off + 12 <= bytes.length;) {
    if (bytes.readUInt32LE(off) === 0x0a0d0d0a) le = bytes.readUInt32LE(off + 8) === 0x1a2b3c4d;
    const len = le ? bytes.readUInt32LE(off + 4) : bytes.readUInt32BE(off + 4);
    off += len;
    ends.push(off);
  }
  return ends;
}
