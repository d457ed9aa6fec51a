// Shared by the capture tests: where the captures are, what tshark says about them, and reading a capture with
// our reader whole or in chunks.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureReader, type CaptureError, type PacketRecord, type ReaderOptions, type ReaderState } from '../../src/engine/pcap';

export const SHARED_PCAPS = path.join(__dirname, '../../../shared/pcaps');
export const EXAMPLE_CAPTURES = path.join(__dirname, '../../examples/captures');

/** Capture files under dir (recursively), as paths relative to dir; empty if dir is absent. */
export function captureFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.pcap(ng)?$/.test(e.name)) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

let tsharkOk: boolean | undefined;
export function hasTshark(): boolean {
  if (tsharkOk === undefined) tsharkOk = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
  return tsharkOk;
}

export interface TsharkFrame {
  number: number;
  len: number;
  capLen: number;
  /** undefined when tshark shows no time (pcapng Simple Packet Blocks). */
  sec?: number;
  nsec?: number;
  interfaceId?: number;
  raw: Buffer;
  fields: Record<string, unknown>;
}

export interface TsharkResult {
  frames: TsharkFrame[];
  ok: boolean;
  stderr: string;
}

/** Packets of a file as tshark reads them (non-packet pcapng blocks that tshark lists as frames are left out). */
export function tsharkFrames(file: string, extraArgs: string[] = []): TsharkResult {
  const r = spawnSync('tshark', ['-r', file, '-T', 'json', '-x', ...extraArgs], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const stderr = (r.stderr ?? '').split('\n').filter(l => l && !l.startsWith('Running as user')).join('\n');
  const text = (r.stdout ?? '').trim();
  const parsed: unknown[] = text === '' ? [] : JSON.parse(text);
  const frames: TsharkFrame[] = [];
  for (const p of parsed) {
    const layers = (p as { _source: { layers: Record<string, unknown> } })._source.layers;
    const frame = layers.frame as Record<string, string>;
    if (frame['frame.encap_type'] === undefined) continue;
    const raw = layers.frame_raw as string[] | undefined;
    const time = frame['frame.time_epoch'];
    const f: TsharkFrame = {
      number: Number(frame['frame.number']),
      len: Number(frame['frame.len']),
      capLen: Number(frame['frame.cap_len']),
      raw: Buffer.from(raw?.[0] ?? '', 'hex'),
      fields: frame,
    };
    if (time !== undefined) Object.assign(f, splitEpoch(time));
    if (frame['frame.interface_id'] !== undefined) f.interfaceId = Number(frame['frame.interface_id']);
    frames.push(f);
  }
  return { frames, ok: r.status === 0, stderr };
}

/** "1418145369.924505488" → seconds and nanoseconds, without going through a double. */
export function splitEpoch(s: string): { sec: number; nsec: number } {
  const neg = s.startsWith('-');
  const [whole, frac = ''] = (neg ? s.slice(1) : s).split('.');
  return { sec: Number(whole) * (neg ? -1 : 1), nsec: Number(frac.padEnd(9, '0').slice(0, 9)) };
}

export interface ReadResult {
  records: PacketRecord[];
  state: ReaderState;
  error: CaptureError | undefined;
  scratchBytes: number;
}

/** Reads a capture held in one buffer (the zero-copy path). */
export function readWhole(bytes: Uint8Array, options?: ReaderOptions): ReadResult {
  const r = CaptureReader.fromBytes(bytes, options);
  const records: PacketRecord[] = [];
  for (let rec = r.next(); rec !== undefined; rec = r.next()) records.push(rec.clone());
  return { records, state: r.state, error: r.error, scratchBytes: r.scratchBytes };
}

/**
 * Reads a capture fed in chunks of the given sizes (cycled). With reuse, every chunk is first copied into one
 * shared buffer that is overwritten for the next chunk, as a CLI reading into a fixed buffer would.
 */
export function readChunked(bytes: Uint8Array, sizes: number[], reuse = false, options?: ReaderOptions): ReadResult {
  const r = new CaptureReader(options);
  const records: PacketRecord[] = [];
  const shared = new Uint8Array(Math.max(...sizes));
  let off = 0;
  let i = 0;
  for (;;) {
    for (let rec = r.next(); rec !== undefined; rec = r.next()) records.push(rec.clone());
    if (r.state !== 'need-data') break;
    if (off >= bytes.length) {
      r.end();
      continue;
    }
    const n = Math.min(sizes[i++ % sizes.length], bytes.length - off);
    let chunk = bytes.subarray(off, off + n);
    if (reuse) {
      shared.fill(0xee);
      shared.set(chunk, 0);
      chunk = shared.subarray(0, n);
    }
    off += n;
    r.push(chunk);
  }
  return { records, state: r.state, error: r.error, scratchBytes: r.scratchBytes };
}

/** The comparable content of a record (everything but where its bytes happen to live). */
export function recordKey(rec: PacketRecord): string {
  return JSON.stringify({
    index: rec.index, tsSec: rec.tsSec, tsNsec: rec.tsNsec, hasTs: rec.hasTimestamp, origLen: rec.origLen,
    capLen: rec.capLen, linkType: rec.linkType, interfaceId: rec.interfaceId, section: rec.section,
    byteOffset: rec.byteOffset, data: Buffer.from(rec.data).toString('hex'),
    options: Buffer.from(rec.buffer.subarray(rec.optionsOffset, rec.optionsEnd)).toString('hex'),
  });
}

/** A small seeded PRNG (mulberry32) so fuzz cases are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
