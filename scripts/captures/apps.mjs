// Application payloads that Wireshark can dissect cleanly.

function dnsName(name) {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')]));
  return Buffer.concat([...labels, Buffer.from([0])]);
}

function dnsHeader(id, flags, qd, an) {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(flags, 2);
  h.writeUInt16BE(qd, 4);
  h.writeUInt16BE(an, 6);
  return h;
}

function question(name, qtype) {
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(qtype, 0);
  tail.writeUInt16BE(1, 2); // class IN
  return Buffer.concat([dnsName(name), tail]);
}

export const DNS_A = 1;
export const DNS_AAAA = 28;

export function dnsQuery(id, name, qtype = DNS_A) {
  return Buffer.concat([dnsHeader(id, 0x0100, 1, 0), question(name, qtype)]);
}

/** Response with one A record; the answer names the question by pointer. */
export function dnsAnswerA(id, name, addr, ttl = 300) {
  const rr = Buffer.alloc(16);
  rr.writeUInt16BE(0xc00c, 0); // pointer to the name at offset 12
  rr.writeUInt16BE(DNS_A, 2);
  rr.writeUInt16BE(1, 4);
  rr.writeUInt32BE(ttl, 6);
  rr.writeUInt16BE(4, 10);
  addr.copy(rr, 12);
  return Buffer.concat([dnsHeader(id, 0x8180, 1, 1), question(name, DNS_A), rr]);
}

/** NTPv4 client request with a fixed transmit timestamp. */
export function ntpClient(txSeconds) {
  const m = Buffer.alloc(48);
  m[0] = (0 << 6) | (4 << 3) | 3; // LI 0, version 4, mode client
  m.writeUInt32BE(txSeconds >>> 0, 40);
  return m;
}

/** Ping data shaped like Linux ping's: 8 timestamp bytes, then 0x10, 0x11, ... */
export function pingData(len, stamp) {
  const d = Buffer.alloc(len);
  d.writeUInt32LE(stamp, 0);
  for (let i = 8; i < len; i++) d[i] = (i + 8) & 0xff;
  return d;
}

/** Deterministic filler: repeats a label so hex dumps stay readable. */
export function filler(len, label = 'xdp-lab ') {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = label.charCodeAt(i % label.length);
  return b;
}

export const ascii = (s) => Buffer.from(s, 'ascii');
