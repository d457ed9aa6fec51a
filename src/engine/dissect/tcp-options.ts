// TCP options: tcpdump's "options [mss 1460,sackOK,TS val 1 ecr 0,...]" text and the option tree.

import type { Decoder } from './decoder';
import { expert, has, leaf, node } from './fields';
import { hexBytes } from './format';
import { mptcpNode, printMptcp } from './mptcp';
import { u16, u32 } from './read';
import type { FieldNode } from './types';

const NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'eol'], [1, 'nop'], [2, 'mss'], [3, 'wscale'], [4, 'sackOK'], [5, 'sack'], [6, 'echo'], [7, 'echoreply'],
  [8, 'TS'], [11, 'cc'], [12, 'ccnew'], [13, ''], [19, 'md5'], [20, 'scps'], [28, 'uto'], [29, 'tcp-ao'],
  [30, 'mptcp'], [34, 'tfo'], [254, 'exp'],
]);

/** Thrown-free control flow: 'ok' continues, 'bad' prints [bad opt], 'trunc' ends the line at the capture. */
type Step = 'ok' | 'bad' | 'trunc';

/**
 * Writes ", options [...]" for `len` option bytes at `off`. Returns false when the line ends inside the
 * options (tcpdump then prints nothing more for the segment). `base` is the relative-SACK base.
 */
export function printTcpOptions(d: Decoder, off: number, len: number, capEnd: number, flags: number, base: number, tcpOff: number, plen: number): boolean {
  const b = d.b;
  d.put(', options [');
  let first = true;
  let p = off;
  let rem = len;
  while (rem > 0) {
    if (!first) d.put(',');
    if (!has(p, 1, capEnd)) return truncAt(d, p, false);
    const opt = b[p++];
    let olen = 1;
    if (opt !== 0 && opt !== 1) {
      if (!has(p, 1, capEnd)) return truncAt(d, p, false);
      olen = b[p++];
      if (olen < 2 || olen > rem) return bad(d, first);
      rem--;
    }
    rem--;
    d.put(NAMES.get(opt) ?? 'unknown-' + opt);
    const ctx: OptCtx = { d, p, rem, capEnd, flags, base, olen, tcpOff, plen, datalen: 0 };
    const step = printBody(ctx, opt);
    if (step === 'bad') return bad(d, first);
    if (step === 'trunc') return truncAt(d, ctx.p, !first);
    p += ctx.datalen;
    rem -= ctx.datalen;
    const seen = ctx.datalen + (opt === 0 || opt === 1 ? 1 : 2);
    if (seen !== olen) d.put('[len ' + olen + ']');
    first = false;
    if (opt === 0) break;
  }
  d.put(']');
  return true;
}

interface OptCtx {
  d: Decoder;
  /** Start of the option data (after kind and length). */
  p: number;
  /** Option bytes left after kind/length. */
  rem: number;
  capEnd: number;
  flags: number;
  base: number;
  olen: number;
  tcpOff: number;
  plen: number;
  /** Data bytes the option consumed. */
  datalen: number;
}

function bad(d: Decoder, first: boolean): boolean {
  d.put('[bad opt]');
  if (!first) d.put(']');
  return false;
}

function truncAt(d: Decoder, p: number, angle: boolean): boolean {
  d.trunc('tcp', p);
  if (angle) d.put('>');
  return false;
}

/** tcpdump's LENCHECK: 'bad' if the option claims more than the header holds, 'trunc' if not captured. */
function lenCheck(c: OptCtx, n: number): Step {
  if (n > c.rem) return 'bad';
  return has(c.p, n, c.capEnd) ? 'ok' : 'trunc';
}

function printBody(c: OptCtx, opt: number): Step {
  const b = c.d.b;
  const need = (n: number): Step => {
    c.datalen = n;
    return lenCheck(c, n);
  };
  let s: Step;
  switch (opt) {
    case 2:
      if ((s = need(2)) !== 'ok') return s;
      c.d.put(' ' + u16(b, c.p));
      return 'ok';
    case 3:
      if ((s = need(1)) !== 'ok') return s;
      c.d.put(' ' + b[c.p]);
      return 'ok';
    case 5:
      return printSack(c);
    case 6: case 7: case 11: case 12: case 13:
      if ((s = need(4)) !== 'ok') return s;
      c.d.put(' ' + u32(b, c.p));
      return 'ok';
    case 8:
      if ((s = need(8)) !== 'ok') return s;
      c.d.put(' val ' + u32(b, c.p) + ' ecr ' + u32(b, c.p + 4));
      return 'ok';
    case 19:
      if ((s = need(16)) !== 'ok') return s;
      c.d.put(' ' + (c.tcpOff + c.plen > c.capEnd ? 'snaplen too short, ' : 'shared secret not supplied with -M, ') + "can't check - " + hexBytes(b, c.p, 16));
      return 'ok';
    case 20:
      if ((s = need(2)) !== 'ok') return s;
      c.d.put(' cap ' + b[c.p].toString(16).padStart(2, '0') + ' id ' + b[c.p + 1]);
      return 'ok';
    case 28:
      return printUto(c);
    case 29:
      return printAo(c);
    case 30:
      if ((s = need(c.olen - 2)) !== 'ok') return s;
      return printMptcp(c.d, c.p - 2, c.olen, c.flags) ? 'ok' : 'bad';
    case 34:
      if ((s = need(c.olen - 2)) !== 'ok') return s;
      c.d.put(' ' + fastOpen(b, c.p, c.olen - 2, false));
      return 'ok';
    case 254:
      return printExperiment(c);
    case 0: case 1: case 4:
      return 'ok';
    default:
      return printRaw(c);
  }
}

function printSack(c: OptCtx): Step {
  const b = c.d.b;
  c.datalen = c.olen - 2;
  if (c.datalen % 8 !== 0) {
    c.d.put(' invalid sack');
    return 'ok';
  }
  c.d.put(' ' + c.datalen / 8 + ' ');
  for (let i = 0; i < c.datalen; i += 8) {
    const s = lenCheck(c, i + 8);
    if (s !== 'ok') return s;
    c.d.put('{' + ((u32(b, c.p + i) - c.base) >>> 0) + ':' + ((u32(b, c.p + i + 4) - c.base) >>> 0) + '}');
  }
  return 'ok';
}

function printUto(c: OptCtx): Step {
  c.datalen = 2;
  const s = lenCheck(c, 2);
  if (s !== 'ok') return s;
  const v = u16(c.d.b, c.p);
  c.d.put(' 0x' + v.toString(16) + ' ' + ((v & 1) !== 0 ? (v >> 1) * 60 : v >> 1));
  return 'ok';
}

function printAo(c: OptCtx): Step {
  const b = c.d.b;
  c.datalen = c.olen - 2;
  if (c.datalen < 2) {
    c.d.put(' (invalid)');
    return 'ok';
  }
  let s = lenCheck(c, 1);
  if (s !== 'ok') return s;
  c.d.put(' keyid ' + b[c.p]);
  if ((s = lenCheck(c, 2)) !== 'ok') return s;
  c.d.put(' rnextkeyid ' + b[c.p + 1]);
  if (c.datalen > 2) {
    c.d.put(' mac 0x');
    for (let i = 2; i < c.datalen; i++) {
      if ((s = lenCheck(c, i + 1)) !== 'ok') return s;
      c.d.put(b[c.p + i].toString(16).padStart(2, '0'));
    }
  }
  return 'ok';
}

function printExperiment(c: OptCtx): Step {
  const b = c.d.b;
  c.datalen = c.olen - 2;
  const s = lenCheck(c, c.datalen);
  if (s !== 'ok') return s;
  if (c.datalen < 2) return 'bad';
  const magic = u16(b, c.p);
  c.d.put('-' + (magic === 0xf989 ? fastOpen(b, c.p + 2, c.datalen - 2, true) : magic.toString(16).padStart(4, '0')));
  return 'ok';
}

function fastOpen(b: Uint8Array, p: number, len: number, exp: boolean): string {
  const head = exp ? 'tfo' : '';
  if (len === 0) return head + ' cookiereq';
  if (len % 2 !== 0 || len < 4 || len > 16) return head + ' (invalid)';
  return head + ' cookie ' + hexBytes(b, p, len);
}

function printRaw(c: OptCtx): Step {
  c.datalen = c.olen - 2;
  if (c.datalen > 0) c.d.put(' 0x');
  for (let i = 0; i < c.datalen; i++) {
    const s = lenCheck(c, i + 1);
    if (s !== 'ok') return s;
    c.d.put(c.d.b[c.p + i].toString(16).padStart(2, '0'));
  }
  return 'ok';
}

// ---- tree ----

const TITLES: ReadonlyMap<number, [string, string]> = new Map([
  [0, ['tcp.option_kind', 'End of Option List (EOL)']],
  [1, ['tcp.options.nop', 'No-Operation (NOP)']],
  [2, ['tcp.options.mss', 'Maximum segment size']],
  [3, ['tcp.options.wscale', 'Window scale']],
  [4, ['tcp.options.sack_perm', 'SACK permitted']],
  [5, ['tcp.options.sack', 'SACK']],
  [8, ['tcp.options.timestamp', 'Timestamps']],
  [19, ['tcp.options.md5', 'TCP MD5 signature']],
  [28, ['tcp.options.user_to', 'User Timeout']],
  [29, ['tcp.options.ao', 'TCP Authentication Option']],
  [30, ['tcp.options.mptcp', 'Multipath TCP']],
  [34, ['tcp.options.tfo', 'TCP Fast Open']],
]);

export function treeTcpOptions(b: Uint8Array, off: number, len: number, capEnd: number, flags: number): FieldNode {
  const kids: FieldNode[] = [];
  const end = off + len;
  let p = off;
  while (p < end) {
    if (!has(p, 1, capEnd)) {
      kids.push(expert('Options cut short by the capture', p, 0));
      break;
    }
    const kind = b[p];
    if (kind === 0 || kind === 1) {
      kids.push(optNode(b, p, 1, kind, flags));
      p++;
      if (kind === 0) break;
      continue;
    }
    if (p + 1 >= end || !has(p, 2, capEnd)) {
      kids.push(expert('Option length missing', p, 1));
      break;
    }
    const olen = b[p + 1];
    if (olen < 2 || p + olen > end) {
      kids.push(expert('Bogus option length ' + olen, p + 1, 1));
      break;
    }
    kids.push(has(p, olen, capEnd) ? optNode(b, p, olen, kind, flags) : expert('Option cut short by the capture', p, capEnd - p));
    p += olen;
  }
  return node('tcp.options', 'Options: (' + len + ' bytes)', off, Math.max(0, Math.min(len, capEnd - off)), undefined, kids);
}

function optNode(b: Uint8Array, p: number, olen: number, kind: number, flags: number): FieldNode {
  if (kind === 30) return mptcpNode(b, p, olen, flags);
  const [name, title] = TITLES.get(kind) ?? ['tcp.options.unknown', 'Unknown (kind ' + kind + ')'];
  const kids: FieldNode[] = [leaf('tcp.option_kind', 'Kind', p, 1, kind)];
  if (olen > 1) kids.push(leaf('tcp.option_len', 'Length', p + 1, 1, olen));
  let shown = '';
  if (kind === 2 && olen === 4) {
    kids.push(leaf('tcp.options.mss_val', 'MSS Value', p + 2, 2, u16(b, p + 2)));
    shown = ': ' + u16(b, p + 2) + ' bytes';
  } else if (kind === 3 && olen === 3) {
    kids.push(leaf('tcp.options.wscale.shift', 'Shift count', p + 2, 1, b[p + 2]));
    kids.push(leaf('tcp.options.wscale.multiplier', 'Multiplier', p + 2, 1, 2 ** Math.min(b[p + 2], 14)));
    shown = ': ' + b[p + 2] + ' (multiply by ' + 2 ** Math.min(b[p + 2], 14) + ')';
  } else if (kind === 8 && olen === 10) {
    kids.push(leaf('tcp.options.timestamp.tsval', 'Timestamp value', p + 2, 4, u32(b, p + 2)));
    kids.push(leaf('tcp.options.timestamp.tsecr', 'Timestamp echo reply', p + 6, 4, u32(b, p + 6)));
    shown = ': TSval ' + u32(b, p + 2) + ', TSecr ' + u32(b, p + 6);
  } else if (kind === 5) {
    for (let q = p + 2; q + 8 <= p + olen; q += 8) {
      kids.push(leaf('tcp.options.sack_le', 'left edge', q, 4, u32(b, q)));
      kids.push(leaf('tcp.options.sack_re', 'right edge', q + 4, 4, u32(b, q + 4)));
    }
  } else if (olen > 2) {
    kids.push(leaf('tcp.options.data', 'Data', p + 2, olen - 2, hexBytes(b, p + 2, olen - 2)));
  }
  return node(name, 'TCP Option - ' + title + shown, p, olen, undefined, kids);
}
