// readPackets over a ChunkSource, and the engine diagnostics a finished read turns into.

import { strict as assert } from 'assert';
import { captureDiagnostics, readPackets, type ChunkSource } from '../../src/engine/pcap';
import { LE, frame, idb, pcapHeader, pcapRecord, shb } from './build';

function source(bytes: Buffer, size: number): ChunkSource {
  let off = 0;
  return {
    read: () => {
      if (off >= bytes.length) return null;
      const c = bytes.subarray(off, off + size);
      off += size;
      return c;
    },
  };
}

describe('readPackets and capture diagnostics', () => {
  it('reads a source to the end and reports damage as a pcap-stage error at the byte offset', () => {
    const bytes = Buffer.concat([pcapHeader(LE), pcapRecord(LE, 1, 5, frame(1)), pcapRecord(LE, 2, 1000000, frame(2))]);
    const seen: number[] = [];
    const summary = readPackets(source(bytes, 10), rec => seen.push(rec.data[59]));
    assert.deepEqual(seen, [1]);
    assert.equal(summary.format, 'pcap');
    assert.equal(summary.packets, 1);
    const diags = captureDiagnostics(summary, 'x.pcap');
    assert.equal(diags.length, 1);
    const d = diags[0];
    assert.deepEqual([d.code, d.severity, d.stage, d.range], ['PCAP_BAD_TIMESTAMP', 'error', 'pcap', { file: 'x.pcap', start: 100, end: 100 }]);
    assert.ok(d.message.includes('packet 2') && d.message.includes('byte offset 100'), d.message);
  });

  it('warns about a capture without packets', () => {
    const summary = readPackets(source(Buffer.concat([shb(LE), idb(LE, 1, 0)]), 7), () => assert.fail('no packets'));
    assert.deepEqual([summary.format, summary.packets, summary.error], ['pcapng', 0, undefined]);
    assert.deepEqual(captureDiagnostics(summary, 'e.pcapng').map(d => [d.code, d.severity]), [['PCAP_NO_PACKETS', 'warning']]);
  });
});
