// The per-packet summary must stay cheap: it decodes once and never builds the field tree, and the
// parse-only path builds no text. (Timings vary too much on shared machines to assert; see the report.)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePacket, summarizePacket } from '../../src/engine/dissect';
import * as P from './support/packets';

const SRC = join(__dirname, '../../src/engine/dissect');

describe('dissect: summary path', function () {
  it('the summary modules do not import the tree builder', function () {
    for (const file of ['summary.ts', 'decode.ts', 'columns.ts', 'parsed.ts', 'dispatch.ts']) {
      assert.doesNotMatch(readFileSync(join(SRC, file), 'utf8'), /from '\.\/tree'/, file);
    }
  });

  it('parse-only decoding builds no text (the sequence tracker, a text feature, is never asked)', function () {
    let calls = 0;
    const tracker = {
      relative(_k: string, _r: boolean, _s: boolean, seq: number, ack: number): [number, number, number, number] {
        calls++;
        return [seq, ack, 0, 0];
      },
    };
    const frame = Uint8Array.from(P.eth4(6, P.tcp(1, 2, [1], { flags: 0x18, ack: 5 })));
    const parsed = parsePacket(frame, { tcpSeq: tracker });
    assert.equal(parsed.l4?.tcpFlags, 0x18);
    assert.equal(calls, 0);
    summarizePacket(frame, { tcpSeq: tracker });
    assert.equal(calls, 1);
  });
});
