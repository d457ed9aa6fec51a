// What `xdp-lab run` prints per packet and at the end: a tcpdump-style line with the verdict for people, one
// JSON object per line for tools (packets, then maps, then the summary), so output streams and never piles up.

import { summarizePacket } from '../engine/dissect';
import { toHex } from '../engine/interp';
import type { MapContents, RedirectInfo } from '../engine/interp/types';
import type { MapInfo } from '../engine/ir/ir';
import type { PacketOutcome, ReplaySummary } from '../engine/replay';

/** HH:MM:SS.micro in UTC, as tcpdump prints with TZ=UTC. */
export function clockTime(sec: number, nsec: number): string {
  const day = ((sec % 86400) + 86400) % 86400;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(day / 3600))}:${two(Math.floor(day / 60) % 60)}:${two(day % 60)}.${String(Math.floor(nsec / 1000)).padStart(6, '0')}`;
}

/** Seconds since the epoch with nine decimals, exact (a JSON number would lose the nanoseconds). */
export function epochTime(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}

function redirectText(r: RedirectInfo | undefined): string {
  if (!r) return '';
  if (r.map !== undefined) {
    const target = r.ifindex !== undefined ? ` (ifindex ${r.ifindex})` : r.cpu !== undefined ? ` (cpu ${r.cpu})` : r.queue !== undefined ? ` (queue ${r.queue})` : '';
    return ` -> ${r.map}[${r.key ?? '?'}]${target}`;
  }
  if (r.ifindex !== undefined) return ` -> ifindex ${r.ifindex}${r.flags & 1 ? ' ingress' : ''}`;
  return '';
}

export function packetText(o: PacketOutcome): string[] {
  const summary = summarizePacket(o.frame, { wireLength: Math.max(o.origLen, o.lenIn) }).line;
  const lines = [`${o.index} ${clockTime(o.tsSec, o.tsNsec)} ${summary} @exit[${o.action}]${redirectText(o.redirect)}${o.lenOut !== o.lenIn ? ` len ${o.lenIn}->${o.lenOut}` : ''}`];
  for (const p of o.printk) lines.push(`    printk: ${p.replace(/\n$/, '')}`);
  for (const e of o.events) lines.push(`    ${e.kind} ${e.map} cpu ${e.cpu}: ${toHex(e.data)}`);
  if (o.error) lines.push(`    error: ${o.error.message}`);
  return lines;
}

export function packetJson(o: PacketOutcome): string {
  const j: Record<string, unknown> = {
    i: o.index,
    ts: epochTime(o.tsSec, o.tsNsec),
    len_in: o.lenIn,
    retval: o.retval,
    action: o.action,
    len_out: o.lenOut,
  };
  if (o.dataOut) j.data_out_hex = toHex(o.dataOut);
  if (o.metaOut) j.meta_out_hex = toHex(o.metaOut);
  j.printk = o.printk;
  if (o.events.length > 0) j.events = o.events.map(e => ({ map: e.map, kind: e.kind, cpu: e.cpu, data_hex: toHex(e.data) }));
  if (o.redirect) j.redirect = o.redirect;
  if (o.skb) j.skb = { ...o.skb, tstamp: o.skb.tstamp.toString() };
  if (o.synthesized) j.synthesized_ethernet = true;
  if (o.error) j.error = o.error.message;
  return JSON.stringify(j);
}

/** The per-verdict counts line: "12 packets: XDP_PASS 10, XDP_DROP 2". */
export function countsText(s: ReplaySummary): string[] {
  const parts = Object.entries(s.actions).map(([a, n]) => `${a} ${n}`);
  const lines = [`${s.packets} packet${s.packets === 1 ? '' : 's'}${parts.length ? ': ' + parts.join(', ') : ''}`];
  const extra: string[] = [];
  if (s.errors) extra.push(`${s.errors} ended by a run-time error`);
  if (s.skipped) extra.push(`${s.skipped} skipped (not framable as Ethernet)`);
  if (s.synthesized) extra.push(`${s.synthesized} with a synthesised Ethernet header`);
  if (s.printkLines) extra.push(`${s.printkLines} printk line${s.printkLines === 1 ? '' : 's'}`);
  if (extra.length) lines.push('  ' + extra.join('; '));
  return lines;
}

const ARRAYS = new Set([2, 6]); // BPF_MAP_TYPE_ARRAY, PERCPU_ARRAY: every index exists, zero ones say nothing

/** Map contents after the run; all-zero array slots are counted, not listed, and constants (.rodata) left out. */
export function mapsText(dump: MapContents, infos: readonly MapInfo[]): string[] {
  const names = Object.keys(dump).filter(n => !n.startsWith('.rodata'));
  if (names.length === 0) return [];
  const lines = ['maps after the run:'];
  for (const name of names) {
    const info = infos.find(m => m.name === name);
    const entries = dump[name];
    const hideZero = info !== undefined && ARRAYS.has(info.type);
    const shown = hideZero ? entries.filter(([, v]) => /[1-9a-f]/i.test(v)) : entries;
    const what = info ? `${info.typeName}, ` : '';
    const hidden = entries.length - shown.length;
    lines.push(`  ${name} (${what}${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${hidden ? `, ${hidden} all-zero not shown` : ''})`);
    for (const [k, v] of shown) lines.push(`    ${k || '-'}: ${v}`);
  }
  return lines;
}
