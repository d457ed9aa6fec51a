// Hand-built capture files for the tests, written straight from the format specs (not with our writer, so
// the two can check each other).

export interface Endian {
  le: boolean;
}

function u16(v: number, e: Endian): Buffer {
  const b = Buffer.alloc(2);
  if (e.le) b.writeUInt16LE(v);
  else b.writeUInt16BE(v);
  return b;
}

function u32(v: number, e: Endian): Buffer {
  const b = Buffer.alloc(4);
  if (e.le) b.writeUInt32LE(v >>> 0);
  else b.writeUInt32BE(v >>> 0);
  return b;
}

function u64(v: bigint, e: Endian): Buffer {
  const b = Buffer.alloc(8);
  if (e.le) b.writeBigUInt64LE(BigInt.asUintN(64, v));
  else b.writeBigUInt64BE(BigInt.asUintN(64, v));
  return b;
}

function padded(b: Buffer): Buffer {
  return Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
}

/** One option: code, length, value padded to 4. */
export function option(code: number, value: Buffer, e: Endian): Buffer {
  return Buffer.concat([u16(code, e), u16(value.length, e), padded(value)]);
}

/** A block: type, total length, body (padded), total length. */
export function block(type: number, body: Buffer, e: Endian, lengthOverride?: number, trailerOverride?: number): Buffer {
  const b = padded(body);
  const total = 12 + b.length;
  return Buffer.concat([u32(type, e), u32(lengthOverride ?? total, e), b, u32(trailerOverride ?? lengthOverride ?? total, e)]);
}

export function shb(e: Endian, options: Buffer[] = [], major = 1): Buffer {
  const body = Buffer.concat([u32(0x1a2b3c4d, e), u16(major, e), u16(0, e), u64(-1n, e), ...options]);
  return block(0x0a0d0d0a, body, e);
}

export function idb(e: Endian, linkType: number, snapLen: number, options: Buffer[] = []): Buffer {
  return block(1, Buffer.concat([u16(linkType, e), u16(0, e), u32(snapLen, e), ...options]), e);
}

export function tsresol(v: number, e: Endian): Buffer {
  return option(9, Buffer.of(v), e);
}

export function tsoffset(sec: bigint, e: Endian): Buffer {
  return option(14, u64(sec, e), e);
}

export function epb(e: Endian, ifId: number, ticks: bigint, data: Buffer, origLen = data.length, options: Buffer[] = []): Buffer {
  const body = Buffer.concat([
    u32(ifId, e), u32(Number(ticks >> 32n), e), u32(Number(ticks & 0xffffffffn), e), u32(data.length, e),
    u32(origLen, e), padded(data), ...options,
  ]);
  return block(6, body, e);
}

export function spb(e: Endian, origLen: number, data: Buffer): Buffer {
  return block(3, Buffer.concat([u32(origLen, e), padded(data)]), e);
}

/** A classic pcap file header. */
export function pcapHeader(e: Endian, opts: { nano?: boolean; snapLen?: number; linkType?: number; major?: number } = {}): Buffer {
  return Buffer.concat([
    u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4, e), u16(opts.major ?? 2, e), u16(4, e), u32(0, e), u32(0, e),
    u32(opts.snapLen ?? 65535, e), u32(opts.linkType ?? 1, e),
  ]);
}

export function pcapRecord(e: Endian, sec: number, frac: number, data: Buffer, origLen = data.length, capLen = data.length): Buffer {
  return Buffer.concat([u32(sec, e), u32(frac, e), u32(capLen, e), u32(origLen, e), data]);
}

/** A minimal Ethernet + IPv4 + UDP frame whose last byte is `tag`, for telling packets apart. */
export function frame(tag: number, size = 60): Buffer {
  const b = Buffer.alloc(size);
  Buffer.from('ffffffffffff02000000000a0800', 'hex').copy(b, 0);
  b[14] = 0x45;
  b.writeUInt16BE(Math.min(size - 14, 0xffff), 16);
  b[22] = 64;
  b[23] = 17;
  b[size - 1] = tag;
  return b;
}

export const LE: Endian = { le: true };
export const BE: Endian = { le: false };
