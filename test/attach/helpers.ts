// Real C through the real front end into a packet path session, and frames through it.

import { createPathSession, type PathPacketResult, type PathSession, type PathSessionOptions } from '../../src/engine/attach';
import type { PathStep, StageName } from '../../src/engine/path/stages';
import { compileText } from '../support/frontend';

export const HEADERS = [
  '#include <linux/bpf.h>', '#include <linux/if_ether.h>', '#include <linux/in.h>', '#include <linux/ip.h>', '#include <linux/udp.h>',
  '#include <linux/tcp.h>', '#include <linux/pkt_cls.h>', '#include <bpf/bpf_helpers.h>', '#include <bpf/bpf_endian.h>', '',
].join('\n');

export const LICENSE = '\nchar LICENSE[] SEC("license") = "GPL";\n';

/** Compiles C (HEADERS prepended) and opens a session on it; throws on front-end errors. */
export async function sessionFor(c: string, opts: Omit<PathSessionOptions, 'module' | 'files'> = {}): Promise<PathSession> {
  const fr = await compileText(HEADERS + c + LICENSE, '/src/prog.c');
  const errors = fr.diagnostics.filter(d => d.severity === 'error');
  if (errors.length > 0) throw new Error(`front end: ${errors.map(e => e.message).join('; ')}`);
  return createPathSession({ module: fr.module, files: fr.pp.files, ...opts });
}

/** A session that must be usable. */
export async function okSession(c: string, opts: Omit<PathSessionOptions, 'module' | 'files'> = {}): Promise<PathSession> {
  const s = await sessionFor(c, opts);
  if (!s.ok) throw new Error(`session: ${s.diagnostics.map(d => d.message).join('; ')}`);
  return s;
}

export interface Feed {
  bytes: Uint8Array;
  tsNs?: number;
  ifname?: string;
}

/** Feeds frames (1 µs apart unless given) and finishes; checks the results come out in input order. */
export function feed(s: PathSession, frames: Array<Uint8Array | Feed>): PathPacketResult[] {
  const out: PathPacketResult[] = [];
  frames.forEach((f, i) => {
    const p = f instanceof Uint8Array ? { bytes: f } : f;
    out.push(...s.ingest(p.bytes, p.tsNs ?? i * 1000, p.ifname !== undefined ? { ifname: p.ifname } : {}));
  });
  out.push(...s.finish());
  out.forEach((r, i) => {
    if (r.journey.index !== i) throw new Error(`journey ${r.journey.index} came out at position ${i}`);
  });
  return out;
}

export function stages(r: PathPacketResult): StageName[] {
  return r.journey.path.map(s => s.stage);
}

type StepFor<S extends StageName, P = PathStep> = P extends { stage: infer T } ? (S extends T ? P : never) : never;

export function stepOf<S extends StageName>(r: PathPacketResult, stage: S): StepFor<S> {
  const s = r.journey.path.find(x => x.stage === stage);
  if (!s) throw new Error(`no ${stage} step in ${stages(r).join(' → ')}`);
  return s as StepFor<S>;
}

/** A map's entries as { keyHex: valueHex }. */
export function mapOf(s: PathSession, name: string): Record<string, string> {
  return Object.fromEntries(s.mapsDump()[name] ?? []);
}

/** Little-endian u32 / u64 from a hex string at a byte offset. */
export function u32At(hex: string, byte = 0): number {
  const b = Buffer.from(hex, 'hex');
  return b.readUInt32LE(byte);
}

export function u64At(hex: string, byte = 0): bigint {
  return Buffer.from(hex, 'hex').readBigUInt64LE(byte);
}
