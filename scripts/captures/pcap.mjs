// Classic libpcap file writer: little-endian, microsecond timestamps,
// LINKTYPE_ETHERNET.

const MAGIC_USEC = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 65535;

/** records: [{ sec, usec, data }] -> the whole file. */
export function pcapFile(records) {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(MAGIC_USEC, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeInt32LE(0, 8); // thiszone
  header.writeUInt32LE(0, 12); // sigfigs
  header.writeUInt32LE(SNAPLEN, 16);
  header.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  const parts = [header];
  for (const r of records) {
    const rh = Buffer.alloc(16);
    rh.writeUInt32LE(r.sec, 0);
    rh.writeUInt32LE(r.usec, 4);
    // Short frames were short on the wire too: captured length = length.
    rh.writeUInt32LE(r.data.length, 8);
    rh.writeUInt32LE(r.data.length, 12);
    parts.push(rh, r.data);
  }
  return Buffer.concat(parts);
}
