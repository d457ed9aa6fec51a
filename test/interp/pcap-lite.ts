// Test-only classic pcap reader (both byte orders, µs and ns timestamps): records with their capture time.
// The real reader lives in src/engine/pcap; these tests must not depend on it.

export interface PcapRecord {
  tsNs: bigint;
  data: Uint8Array;
}

/** Link type of a classic pcap file (masked to 16 bits), or undefined if it is not one. */
export function pcapLinkType(buf: Uint8Array): number | undefined {
  if (buf.length < 24) return undefined;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const m = dv.getUint32(0, true);
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  const be = m === 0xd4c3b2a1 || m === 0x4d3cb2a1;
  return le || be ? dv.getUint32(20, le) & 0xffff : undefined;
}

export function readPcapRecords(buf: Uint8Array): PcapRecord[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 24) throw new Error('pcap: shorter than the file header');
  const magicLe = dv.getUint32(0, true);
  const le = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
  const magic = dv.getUint32(0, le);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error('pcap: bad magic');
  const nano = magic === 0xa1b23c4d;
  const out: PcapRecord[] = [];
  for (let off = 24; off + 16 <= buf.length;) {
    const sec = dv.getUint32(off, le);
    const frac = dv.getUint32(off + 4, le);
    const incl = dv.getUint32(off + 8, le);
    if (off + 16 + incl > buf.length) throw new Error(`pcap: record at ${off} cut short`);
    const tsNs = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (nano ? 1n : 1000n);
    out.push({ tsNs, data: buf.slice(off + 16, off + 16 + incl) });
    off += 16 + incl;
  }
  return out;
}
