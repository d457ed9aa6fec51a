// Fast mode against traced mode: the same program prepared twice (mode 'fast' and mode 'traced'), the same
// packets in the same order, and every observable compared - per packet the return value, action, bytes and
// metadata out, printk lines, events, redirect, __sk_buff fields, error (message and range) and step count,
// then every map and global section.

import type { FrontendResult } from '../../src/engine/frontend';
import { dumpMaps, prepareProgram, runPacket, toHex } from '../../src/engine/interp';
import type { MapContents, PacketMeta, PacketResult, PreparedProgram, PrepareOptions, RunHooks } from '../../src/engine/interp';

/** One packet's result as comparable text (BigInts and bytes spelled out). */
export function describeResult(r: PacketResult): string {
  return JSON.stringify({
    retval: r.retval,
    action: r.action,
    dataOut: toHex(r.dataOut),
    metaOut: toHex(r.metaOut),
    printk: r.printk,
    events: r.events.map(e => ({ ...e, data: toHex(e.data) })),
    redirect: r.redirect,
    skb: r.skb ? { ...r.skb, tstamp: String(r.skb.tstamp) } : undefined,
    error: r.error,
    steps: r.steps,
  });
}

export interface ModePair {
  fast: PreparedProgram;
  traced: PreparedProgram;
}

export function prepareBoth(fr: FrontendResult, program: string, opts: PrepareOptions = {}): ModePair {
  const prep = (mode: 'fast' | 'traced'): PreparedProgram => {
    const r = prepareProgram(fr.module, program, { files: fr.pp.files, ...opts, mode });
    if ('error' in r) throw new Error(`${program}: ${r.error}`);
    return r.program;
  };
  return { fast: prep('fast'), traced: prep('traced') };
}

export interface Comparison {
  packets: number;
  /** Packets that ended with an error (in both modes). */
  errors: number;
  problems: string[];
}

/**
 * Runs every packet through both programs and lists the differences (at most 5 spelled out). `hookEvery`
 * runs every n-th packet of the fast program with a step hook, which must not change anything either.
 */
export function compareModes(pair: ModePair, packets: Uint8Array[], meta: (i: number) => PacketMeta = () => ({}), hookEvery = 0): Comparison {
  const out: Comparison = { packets: 0, errors: 0, problems: [] };
  const hook: RunHooks = { onStep: () => undefined };
  packets.forEach((p, i) => {
    const a = describeResult(runPacket(pair.fast, p, meta(i), hookEvery > 0 && i % hookEvery === hookEvery - 1 ? hook : undefined));
    const tr = runPacket(pair.traced, p, meta(i));
    const b = describeResult(tr);
    out.packets++;
    if (tr.error) out.errors++;
    if (a !== b && out.problems.length < 5) out.problems.push(`packet ${i + 1}:\n  fast   ${a}\n  traced ${b}`);
    else if (a !== b) out.problems.push(`packet ${i + 1}`);
  });
  const ma = JSON.stringify(sorted(dumpMaps(pair.fast)));
  const mb = JSON.stringify(sorted(dumpMaps(pair.traced)));
  if (ma !== mb) out.problems.push(`maps differ:\n  fast   ${ma.slice(0, 2000)}\n  traced ${mb.slice(0, 2000)}`);
  return out;
}

function sorted(c: MapContents): MapContents {
  const out: MapContents = {};
  for (const k of Object.keys(c).sort()) out[k] = [...c[k]].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return out;
}
