// Multipath TCP option (RFC 8684, kind 30) as tcpdump 4.99 names it: "mptcp 12 capable v0 {0x...}".

import type { Decoder } from './decoder';
import { leaf, node } from './fields';
import { hexBytes, ipv4At, ipv6At } from './format';
import { u16, u32, u64 } from './read';
import type { FieldNode } from './types';

const SUBTYPES = ['capable', 'join', 'dss', 'add-addr', 'rem-addr', 'prio', 'fail', 'fast-close', 'tcprst', 'unknown'];
const SYN = 0x02;
const ACK = 0x10;

/** Writes " <len> <subtype> ..." for the option whose kind byte is at `p`; false means tcpdump's [bad opt]. */
export function printMptcp(d: Decoder, p: number, len: number, flags: number): boolean {
  if (len < 3) return false;
  const b = d.b;
  const sub = Math.min(b[p + 2] >> 4, 9);
  d.put(' ' + len + ' ' + SUBTYPES[sub]);
  const text = subtypeText(b, p, len, flags, sub);
  if (text === undefined) return false;
  d.put(text);
  return true;
}

function subtypeText(b: Uint8Array, p: number, len: number, flags: number, sub: number): string | undefined {
  switch (sub) {
    case 0: return capable(b, p, len, flags);
    case 1: return join(b, p, len, flags);
    case 2: return dss(b, p, len, flags);
    case 3: return addAddr(b, p, len);
    case 4: return len < 4 ? undefined : ' id' + Array.from(b.subarray(p + 3, p + len), v => ' ' + v).join('');
    case 5: return len !== 3 && len !== 4 ? undefined : ((b[p + 2] & 1) !== 0 ? ' backup' : ' non-backup') + (len === 4 ? ' id ' + b[p + 3] : '');
    case 6: return len !== 12 ? undefined : ' seq ' + u64(b, p + 4).toString();
    case 7: return len !== 12 ? undefined : ' key 0x' + u64(b, p + 4).toString(16);
    case 8: return len !== 4 ? undefined : ' flags [' + rstFlags(b[p + 2]) + '] reason ' + rstReason(b[p + 3]);
    default: return '';
  }
}

function capable(b: Uint8Array, p: number, len: number, flags: number): string | undefined {
  const onSyn = (len === 12 || len === 4) && (flags & SYN) !== 0;
  const onAck = (len === 20 || len === 22 || len === 24) && (flags & (SYN | ACK)) === ACK;
  if (!onSyn && !onAck) return undefined;
  const version = b[p + 2] & 0x0f;
  if (version > 1) return ' Unknown Version (' + version + ')';
  const csum = (b[p + 3] & 0x80) !== 0;
  let s = ' v' + version + (csum ? ' csum' : '');
  if (len === 12 || len >= 20) {
    s += ' {0x' + u64(b, p + 4).toString(16);
    if (len >= 20) s += ',0x' + u64(b, p + 12).toString(16);
    if ((len === 22 && !csum) || len === 24) s += ',data_len=' + u16(b, p + 20);
    s += '}';
  }
  return s;
}

function join(b: Uint8Array, p: number, len: number, flags: number): string | undefined {
  const ok = (len === 12 && (flags & SYN) !== 0) || (len === 16 && (flags & (SYN | ACK)) === (SYN | ACK)) || (len === 24 && (flags & ACK) !== 0);
  if (!ok) return undefined;
  let s = len !== 24 ? ((b[p + 2] & 1) !== 0 ? ' backup' : '') + ' id ' + b[p + 3] : '';
  if (len === 12) s += ' token 0x' + u32(b, p + 4).toString(16) + ' nonce 0x' + u32(b, p + 8).toString(16);
  if (len === 16) s += ' hmac 0x' + u64(b, p + 4).toString(16) + ' nonce 0x' + u32(b, p + 12).toString(16);
  if (len === 24) s += ' hmac 0x' + hexBytes(b, p + 4, 20);
  return s;
}

function dss(b: Uint8Array, p: number, len: number, flags: number): string | undefined {
  if (len < 4 || (flags & SYN) !== 0) return undefined;
  const f = b[p + 3];
  let q = p + 4;
  let rem = len - 4;
  let s = (f & 0x10) !== 0 ? ' fin' : '';
  const take = (n: number): string | undefined => {
    if (rem < n) return undefined;
    const v = n === 8 ? u64(b, q).toString() : n === 4 ? String(u32(b, q)) : String(u16(b, q));
    q += n;
    rem -= n;
    return v;
  };
  if ((f & 0x01) !== 0) {
    const v = take((f & 0x02) !== 0 ? 8 : 4);
    if (v === undefined) return undefined;
    s += ' ack ' + v;
  }
  if ((f & 0x04) !== 0) {
    const dsn = take((f & 0x08) !== 0 ? 8 : 4);
    const ssn = take(4);
    const dlen = take(2);
    if (dsn === undefined || ssn === undefined || dlen === undefined) return undefined;
    s += ' seq ' + dsn + ' subseq ' + ssn + ' len ' + dlen;
    if (rem >= 2) s += ' csum 0x' + Number(take(2)).toString(16);
  }
  return rem === 0 ? s : undefined;
}

function addAddr(b: Uint8Array, p: number, len: number): string | undefined {
  if (![8, 10, 16, 18, 20, 22, 28, 30].includes(len)) return undefined;
  const echo = b[p + 2] & 0x0f;
  const ver = echo === 6 ? 'v0-ip6' : echo === 4 ? 'v0-ip4' : echo === 1 ? 'v1-echo' : echo === 0 ? 'v1' : '[bad version/echo]';
  let s = ' ' + ver + ' id ' + b[p + 3];
  if (len <= 18) {
    s += ' ' + ipv4At(b, p + 4);
    if (len === 10 || len === 18) s += ':' + u16(b, p + 8);
    if (len === 16) s += ' hmac 0x' + u64(b, p + 8).toString(16);
    if (len === 18) s += ' hmac 0x' + u64(b, p + 10).toString(16);
    return s;
  }
  s += ' ' + ipv6At(b, p + 4);
  if (len === 22 || len === 30) s += ':' + u16(b, p + 20);
  if (len === 28) s += ' hmac 0x' + u64(b, p + 20).toString(16);
  if (len === 30) s += ' hmac 0x' + u64(b, p + 22).toString(16);
  return s;
}

function rstFlags(v: number): string {
  const s = ((v & 8) !== 0 ? 'U' : '') + ((v & 4) !== 0 ? 'V' : '') + ((v & 2) !== 0 ? 'W' : '') + ((v & 1) !== 0 ? 'T' : '');
  return s === '' ? 'none' : s;
}

const RST_REASONS = ['Unspecified error', 'MPTCP-specific error', 'Lack of resources', 'Administratively prohibited', 'Too much outstanding data', 'Unacceptable performance', 'Middlebox interference'];

function rstReason(v: number): string {
  return RST_REASONS[v] ?? 'unknown (0x' + v.toString(16).padStart(2, '0') + ')';
}

const TREE_NAMES = ['Multipath Capable', 'Join Connection', 'Data Sequence Signal', 'Add Address', 'Remove Address', 'Change Subflow Priority', 'Fallback', 'Fast Close', 'Subflow Reset'];

export function mptcpNode(b: Uint8Array, p: number, olen: number, flags: number): FieldNode {
  const kids: FieldNode[] = [leaf('tcp.option_kind', 'Kind', p, 1, 30), leaf('tcp.option_len', 'Length', p + 1, 1, olen)];
  let title = 'Multipath TCP';
  if (olen >= 3) {
    const sub = b[p + 2] >> 4;
    kids.push(leaf('tcp.options.mptcp.subtype', 'Multipath TCP subtype', p + 2, 1, sub, (TREE_NAMES[sub] ?? 'Unknown') + ' (' + sub + ')'));
    title += ' - ' + (TREE_NAMES[sub] ?? 'Unknown');
    const detail = subtypeText(b, p, olen, flags, Math.min(sub, 9));
    if (detail !== undefined && detail !== '') kids.push(leaf('mptcp.summary', 'Summary', p + 2, olen - 2, detail.trim()));
  }
  return node('tcp.options.mptcp', 'TCP Option - ' + title, p, olen, undefined, kids);
}
