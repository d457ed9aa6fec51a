// Field values of our tree against `tshark -T fields` (reassembly off) on the captures and hand-built
// frames. Mismatches are allowed only on the frames listed in EXPECTED_DIFFERENCES, each with a reason.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildFieldTree } from '../../src/engine/dissect';
import { pcapFile } from './support/packets';
import { readCapture, type CaptureRecord } from './support/pcap-reader';
import { syntheticFrames } from './support/synthetic-frames';
import { captureFiles, EXAMPLE_CAPTURES, hasTool, SHARED_PCAPS } from './support/tools';
import { COMPARED_FIELDS, tsharkTable } from './support/tshark-table';
import { collect, tsharkText } from './support/tree-values';


/** file name -> frames (1-based) where Wireshark legitimately shows something else, and why. */
const EXPECTED_DIFFERENCES: Record<string, { frames: number[]; why: string }> = {
  'AH-IPcomp-IPv4.pcap': { frames: [3, 4, 5, 7], why: 'Wireshark decompresses IPComp payloads; we stop at the IPComp header' },
  'bad-ipv4-version-pgm-heapoverflow.pcap': { frames: [1], why: 'Wireshark decodes IPv4-ethertype data with version 6 as IPv6; we stop as tcpdump does' },
  'icmp-length-zero.pcapng': { frames: [1], why: 'IPv4 total length 0 (TSO): Wireshark guesses the length; we stop as tcpdump does ("bad-len 0")' },
  'arp-too-long-tha.pcap': { frames: [1], why: 'Wireshark hides 14-byte hardware addresses of an unknown hardware type' },
  'ip6_frag_asan.pcap': { frames: [1], why: 'fragment header cut after 4 bytes: we show the offset and M flag that were captured' },
  'icmp_echo.pcap': { frames: [10, 11, 12], why: 'cut ICMP header, IHL below 5, runt frame: we show the fields present, Wireshark stops earlier' },
  'mixed.pcap': { frames: [37], why: 'runt frame: we show the two MAC addresses that were captured' },
  'udp_ports.pcap': { frames: [16], why: 'IHL below 5: we show the header fields, Wireshark stops after the header length' },
};

/** Frames carrying GRE protocol 0x8909, whose payload Wireshark decodes and we do not. */
function carries8909(tree: ReturnType<typeof buildFieldTree>): boolean {
  return collect(tree, 'gre.proto').some(n => n.value === 0x8909);
}

function compare(file: string, records: CaptureRecord[], label: string, skip: ReadonlySet<number> = new Set()): string[] {
  const rows = tsharkTable(file);
  if (rows.length !== records.length) return []; // tshark also lists non-packet pcapng blocks (test202)
  const allowed = new Set([...(EXPECTED_DIFFERENCES[label]?.frames ?? []), ...skip]);
  const problems: string[] = [];
  records.forEach((r, i) => {
    const tree = buildFieldTree(r.data, { linkType: r.linkType, wireLength: r.wireLength });
    if (carries8909(tree)) return;
    COMPARED_FIELDS.forEach(field => {
      const ours = collect(tree, field).map(n => tsharkText(field, n.value)).join(',');
      const theirs = (rows[i].get(field) ?? []).join(',');
      if (ours !== theirs && !allowed.has(i + 1)) problems.push(`${label} #${i + 1} ${field}: ours [${ours}] tshark [${theirs}]`);
    });
  });
  return problems;
}

describe('dissect: field values against tshark', function () {
  before(function () {
    if (!hasTool('tshark')) {
      console.log('    (skipped: tshark is not installed)');
      this.skip();
    }
  });

  const files = [...captureFiles(SHARED_PCAPS), ...captureFiles(EXAMPLE_CAPTURES)];
  for (const file of files) {
    it(basename(file), function () {
      const cap = readCapture(readFileSync(file));
      if (cap.records.length === 0) return;
      assert.deepEqual(compare(file, cap.records, basename(file)), []);
    });
  }

  it('hand-built frames', function () {
    const frames = syntheticFrames();
    const dir = mkdtempSync(join(tmpdir(), 'dissect-'));
    try {
      const file = join(dir, 'synthetic.pcap');
      writeFileSync(file, pcapFile(frames.map(f => ({ data: f.data, wireLength: f.wire }))));
      const records = frames.map(f => ({ linkType: 1, data: Uint8Array.from(f.data), wireLength: f.wire ?? f.data.length }));
      const lenient = new Set(frames.flatMap((f, i) => (f.tsharkDiffers !== undefined ? [i + 1] : [])));
      const problems = compare(file, records, 'synthetic.pcap', lenient);
      assert.deepEqual(problems.map(p => p.replace(/^synthetic\.pcap #(\d+)/, (_, n) => frames[Number(n) - 1].name)), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
