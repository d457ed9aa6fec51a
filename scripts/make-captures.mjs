#!/usr/bin/env node
// Writes the example packet captures, a manifest and a README describing
// them. Deterministic: fixed timestamps and contents, so running it again
// gives identical bytes.
//
// Usage: node scripts/make-captures.mjs [output-dir]   (default examples/captures)

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pcapFile } from './captures/pcap.mjs';
import { mixed } from './captures/mixed.mjs';
import { vlan, icmpEcho } from './captures/focused-l2-icmp.mjs';
import { ipv6Ext, udpPorts } from './captures/focused-ipv6-udp.mjs';
import { renderReadme } from './captures/readme.mjs';

const CAPTURES = [mixed, vlan, ipv6Ext, icmpEcho, udpPorts];
const BASE_SECONDS = 1700000000; // 2023-11-14T22:13:20Z
const STEP_USEC = 250000;

/** Packet list entries are [summary, bytes, brokenReason?]. */
function toRecords(capture) {
  return capture.packets.map(([summary, data, broken], i) => {
    const usec = i * STEP_USEC;
    return { summary, data, broken: broken ?? null, sec: BASE_SECONDS + Math.floor(usec / 1e6), usec: usec % 1e6 };
  });
}

function manifestEntry(capture, records) {
  return {
    file: capture.file,
    title: capture.title,
    about: capture.about,
    usedBy: capture.usedBy,
    packets: records.map((r, i) => ({ frame: i + 1, length: r.data.length, summary: r.summary, broken: r.broken })),
  };
}

function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = resolve(process.argv[2] ?? join(here, '..', 'examples', 'captures'));
  mkdirSync(outDir, { recursive: true });
  const manifest = { generator: 'scripts/make-captures.mjs', captures: [] };
  for (const capture of CAPTURES) {
    const records = toRecords(capture);
    writeFileSync(join(outDir, capture.file), pcapFile(records));
    manifest.captures.push(manifestEntry(capture, records));
  }
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(outDir, 'README.md'), renderReadme(manifest));
  console.log(`wrote ${CAPTURES.length} captures, manifest.json and README.md to ${outDir}`);
}

main();
