// Address and number formatting for the dissector. Lookup tables keep the per-packet hot path free of
// toString calls: a byte becomes its decimal or two-digit hex text by indexing.

const DEC: string[] = [];
const HEX2: string[] = [];
const HEXNP: string[] = [];
for (let i = 0; i < 256; i++) {
  DEC.push(String(i));
  HEX2.push(i.toString(16).padStart(2, '0'));
  HEXNP.push(i.toString(16));
}

/** Two lowercase hex digits for a byte. */
export function hex2(byte: number): string {
  return HEX2[byte & 0xff];
}

/** "0x" followed by `width` zero-padded lowercase hex digits (C's %0Nx). */
export function hexN(v: number, width: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(width, '0');
}

/** Lowercase hex without padding (C's %x). */
export function hex(v: number): string {
  return (v >>> 0).toString(16);
}

/** Dotted quad of the four bytes at `off` (caller checks bounds). */
export function ipv4At(b: Uint8Array, off: number): string {
  return DEC[b[off]] + '.' + DEC[b[off + 1]] + '.' + DEC[b[off + 2]] + '.' + DEC[b[off + 3]];
}

/** Colon-separated lowercase MAC of the six bytes at `off`. */
export function macAt(b: Uint8Array, off: number): string {
  return linkAddrAt(b, off, 6);
}

/** Any-length link address as colon-separated hex bytes (tcpdump's linkaddr_string). */
export function linkAddrAt(b: Uint8Array, off: number, len: number): string {
  if (len <= 0) return '';
  let s = HEX2[b[off]];
  for (let i = 1; i < len; i++) s += ':' + HEX2[b[off + i]];
  return s;
}

/** Hex of `len` bytes without separators. */
export function hexBytes(b: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += HEX2[b[off + i]];
  return s;
}

/**
 * IPv6 text form per RFC 5952 (as glibc/BIND inet_ntop print it): lowercase, no leading zeros, the longest
 * run of two or more zero groups (the first on a tie) becomes "::", and an IPv4-compatible or IPv4-mapped
 * address ends in a dotted quad. Works on the bytes directly: no arrays, no toString.
 */
export function ipv6At(b: Uint8Array, off: number): string {
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  for (let i = 0; i < 8; i++) {
    if (b[off + 2 * i] !== 0 || b[off + 2 * i + 1] !== 0) {
      curBase = -1;
      continue;
    }
    if (curBase < 0) curBase = i;
    if (i - curBase + 1 > bestLen) {
      bestBase = curBase;
      bestLen = i - curBase + 1;
    }
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      s += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    const mapped = bestLen === 5 && b[off + 10] === 0xff && b[off + 11] === 0xff;
    if (i === 6 && bestBase === 0 && (bestLen === 6 || mapped)) return s + ipv4At(b, off + 12);
    const hi = b[off + 2 * i];
    s += hi === 0 ? HEXNP[b[off + 2 * i + 1]] : HEXNP[hi] + HEX2[b[off + 2 * i + 1]];
    if (i < 7) s += ':';
  }
  return s;
}

/** Milliseconds since midnight as HH:MM:SS.mmm (ICMP timestamps). */
export function msOfDay(ms: number): string {
  const msec = ms % 1000;
  let sec = Math.floor(ms / 1000);
  let min = Math.floor(sec / 60);
  sec -= min * 60;
  const hrs = Math.floor(min / 60);
  min -= hrs * 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return two(hrs) + ':' + two(min) + ':' + two(sec) + '.' + String(msec).padStart(3, '0');
}
