// One-line summaries against `tcpdump -n` on every capture we have and on hand-built frames. Lines must be
// equal after normalise(), or differ only in a documented way (support/known-differences.ts).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { createTcpSeqTracker, summarizePacket } from '../../src/engine/dissect';
import { explain, normalise, stripVlanText } from './support/known-differences';
import { pcapFile } from './support/packets';
import { readCapture } from './support/pcap-reader';
import { syntheticFrames } from './support/synthetic-frames';
import { captureFiles, EXAMPLE_CAPTURES, hasTool, SHARED_PCAPS, tcpdumpLines } from './support/tools';

interface Tally {
  exact: number;
  known: Map<string, number>;
  failures: string[];
}

function compareFile(file: string, absolute: boolean): Tally {
  const cap = readCapture(readFileSync(file));
  const theirs = tcpdumpLines(file, absolute);
  const tracker = absolute ? undefined : createTcpSeqTracker();
  const t: Tally = { exact: 0, known: new Map(), failures: [] };
  cap.records.forEach((r, i) => {
    const line = summarizePacket(r.data, { linkType: r.linkType, wireLength: r.wireLength, tcpSeq: tracker }).line;
    if (theirs[i] === undefined) return; // libpcap stopped reading (pcapng with mixed link types)
    const [ours, ref] = normalise(line, theirs[i], r.linkType);
    if (ours === ref) {
      t.exact++;
      return;
    }
    const rule = explain(ours, ref, r.linkType);
    if (rule === undefined) t.failures.push(`#${i + 1}\n  ours:    ${line}\n  tcpdump: ${theirs[i]}`);
    else t.known.set(rule.id, (t.known.get(rule.id) ?? 0) + 1);
  });
  return t;
}

const files = [...captureFiles(SHARED_PCAPS), ...captureFiles(EXAMPLE_CAPTURES)];

function shortName(file: string): string {
  return file.startsWith(SHARED_PCAPS) ? relative(SHARED_PCAPS, file) : 'examples/' + basename(file);
}

describe('dissect: summary lines against tcpdump -n', function () {
  before(function () {
    if (!hasTool('tcpdump')) {
      console.log('    (skipped: tcpdump is not installed; apt-get install -y tcpdump)');
      this.skip();
    }
  });

  it('has captures to compare', function () {
    if (captureFiles(SHARED_PCAPS).length === 0) console.log(`    (note: ${SHARED_PCAPS} is absent; only the example captures are compared)`);
    assert.ok(files.length >= 5, 'expected at least the example captures');
  });

  for (const file of files) {
    it(`${shortName(file)}: absolute sequence numbers (tcpdump -S)`, function () {
      const t = compareFile(file, true);
      assert.deepEqual(t.failures, [], 'unexplained differences');
    });
  }

  it('prints relative TCP sequence numbers like tcpdump does by default', function () {
    let exact = 0;
    for (const file of files) {
      const t = compareFile(file, false);
      assert.deepEqual(t.failures, [], basename(file));
      exact += t.exact;
    }
    assert.ok(exact > 400, `only ${exact} lines matched exactly`);
  });

  it('matches most lines exactly, not just through known differences', function () {
    const byRule = new Map<string, number>();
    let exact = 0;
    for (const file of files) {
      const t = compareFile(file, true);
      exact += t.exact;
      for (const [k, v] of t.known) byRule.set(k, (byRule.get(k) ?? 0) + v);
    }
    const known = [...byRule.values()].reduce((a, b) => a + b, 0);
    assert.ok(exact >= 3 * known, `exact ${exact}, known differences ${JSON.stringify([...byRule])}`);
  });

  it('prints VLAN tags as tcpdump -e does', function () {
    let tagged = 0;
    for (const file of files) {
      const cap = readCapture(readFileSync(file));
      const theirs = tcpdumpLines(file, true, ['-e']);
      cap.records.forEach((r, i) => {
        const line = summarizePacket(r.data, { linkType: r.linkType, wireLength: r.wireLength }).line;
        const ours = line.slice(0, line.length - stripVlanText(line).length);
        if (ours === '' || theirs[i] === undefined) return;
        tagged++;
        const ref = (theirs[i].match(/vlan \d+, p \d+, (DEI, )?(ethertype [^,]*\(0x[0-9a-f]{4}\), )?/g) ?? []).join('');
        assert.equal(ours, ref, `${basename(file)} #${i + 1}`);
      });
    }
    assert.ok(tagged >= 10, `only ${tagged} tagged frames seen`);
  });

  it('hand-built frames: tcpdump text for corners the captures miss', function () {
    const frames = syntheticFrames();
    const dir = mkdtempSync(join(tmpdir(), 'dissect-'));
    try {
      const file = join(dir, 'synthetic.pcap');
      writeFileSync(file, pcapFile(frames.map(f => ({ data: f.data, wireLength: f.wire }))));
      const theirs = tcpdumpLines(file, true);
      assert.equal(theirs.length, frames.length);
      const problems: string[] = [];
      frames.forEach((f, i) => {
        const line = summarizePacket(Uint8Array.from(f.data), { wireLength: f.wire }).line;
        const [ours, ref] = normalise(line, theirs[i], 1);
        const got = ours === ref ? 'exact' : explain(ours, ref, 1)?.id ?? 'unexplained';
        if (got !== f.expect) problems.push(`${f.name}: expected ${f.expect}, got ${got}\n  ours:    ${line}\n  tcpdump: ${theirs[i]}`);
      });
      assert.deepEqual(problems, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
