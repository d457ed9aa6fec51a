// Internet checksum (RFC 1071) and the IPv4/IPv6 pseudo-headers that the
// TCP, UDP and ICMPv6 checksums cover.

/** One's-complement sum of 16-bit big-endian words, not yet folded. */
export function sum16(buf, acc = 0) {
  for (let i = 0; i + 1 < buf.length; i += 2) acc += buf.readUInt16BE(i);
  if (buf.length % 2 === 1) acc += buf[buf.length - 1] << 8;
  return acc;
}

/** Folds carries and complements: the value to store in a checksum field. */
export function finish(acc) {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return ~acc & 0xffff;
}

/** Checksum over the concatenation of the given buffers. */
export function checksum(...bufs) {
  // Summing buffers one by one is only right if every buffer but the last
  // has even length, which holds for headers; concatenate to be safe.
  return finish(sum16(Buffer.concat(bufs)));
}

export function pseudoHeader4(src, dst, proto, length) {
  const ph = Buffer.alloc(12);
  src.copy(ph, 0);
  dst.copy(ph, 4);
  ph[9] = proto;
  ph.writeUInt16BE(length, 10);
  return ph;
}

export function pseudoHeader6(src, dst, nextHeader, length) {
  const ph = Buffer.alloc(40);
  src.copy(ph, 0);
  dst.copy(ph, 16);
  ph.writeUInt32BE(length, 32);
  ph[39] = nextHeader;
  return ph;
}
