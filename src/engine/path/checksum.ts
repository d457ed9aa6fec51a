// Internet checksums (RFC 1071) for the packets the model builds or rewrites: full sums for new headers, and the
// incremental update of RFC 1624 for NAT and TTL changes, as the kernel's csum_replace helpers do.

/** Ones' complement sum of b[start, end) folded to 16 bits, starting from `initial`. */
export function onesSum(b: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (i < end) sum += b[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function put16(b: Uint8Array, off: number, v: number): void {
  b[off] = (v >> 8) & 0xff;
  b[off + 1] = v & 0xff;
}

export function get16(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}

/** Sum of the TCP/UDP/ICMPv6 pseudo-header: addresses, protocol and transport length. */
export function pseudoSum(src: Uint8Array, dst: Uint8Array, proto: number, len: number): number {
  let sum = onesSum(src, 0, src.length) + onesSum(dst, 0, dst.length) + proto + (len & 0xffff) + (len >>> 16);
  return fold(sum);
}

/** Writes the IPv4 header checksum of the header at `off`. */
export function fillIPv4Checksum(b: Uint8Array, off: number): void {
  const ihl = (b[off] & 0x0f) * 4;
  put16(b, off + 10, 0);
  put16(b, off + 10, ~onesSum(b, off, off + ihl) & 0xffff);
}

/** Whether the IPv4 header at `off` carries a valid checksum. */
export function ipv4ChecksumOk(b: Uint8Array, off: number): boolean {
  const ihl = (b[off] & 0x0f) * 4;
  return onesSum(b, off, off + ihl) === 0xffff;
}

/** RFC 1624 eqn. 3: the checksum at `off` after a 16-bit word of the covered data changed from `from` to `to`. */
export function replace16(b: Uint8Array, off: number, from: number, to: number): void {
  const sum = fold((~get16(b, off) & 0xffff) + (~from & 0xffff) + to);
  put16(b, off, ~sum & 0xffff);
}

/** Updates the checksum at `off` for replacing the bytes `from` with `to` (same even length). */
export function replaceBytes(b: Uint8Array, off: number, from: Uint8Array, to: Uint8Array): void {
  for (let i = 0; i + 1 < from.length; i += 2) {
    replace16(b, off, (from[i] << 8) | from[i + 1], (to[i] << 8) | to[i + 1]);
  }
}

/** The same for a UDP checksum: zero means "none" over IPv4 and stays zero; a computed zero is sent as 0xffff. */
export function replaceBytesUdp(b: Uint8Array, off: number, from: Uint8Array, to: Uint8Array): void {
  if (get16(b, off) === 0) return;
  replaceBytes(b, off, from, to);
  if (get16(b, off) === 0) put16(b, off, 0xffff);
}
