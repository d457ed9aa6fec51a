// Finding captures and running the reference tools (tcpdump, tshark) for the comparison tests.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_PCAPS = '/work/shared/pcaps';
export const EXAMPLE_CAPTURES = resolve(__dirname, '../../../examples/captures');

export function hasTool(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Every .pcap/.pcapng under a directory (recursively), sorted; empty if the directory is absent. */
export function captureFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.pcap(ng)?$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * tcpdump's per-packet lines (`-n -tt`, plus `-S` for absolute sequence numbers). A continuation line
 * that starts with text (VXLAN's inner frame) is joined with ": "; indented ones (hex dumps) are dropped.
 */
export function tcpdumpLines(file: string, absolute: boolean, extra: string[] = []): string[] {
  const args = ['-n', '-tt', ...(absolute ? ['-S'] : []), ...extra, '-r', file];
  const res = spawnSync('tcpdump', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines: string[] = [];
  for (const ln of (res.stdout ?? '').split('\n')) {
    const m = /^\d+\.\d+ (.*)$/.exec(ln);
    if (m !== null) lines.push(m[1]);
    else if (ln.length > 0 && !/^\s/.test(ln) && lines.length > 0) lines[lines.length - 1] += ': ' + ln;
  }
  return lines;
}

/** The preferences the comparisons use: per-packet dissection, raw TCP sequence numbers. */
export const TSHARK_PREFS = [
  '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE', '-o', 'tcp.desegment_tcp_streams:FALSE',
  '-o', 'tcp.relative_sequence_numbers:FALSE',
];

/** tshark -T fields output: one row per packet, one array of values per field (multiple occurrences split on ','). */
export function tsharkFields(file: string, fields: string[]): string[][][] {
  const args = ['-r', file, ...TSHARK_PREFS, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const f of fields) args.push('-e', f);
  const text = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  return text.split('\n').filter(l => l.length > 0).map(l => l.split('\t').map(v => (v === '' ? [] : v.split(','))));
}
