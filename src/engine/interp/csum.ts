// The kernel's Internet checksum primitives, bit for bit (x86-64 flavour where the representation of the
// ones'-complement result matters). Values are as they sit in memory (the helpers never byte-swap), 32-bit
// sums (__wsum) as unsigned numbers, 16-bit ones (__sum16) as 0..0xffff.

/**
 * csum_partial(buf, len, sum): the ones'-complement sum of the buffer's little-endian 32-bit words (the tail
 * zero-padded) plus sum, folded with end-around carry. The result is 0 only when everything summed is zero,
 * which is what x86-64's 64-bit-at-a-time loop gives.
 */
export function csumPartial(buf: Uint8Array, sum: number): number {
  let total = sum >>> 0;
  const n = buf.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) total += (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) >>> 0;
  if (i < n) {
    let w = 0;
    for (let k = 0; i + k < n; k++) w |= buf[i + k] << (8 * k);
    total += w >>> 0;
  }
  if (total === 0) return 0;
  return ((total - 1) % 0xffffffff) + 1;
}

export function csumAdd(a: number, b: number): number {
  const res = ((a >>> 0) + (b >>> 0)) >>> 0;
  return (res + (res < b >>> 0 ? 1 : 0)) >>> 0;
}

export function csumSub(a: number, b: number): number {
  return csumAdd(a, ~b >>> 0);
}

/** Folds a 32-bit sum to 16 bits and complements it. */
export function csumFold(sum: number): number {
  let s = sum >>> 0;
  s = (s & 0xffff) + (s >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** csum_from32to16: the folded sum, not complemented (add the halves, rotated). */
export function csumFrom32to16(sum: number): number {
  const s = sum >>> 0;
  const rot = ((s >>> 16) | (s << 16)) >>> 0;
  return ((s + rot) >>> 16) & 0xffff;
}

function csum16Add(csum: number, addend: number): number {
  const a = addend & 0xffff;
  const res = ((csum & 0xffff) + a) & 0xffff;
  return (res + (res < a ? 1 : 0)) & 0xffff;
}

/** csum_replace2: 16-bit incremental update of a checksum (RFC 1624, eqn. 3). */
export function csumReplace2(sum: number, from: number, to: number): number {
  return ~csum16Add(csum16Add(~sum & 0xffff, ~from & 0xffff), to) & 0xffff;
}

/** csum_replace4: incremental update for a 32-bit field. */
export function csumReplace4(sum: number, from: number, to: number): number {
  const tmp = csumSub(~(sum & 0xffff) >>> 0, from >>> 0);
  return csumFold(csumAdd(tmp, to >>> 0));
}

/** csum_replace_by_diff: apply a precomputed 32-bit difference. */
export function csumReplaceByDiff(sum: number, diff: number): number {
  return csumFold(csumAdd(diff >>> 0, ~(sum & 0xffff) >>> 0));
}

/** inet_proto_csum_replace4 for an skb that is not CHECKSUM_PARTIAL: the L4 checksum update. */
export function inetProtoCsumReplace4(sum: number, from: number, to: number): number {
  const diff = new Uint8Array(8);
  const dv = new DataView(diff.buffer);
  dv.setUint32(0, ~from >>> 0, true);
  dv.setUint32(4, to >>> 0, true);
  return csumFold(csumPartial(diff, ~(sum & 0xffff) >>> 0));
}
