// TCP (RFC 9293): tcpdump's tcp_print line (flags, seq/ack, window, options, length) and the tree.

import { pseudoSum, onesSum, shouldBe } from './checksum';
import type { Decoder } from './decoder';
import { bitLeaf, expert, has, leaf, node, withKids } from './fields';
import { hexBytes, hexN, ipv4At, ipv6At } from './format';
import type { IpLayer, TcpLayer } from './layers';
import { printTcpOptions, treeTcpOptions } from './tcp-options';
import { u16, u32 } from './read';
import type { FieldNode } from './types';

export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_PUSH = 0x08;
export const TH_ACK = 0x10;
export const TH_URG = 0x20;

const FLAG_CHARS: ReadonlyArray<[number, string]> = [
  [0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W'],
];

/** tcpdump's "Flags [S.]" letters for the low eight flag bits. */
export function tcpFlagLetters(flags: number): string {
  let s = '';
  for (const [bit, ch] of FLAG_CHARS) if ((flags & bit) !== 0) s += ch;
  return s === '' ? 'none' : s;
}

/** "a > b" for the enclosing IP header (addresses only). */
export function ipPair(b: Uint8Array, ip: IpLayer): [string, string] {
  if (ip.kind === 'ipv4') return [ipv4At(b, ip.off + 12), ipv4At(b, ip.off + 16)];
  return [ipv6At(b, ip.off + 8), ipv6At(b, ip.off + 24)];
}

/** The transport's "src.port > dst.port: " (or "port > port: " when not directly inside IP). */
export function portsText(b: Uint8Array, ip: IpLayer, direct: boolean, sport: number, dport: number): string {
  if (!direct) return sport + ' > ' + dport + ': ';
  const [s, t] = ipPair(b, ip);
  return s + '.' + sport + ' > ' + t + '.' + dport + ': ';
}

export function decodeTcp(d: Decoder, off: number, length: number, capEnd: number, ip: IpLayer, direct: boolean): void {
  const b = d.b;
  if (!has(off, 4, capEnd)) {
    d.push({ kind: 'tcp', off, capEnd, cut: true, depth: d.depth, sport: -1, dport: -1, hlen: 0, flags: 0, length, seq: 0, ack: 0 });
    if (d.talking()) d.put(ipPair(b, ip).join(' > ') + ':');
    return d.trunc('tcp', off);
  }
  const sport = u16(b, off);
  const dport = u16(b, off + 2);
  const talk = d.talking();
  if (talk) d.put(portsText(b, ip, direct, sport, dport));
  const l: TcpLayer = d.push({ kind: 'tcp', off, capEnd, cut: true, depth: d.depth, sport, dport, hlen: 0, flags: 0, length, seq: 0, ack: 0 });
  if (!has(off, 20, capEnd)) return d.trunc('tcp', off);
  l.hlen = (b[off + 12] >> 4) * 4;
  l.flags = u16(b, off + 12) & 0x0fff;
  l.cut = !has(off, l.hlen, capEnd);
  if (l.hlen < 20) return d.put(' tcp ' + ((length - l.hlen) >>> 0) + ' [bad hdr length ' + l.hlen + ' - too short, < 20]');
  const flags = b[off + 13];
  if (talk) d.put('Flags [' + tcpFlagLetters(flags) + ']');
  let seq = u32(b, off + 4);
  let ack = u32(b, off + 8);
  let bases: [number, number] = [0, 0];
  let rev = false;
  if (d.tcpSeq !== undefined && talk && (flags & TH_ACK) !== 0) {
    rev = sport > dport || (sport === dport && addrGreater(b, ip));
    const r = d.tcpSeq.relative(connKey(b, ip, sport, dport, rev), rev, (flags & TH_SYN) !== 0, seq, ack);
    seq = r[0];
    ack = r[1];
    bases = [r[2], r[3]];
  }
  l.seq = seq;
  l.ack = ack;
  if (l.hlen > length) return d.put(' [bad hdr length ' + l.hlen + ' - too long, > ' + length + ']');
  const plen = length - l.hlen;
  if (talk) {
    if (plen > 0 || (flags & (TH_SYN | TH_FIN | TH_RST)) !== 0) d.put(', seq ' + seq + (plen > 0 ? ':' + ((seq + plen) >>> 0) : ''));
    if ((flags & TH_ACK) !== 0) d.put(', ack ' + ack);
    d.put(', win ' + u16(b, off + 14));
    if ((flags & TH_URG) !== 0) d.put(', urg ' + u16(b, off + 18));
    if (l.hlen > 20 && !printTcpOptions(d, off + 20, l.hlen - 20, capEnd, flags, rev ? bases[0] : bases[1], off, plen)) return;
    d.put(', length ' + plen);
  }
  if (plen <= 0) return;
  if (!has(off, l.hlen, capEnd)) {
    d.put(' [remaining caplen(' + Math.max(0, capEnd - off) + ') < header length(' + l.hlen + ')]');
    return d.trunc('tcp', off);
  }
  d.data(off + l.hlen, plen, capEnd, 'TCP payload');
}

function addrGreater(b: Uint8Array, ip: IpLayer): boolean {
  const [s, t, n] = ip.kind === 'ipv4' ? [ip.off + 12, ip.off + 16, 4] : [ip.off + 8, ip.off + 24, 16];
  for (let i = 0; i < n; i++) if (b[s + i] !== b[t + i]) return b[s + i] > b[t + i];
  return false;
}

function connKey(b: Uint8Array, ip: IpLayer, sport: number, dport: number, rev: boolean): string {
  const [s, t] = ipPair(b, ip);
  return rev ? t + '|' + s + '|' + dport + '|' + sport : s + '|' + t + '|' + sport + '|' + dport;
}

// ---- tree ----

const FLAG_BITS: ReadonlyArray<[number, string, string, string]> = [
  [0x0e00, 'tcp.flags.res', 'Reserved', ''],
  [0x0100, 'tcp.flags.ae', 'Accurate ECN', 'AE'],
  [0x0080, 'tcp.flags.cwr', 'Congestion Window Reduced', 'CWR'],
  [0x0040, 'tcp.flags.ece', 'ECN-Echo', 'ECE'],
  [0x0020, 'tcp.flags.urg', 'Urgent', 'URG'],
  [0x0010, 'tcp.flags.ack', 'Acknowledgment', 'ACK'],
  [0x0008, 'tcp.flags.push', 'Push', 'PSH'],
  [0x0004, 'tcp.flags.reset', 'Reset', 'RST'],
  [0x0002, 'tcp.flags.syn', 'Syn', 'SYN'],
  [0x0001, 'tcp.flags.fin', 'Fin', 'FIN'],
];

/** Wireshark's "SYN, ACK" naming of the 12 flag bits (lowest bit first, as its Info column lists them). */
export function tcpFlagNames(flags: number): string {
  let s = '';
  for (let i = FLAG_BITS.length - 1; i >= 1; i--) {
    if ((flags & FLAG_BITS[i][0]) === 0) continue;
    s += s === '' ? FLAG_BITS[i][3] : ', ' + FLAG_BITS[i][3];
  }
  return s;
}

export function treeTcp(l: TcpLayer, b: Uint8Array, ip: IpLayer | undefined): FieldNode {
  const o = l.off;
  const kids: FieldNode[] = [];
  const title = 'Transmission Control Protocol';
  if (l.sport < 0) return node('tcp', title + ' [truncated]', o, Math.max(0, l.capEnd - o), undefined, [expert('TCP header cut short', o, Math.max(0, l.capEnd - o))]);
  kids.push(leaf('tcp.srcport', 'Source Port', o, 2, l.sport), leaf('tcp.dstport', 'Destination Port', o + 2, 2, l.dport));
  if (!has(o, 20, l.capEnd)) {
    kids.push(expert('TCP header cut short', o, Math.max(0, l.capEnd - o)));
    return node('tcp', title + ', Src Port: ' + l.sport + ', Dst Port: ' + l.dport, o, Math.max(0, l.capEnd - o), undefined, kids);
  }
  const plen = Math.max(0, l.length - l.hlen);
  const seq = u32(b, o + 4);
  const word = u16(b, o + 12);
  kids.push(
    leaf('tcp.len', 'TCP Segment Len', o + 12, 0, plen),
    leaf('tcp.seq_raw', 'Sequence Number (raw)', o + 4, 4, seq),
    leaf('tcp.ack_raw', 'Acknowledgment number (raw)', o + 8, 4, u32(b, o + 8)),
    { ...bitLeaf('tcp.hdr_len', 'Header Length', o + 12, 1, 0xf0, b[o + 12], l.hlen + ' bytes (' + (l.hlen / 4) + ')'), value: l.hlen },
    withKids(
      bitLeaf('tcp.flags', 'Flags', o + 12, 2, 0x0fff, word, hexN(l.flags, 3) + ' (' + tcpFlagNames(l.flags) + ')'),
      FLAG_BITS.map(([mask, name, t]) => bitLeaf(name, t, o + 12, 2, mask, word, (word & mask) !== 0 ? 'Set' : 'Not set')),
    ),
    leaf('tcp.window_size_value', 'Window', o + 14, 2, u16(b, o + 14)),
    checksumNode(l, b, ip),
    leaf('tcp.urgent_pointer', 'Urgent Pointer', o + 18, 2, u16(b, o + 18)),
  );
  if (l.hlen < 20) kids.push(expert('Bogus TCP header length (' + l.hlen + ', must be at least 20)', o + 12, 1));
  if (l.hlen > 20) kids.push(treeTcpOptions(b, o + 20, l.hlen - 20, l.capEnd, l.flags));
  const payOff = o + Math.max(20, l.hlen);
  const payCap = Math.min(plen, Math.max(0, l.capEnd - payOff));
  if (plen > 0 && payCap > 0) kids.push(leaf('tcp.payload', 'TCP payload (' + plen + ' bytes)', payOff, payCap, hexBytes(b, payOff, Math.min(payCap, 64)), payCap + ' captured bytes'));
  if (l.cut) kids.push(expert('TCP header cut short by the capture', o, Math.max(0, l.capEnd - o)));
  const head = title + ', Src Port: ' + l.sport + ', Dst Port: ' + l.dport + ', Seq: ' + seq + ', Len: ' + plen;
  return node('tcp', head, o, Math.max(0, Math.min(Math.max(20, l.hlen), l.capEnd - o)), undefined, kids);
}

function checksumNode(l: TcpLayer, b: Uint8Array, ip: IpLayer | undefined): FieldNode {
  const o = l.off;
  const sent = u16(b, o + 16);
  const n = leaf('tcp.checksum', 'Checksum', o + 16, 2, sent, hexN(sent, 4) + ' [unverified]');
  if (ip === undefined || !has(o, l.length, l.capEnd) || l.length < 20) return n;
  const sum = transportSum(b, ip, 6, o, l.length);
  const ok = sum === 0xffff;
  n.label = 'Checksum: ' + hexN(sent, 4) + (ok ? ' [correct]' : ' [incorrect, should be ' + hexN(shouldBe(sent, sum), 4) + ']');
  n.children.push(leaf('tcp.checksum.status', 'Checksum Status', o + 16, 2, ok ? 'Good' : 'Bad'));
  return n;
}

/** Sum over pseudo-header and segment (0xffff when the checksum is right). */
export function transportSum(b: Uint8Array, ip: IpLayer, proto: number, off: number, len: number): number {
  const ph = ip.kind === 'ipv4' ? pseudoSum(b, ip.off + 12, ip.off + 16, 4, proto, len) : pseudoSum(b, ip.off + 8, ip.off + 24, 16, proto, len);
  return onesSum(b, off, len, ph);
}
