// Robustness: truncations, bit flips and random bytes on every capture packet and hand-built frame never
// throw, never hit the internal-error guard, and keep every byte range inside the frame. Also bounds
// tunnel recursion.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildFieldTree, parsePacket, summarizePacket, type DissectOptions, type FieldNode } from '../../src/engine/dissect';
import * as P from './support/packets';
import { readCapture } from './support/pcap-reader';
import { syntheticFrames } from './support/synthetic-frames';
import { captureFiles, EXAMPLE_CAPTURES, SHARED_PCAPS } from './support/tools';

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_TEXT = /undefined|NaN|\[dissector error/;

function checkTree(nodes: readonly FieldNode[], len: number, where: string): void {
  for (const n of nodes) {
    assert.ok(Number.isInteger(n.start) && Number.isInteger(n.length), `${where}: ${n.name} has a fractional range`);
    assert.ok(n.start >= 0 && n.length >= 0 && n.start + n.length <= len, `${where}: ${n.name} [${n.start}+${n.length}] outside ${len} bytes`);
    assert.doesNotMatch(n.label, BAD_TEXT, `${where}: ${n.name}`);
    assert.ok(!(typeof n.value === 'number' && Number.isNaN(n.value)), `${where}: ${n.name} is NaN`);
    checkTree(n.children, len, where);
  }
}

function checkAll(frame: Uint8Array, opts: DissectOptions, where: string): void {
  const s = summarizePacket(frame, opts);
  assert.doesNotMatch(s.line, BAD_TEXT, where + ': ' + s.line);
  for (const v of Object.values(s.columns)) assert.doesNotMatch(v, BAD_TEXT, where);
  const p = parsePacket(frame, opts);
  for (const v of [p.offsets.l3, p.offsets.l4, p.offsets.payload]) assert.ok(v === undefined || (v >= 0 && v <= frame.length), where + ': offset ' + v);
  checkTree(buildFieldTree(frame, opts), frame.length, where);
}

function corpus(): { data: Uint8Array; linkType: number }[] {
  const out: { data: Uint8Array; linkType: number }[] = [];
  for (const file of [...captureFiles(SHARED_PCAPS), ...captureFiles(EXAMPLE_CAPTURES)]) {
    for (const r of readCapture(readFileSync(file)).records) out.push({ data: r.data, linkType: r.linkType });
  }
  for (const f of syntheticFrames()) out.push({ data: Uint8Array.from(f.data), linkType: 1 });
  return out;
}

const LINK_TYPES = [1, 0, 101, 113, 228, 229, 276, 147];

describe('dissect: robustness', function () {
  this.timeout(120000);
  const packets = corpus();

  it('every truncation of every packet', function () {
    for (const [i, p] of packets.entries()) {
      const step = Math.max(1, Math.floor(p.data.length / 60));
      for (let n = 0; n <= p.data.length; n += step) checkAll(p.data.subarray(0, n), { linkType: p.linkType, wireLength: p.data.length }, `packet ${i} cut to ${n}`);
    }
  });

  it('random bit flips and truncations (seeded)', function () {
    const next = rng(20240601);
    for (let round = 0; round < 6; round++) {
      for (const [i, p] of packets.entries()) {
        const data = p.data.slice(0, Math.max(0, p.data.length - Math.floor(next() * 12)));
        const flips = 1 + Math.floor(next() * 8);
        for (let k = 0; k < flips && data.length > 0; k++) data[Math.floor(next() * data.length)] ^= 1 << Math.floor(next() * 8);
        const wire = data.length + (next() < 0.3 ? Math.floor(next() * 2000) : 0);
        checkAll(data, { linkType: p.linkType, wireLength: wire }, `round ${round} packet ${i}`);
      }
    }
  });

  it('random bytes under every link type', function () {
    const next = rng(7);
    for (let k = 0; k < 3000; k++) {
      const data = Uint8Array.from({ length: Math.floor(next() * 200) }, () => Math.floor(next() * 256));
      // Steer the first bytes towards interesting headers half of the time.
      if (data.length > 14 && next() < 0.5) {
        data[12] = [0x08, 0x86, 0x81, 0x88, 0x08][k % 5];
        data[13] = [0x00, 0xdd, 0x00, 0x47, 0x06][k % 5];
        data[14] = next() < 0.5 ? 0x45 : 0x60;
      }
      checkAll(data, { linkType: LINK_TYPES[k % LINK_TYPES.length], tcpSeq: undefined }, `random ${k}`);
    }
  });

  it('bounds nested tunnels', function () {
    let pkt = P.ipv4(17, P.udp(1, 2, []));
    for (let i = 0; i < 40; i++) pkt = P.ipv4(4, pkt);
    const frame = Uint8Array.from(P.ether(pkt, 0x0800));
    const s = summarizePacket(frame);
    assert.match(s.line, /\[encapsulation depth limit\]$/);
    assert.equal(s.line.split('IP ').length - 1, 9, 'outer header plus eight levels');
    assert.equal(buildFieldTree(frame).filter(n => n.name === 'ip').length, 9);
    const shallow = summarizePacket(frame, { maxDepth: 2 });
    assert.equal(shallow.line.split('IP ').length - 1, 3);
    let p = parsePacket(frame);
    let levels = 0;
    while (p.tunnel !== undefined) {
      p = p.tunnel.inner;
      levels++;
    }
    assert.equal(levels, 8);
  });

  it('bounds VXLAN in GRE in VXLAN chains', function () {
    let inner = P.ether(P.ipv4(1, P.icmp(8, 0, [0, 1, 0, 1])), 0x0800);
    for (let i = 0; i < 30; i++) {
      const vx = P.ipv4(17, P.udp(1000, 4789, [0x08, 0, 0, 0, 0, 0, i, 0, ...inner]));
      inner = P.ether(P.ipv4(47, [0, 0, 0x65, 0x58, ...P.ether(vx, 0x0800)]), 0x0800);
    }
    const s = summarizePacket(Uint8Array.from(inner));
    assert.match(s.line, /\[encapsulation depth limit\]$/);
  });
});
