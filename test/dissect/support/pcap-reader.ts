// Test-only capture reader: classic pcap (either byte order, µs or ns) and the pcapng blocks that carry
// packets (SHB byte order, IDB link types, EPB and SPB). Independent of src/engine/pcap on purpose.

export interface CaptureRecord {
  linkType: number;
  data: Uint8Array;
  /** Original length on the wire. */
  wireLength: number;
}

export interface Capture {
  records: CaptureRecord[];
  /** Set when the file could not be read to the end; records holds what came before. */
  error?: string;
}

export function readCapture(buf: Uint8Array): Capture {
  if (buf.length < 4) return { records: [], error: 'file too short' };
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magicBE = view.getUint32(0, false);
  if (magicBE === 0x0a0d0d0a) return readPcapng(buf, view);
  const magics = [0xa1b2c3d4, 0xa1b23c4d];
  if (magics.includes(magicBE)) return readPcap(buf, view, false);
  if (magics.includes(view.getUint32(0, true))) return readPcap(buf, view, true);
  return { records: [], error: 'not a pcap or pcapng file' };
}

function readPcap(buf: Uint8Array, view: DataView, le: boolean): Capture {
  if (buf.length < 24) return { records: [], error: 'pcap header cut short' };
  const major = view.getUint16(4, le);
  if (major !== 2) return { records: [], error: 'unsupported pcap version ' + major };
  const linkType = view.getUint32(20, le) & 0x0fffffff;
  const records: CaptureRecord[] = [];
  let off = 24;
  while (off < buf.length) {
    if (off + 16 > buf.length) return { records, error: 'record header cut short at ' + off };
    const incl = view.getUint32(off + 8, le);
    const orig = view.getUint32(off + 12, le);
    if (off + 16 + incl > buf.length) return { records, error: 'record data cut short at ' + off };
    records.push({ linkType, data: buf.slice(off + 16, off + 16 + incl), wireLength: Math.max(orig, incl) });
    off += 16 + incl;
  }
  return { records };
}

function readPcapng(buf: Uint8Array, view: DataView): Capture {
  const records: CaptureRecord[] = [];
  let le = true;
  let links: number[] = [];
  let off = 0;
  while (off + 12 <= buf.length) {
    let type = view.getUint32(off, le);
    if (type === 0x0a0d0d0a) {
      const bom = view.getUint32(off + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else return { records, error: 'bad byte-order magic at ' + off };
      type = 0x0a0d0d0a;
      links = [];
    }
    const len = view.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0 || off + len > buf.length) return { records, error: 'bad block length at ' + off };
    if (view.getUint32(off + len - 4, le) !== len) return { records, error: 'block trailer mismatch at ' + off };
    if (type === 0x0a0d0d0a && !shbOptionsOk(view, off, len, le)) return { records, error: 'bad SHB options at ' + off };
    if (type === 1) links.push(view.getUint16(off + 8, le));
    if (type === 6 && len >= 32) {
      const iface = view.getUint32(off + 8, le);
      const cap = view.getUint32(off + 20, le);
      const orig = view.getUint32(off + 24, le);
      if (28 + cap > len - 4) return { records, error: 'EPB data runs past its block at ' + off };
      records.push({ linkType: links[iface] ?? 1, data: buf.slice(off + 28, off + 28 + cap), wireLength: Math.max(orig, cap) });
    }
    if (type === 3 && len >= 16) {
      const orig = view.getUint32(off + 8, le);
      const cap = Math.min(orig, len - 16);
      records.push({ linkType: links[0] ?? 1, data: buf.slice(off + 12, off + 12 + cap), wireLength: orig });
    }
    off += len;
  }
  return { records };
}

/** Walks the SHB options so that a length running past the block is rejected, as libpcap does. */
function shbOptionsOk(view: DataView, off: number, len: number, le: boolean): boolean {
  let p = off + 24;
  const end = off + len - 4;
  while (p + 4 <= end) {
    const code = view.getUint16(p, le);
    const olen = view.getUint16(p + 2, le);
    if (code === 0) return true;
    p += 4 + Math.ceil(olen / 4) * 4;
    if (p > end) return false;
  }
  return true;
}
