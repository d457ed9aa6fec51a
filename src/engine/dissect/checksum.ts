// Internet checksums (RFC 1071) for the tree's "correct / incorrect" notes. Tree path only.

import { u16 } from './read';

/** One's-complement sum of bytes [off, off+len), folded to 16 bits, added to `init`. */
export function onesSum(b: Uint8Array, off: number, len: number, init = 0): number {
  let sum = init;
  const end = off + len;
  let i = off;
  for (; i + 1 < end; i += 2) sum += u16(b, i);
  if (i < end) sum += b[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The pseudo-header sum for TCP/UDP/ICMPv6 over IPv4 (addrLen 4) or IPv6 (addrLen 16). */
export function pseudoSum(b: Uint8Array, srcOff: number, dstOff: number, addrLen: number, proto: number, len: number): number {
  let sum = onesSum(b, srcOff, addrLen);
  sum = onesSum(b, dstOff, addrLen, sum);
  sum += proto + (len & 0xffff) + Math.floor(len / 0x10000);
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The value the checksum field should hold, given the sum over the data with the field as sent. */
export function shouldBe(sent: number, sumWithField: number): number {
  // Take the sent value back out of the sum (one's complement), then complement.
  let s = sumWithField + (~sent & 0xffff);
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}
