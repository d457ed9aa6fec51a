// Minimal classic-pcap reader for the capture tests: just enough to check
// the header and count the records, independent of the generator's code.

export interface PcapSummary {
  linkType: number;
  frameLengths: number[];
}

const MAGIC_USEC_LE = 0xa1b2c3d4;

/** Reads a little-endian microsecond pcap; throws on anything else. */
export function readPcap(buf: Buffer): PcapSummary {
  if (buf.length < 24 || buf.readUInt32LE(0) !== MAGIC_USEC_LE) throw new Error('not a little-endian µs pcap');
  const frameLengths: number[] = [];
  let off = 24;
  while (off < buf.length) {
    if (off + 16 > buf.length) throw new Error(`record header cut short at ${off}`);
    const incl = buf.readUInt32LE(off + 8);
    const orig = buf.readUInt32LE(off + 12);
    if (incl !== orig) throw new Error(`record at ${off} is snapped (${incl} of ${orig})`);
    if (off + 16 + incl > buf.length) throw new Error(`record data cut short at ${off}`);
    frameLengths.push(incl);
    off += 16 + incl;
  }
  return { linkType: buf.readUInt32LE(20), frameLengths };
}
