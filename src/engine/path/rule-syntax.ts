// The two small notations inside netfilter rules: NAT targets and port ranges.

import { parseIP } from './addr';

/** A NAT target: address with an optional port; IPv6 with a port in brackets. */
export function parseNatTarget(text: string): { addr: Uint8Array; port?: number } | undefined {
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([\d.]+)(?::(\d{1,5}))?$/.exec(text);
  const m = bracket ?? v4;
  const addr = m ? parseIP(m[1]) : parseIP(text);
  if (!addr) return undefined;
  const port = m?.[2] !== undefined ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return port === undefined ? { addr } : { addr, port };
}

/** "80", 80 or "1000-2000" as an inclusive range. */
export function parsePortRange(p: number | string): [number, number] | undefined {
  if (typeof p === 'number') return [p, p];
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  return lo <= hi && hi <= 65535 ? [lo, hi] : undefined;
}
