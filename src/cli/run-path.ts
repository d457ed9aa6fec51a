// `xdp-lab run … --path [--scenario lab.json] [--direction egress] [--xdp-mode generic]`: the capture flows
// through the modelled kernel path (NIC, NAPI, XDP, sk_buff, TC, netfilter, routing, socket or TX) with the
// object's programs attached, and each packet's journey is printed: one compact line, or `path` and `fate` in
// its JSON object; the counters close the run.

import * as fs from 'fs';
import type { Diagnostic } from '../engine/diagnostics';
import { createPathSession, formatJourney, type PathCounters, type PathPacketResult } from '../engine/attach';
import { toHex } from '../engine/interp';
import type { MapContents } from '../engine/interp/types';
import { CaptureReader, EthernetFramer } from '../engine/pcap';
import { summarizePacket } from '../engine/dissect';
import { CaptureFile, captureErrorJson, forEachRecord, reportCapture } from './capture-file';
import type { CliIO, RunFront } from './load-source';
import type { Locator } from './report';
import type { RunArgs } from './run-args';
import { clockTime, epochTime, mapsText } from './run-output';
import { TextSink } from './text-sink';

interface Pending {
  index: number;
  tsSec: number;
  tsNsec: number;
  summary?: string;
}

export function runPath(args: RunArgs, fr: RunFront, maps: MapContents | undefined, io: CliIO, report: (d: readonly Diagnostic[]) => void, loc: Locator): number {
  let scenario: unknown;
  if (args.scenario) {
    let text: string;
    try {
      text = fs.readFileSync(args.scenario, 'utf8');
    } catch (e) {
      io.err(`xdp-lab: cannot read ${args.scenario}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    loc.addText(args.scenario, text);
    try {
      scenario = JSON.parse(text);
    } catch (e) {
      io.err(`${args.scenario}: error: not valid JSON: ${(e as Error).message}\n`);
      return 1;
    }
  }
  const s = createPathSession({
    module: fr.module, files: fr.pp.files, scenario, scenarioFile: args.scenario, hook: args.hook,
    programName: args.program, direction: args.direction, xdpMode: args.xdpMode, maps, mapsFile: args.maps,
    keepRuns: !args.summaryOnly,
  });
  report(s.diagnostics);
  if (!s.ok) return 1;

  const input = CaptureFile.open(args.pcap!);
  if (typeof input === 'string') {
    io.err(`xdp-lab: ${input}\n`);
    return 2;
  }
  const text = new TextSink(io.out);
  const perPacket = !args.summaryOnly;
  const framer = new EthernetFramer();
  const reader = new CaptureReader();
  // Journeys come back when the modelled NAPI poll has run, not always at once: remember what to print with them.
  const pending: Pending[] = [];
  let head = 0;
  const outcomes = new Map<string, number>();
  const emit = (results: PathPacketResult[]): void => {
    for (const r of results) {
      const p = pending[r.journey.index - head];
      const key = `${r.journey.fate.outcome} at ${r.journey.fate.at}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (perPacket && p) {
        if (args.json) text.line(journeyJson(p, r));
        else {
          text.line(`${p.index} ${clockTime(p.tsSec, p.tsNsec)} ${p.summary}`);
          text.line(`    ${formatJourney(r.journey)}`);
          for (const run of r.runs) {
            for (const l of run.printk) text.line(`    printk (${run.program}): ${l.replace(/\n$/, '')}`);
            if (run.error) text.line(`    error (${run.program}): ${run.error.message}`);
          }
        }
      }
    }
    // Everything up to the newest finished journey is done (journeys come back in input order).
    const last = results.length > 0 ? results[results.length - 1].journey.index : -1;
    while (head <= last) {
      pending.shift();
      head++;
    }
  };
  let skipped = 0;
  let seen = 0;
  try {
    seen = forEachRecord(input, reader, args.count ?? Infinity, rec => {
      if (!framer.convert(rec)) {
        skipped++;
        if (perPacket) text.line(args.json ? JSON.stringify({ i: rec.index, skipped: framer.reason }) : `${rec.index} skipped: ${framer.reason}`);
        return;
      }
      const frame = framer.frame;
      const summary = perPacket && !args.json ? summarizePacket(frame, { wireLength: Math.max(rec.origLen, frame.length) }).line : undefined;
      pending.push({ index: rec.index, tsSec: rec.tsSec, tsNsec: rec.tsNsec, summary });
      emit(s.ingest(frame, BigInt(rec.tsSec) * 1_000_000_000n + BigInt(rec.tsNsec)));
    });
    emit(s.finish());
  } finally {
    input.close();
  }
  const counters = s.counters();
  const dump = s.mapsDump();
  if (args.json) {
    text.line(JSON.stringify({ maps: dump }));
    const summary: Record<string, unknown> = {
      file: args.file, capture: args.pcap, packets: seen - skipped, skipped,
      attached: s.attached, outcomes: Object.fromEntries(outcomes), counters,
    };
    const damage = captureErrorJson(reader);
    if (damage) summary.capture_error = damage;
    text.line(JSON.stringify({ summary }));
  } else {
    text.line(`${seen - skipped} packets${skipped ? ` (${skipped} skipped)` : ''}: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const l of countersText(counters)) text.line(l);
    for (const l of mapsText(dump, fr.module.maps)) text.line(l);
  }
  text.flush();
  reportCapture(io, args.pcap!, reader);
  return reader.error ? 1 : 0;
}

function journeyJson(p: Pending, r: PathPacketResult): string {
  const j = r.journey;
  const o: Record<string, unknown> = {
    i: p.index, ts: epochTime(p.tsSec, p.tsNsec), len_in: j.len, direction: j.direction, ifname: j.ifname,
    path: j.path, fate: j.fate,
  };
  if (j.reply) o.reply = { kind: j.reply.kind, data_hex: toHex(j.reply.bytes) };
  if (j.tx) o.tx = { ifname: j.tx.ifname, queue: j.tx.queue, data_hex: toHex(j.tx.bytes) };
  o.runs = r.runs.map(run => {
    const x: Record<string, unknown> = { hook: run.hook, program: run.program, ifname: run.ifname, cpu: run.cpu, retval: run.retval, action: run.action, printk: run.printk };
    if (run.redirect) x.redirect = run.redirect;
    if (run.error) x.error = run.error.message;
    return x;
  });
  return JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? toHex(v) : v));
}

/** `ip -s link` / `ethtool -S` in spirit: the non-zero counters per interface and queue, then the stack's. */
function countersText(c: PathCounters): string[] {
  const nonZero = (o: object, skip: string[]): string =>
    Object.entries(o).filter(([k, v]) => typeof v === 'number' && v !== 0 && !skip.includes(k)).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = ['counters:'];
  for (const i of c.interfaces) {
    lines.push(`  ${i.ifname} (ifindex ${i.ifindex}): ${nonZero(i, ['ifindex']) || 'all zero'}`);
    if (i.queues.length > 1) for (const q of i.queues) lines.push(`    queue ${q.queue}: ${nonZero(q, ['queue']) || 'all zero'}`);
  }
  for (const cpu of c.cpus) lines.push(`  cpu${cpu.cpu}: ${nonZero(cpu, ['cpu']) || 'all zero'}`);
  lines.push(`  stack: ${nonZero(c.stack, []) || 'all zero'}`);
  return lines;
}
