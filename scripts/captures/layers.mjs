// Header builders. L4 builders return { proto, build(pseudo) } so the
// network layer can supply the pseudo-header its checksum needs; IPv6
// extension headers return { type, build(next) } so they can be chained.

import { checksum, pseudoHeader4, pseudoHeader6 } from './checksum.mjs';

export const ETH_P = { IPV4: 0x0800, ARP: 0x0806, VLAN: 0x8100, QINQ: 0x88a8, IPV6: 0x86dd };
export const PROTO = { HOPOPTS: 0, ICMP: 1, TCP: 6, UDP: 17, ROUTING: 43, FRAGMENT: 44, AH: 51, ICMPV6: 58, NONE: 59, DSTOPTS: 60 };
export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };

const MIN_FRAME = 60; // Ethernet minimum without the FCS

/** Ethernet frame; tags are [{ tpid, vid, pcp }] outermost first. */
export function ethernet({ dst, src, tags = [], type }, payload, { pad = true } = {}) {
  const parts = [dst, src];
  for (const tag of tags) {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(tag.tpid, 0);
    t.writeUInt16BE(((tag.pcp ?? 0) << 13) | tag.vid, 2);
    parts.push(t);
  }
  const typeField = Buffer.alloc(2);
  typeField.writeUInt16BE(type, 0);
  parts.push(typeField, payload);
  const frame = Buffer.concat(parts);
  if (!pad || frame.length >= MIN_FRAME) return frame;
  return Buffer.concat([frame, Buffer.alloc(MIN_FRAME - frame.length)]);
}

export function arp({ op, sha, spa, tha, tpa }) {
  const b = Buffer.alloc(28);
  b.writeUInt16BE(1, 0); // Ethernet
  b.writeUInt16BE(ETH_P.IPV4, 2);
  b[4] = 6;
  b[5] = 4;
  b.writeUInt16BE(op, 6);
  sha.copy(b, 8);
  spa.copy(b, 14);
  tha.copy(b, 18);
  tpa.copy(b, 24);
  return b;
}

/** IPv4 header for a payload of payloadLen bytes (options padded to 4). */
export function ipv4Header(o, proto, payloadLen) {
  const options = o.options ?? Buffer.alloc(0);
  if (options.length % 4 !== 0) throw new Error('IPv4 options must be padded to 4 bytes');
  const h = Buffer.alloc(20 + options.length);
  h[0] = 0x40 | (h.length / 4);
  h[1] = o.tos ?? 0;
  h.writeUInt16BE(h.length + payloadLen, 2);
  h.writeUInt16BE(o.id ?? 0, 4);
  const flags = (o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0);
  h.writeUInt16BE(flags | ((o.fragOffset ?? 0) / 8), 6);
  h[8] = o.ttl ?? 64;
  h[9] = proto;
  o.src.copy(h, 12);
  o.dst.copy(h, 16);
  options.copy(h, 20);
  h.writeUInt16BE(checksum(h), 10);
  return h;
}

/** A whole IPv4 datagram carrying l4. */
export function ipv4(o, l4) {
  const segment = l4.build((len) => pseudoHeader4(o.src, o.dst, l4.proto, len));
  return Buffer.concat([ipv4Header(o, l4.proto, segment.length), segment]);
}

/** The datagram split into fragments whose payloads hold fragSize bytes. */
export function ipv4Fragments(o, l4, fragSize) {
  if (fragSize % 8 !== 0) throw new Error('fragment size must be a multiple of 8');
  const segment = l4.build((len) => pseudoHeader4(o.src, o.dst, l4.proto, len));
  const out = [];
  for (let off = 0; off < segment.length; off += fragSize) {
    const piece = segment.subarray(off, off + fragSize);
    const mf = off + fragSize < segment.length;
    out.push(Buffer.concat([ipv4Header({ ...o, mf, fragOffset: off }, l4.proto, piece.length), piece]));
  }
  return out;
}

export function ipv6Header(o, nextHeader, payloadLen) {
  const h = Buffer.alloc(40);
  const tc = o.trafficClass ?? 0;
  h.writeUInt32BE(((6 << 28) | (tc << 20) | (o.flowLabel ?? 0)) >>> 0, 0);
  h.writeUInt16BE(payloadLen, 4);
  h[6] = nextHeader;
  h[7] = o.hopLimit ?? 64;
  o.src.copy(h, 8);
  o.dst.copy(h, 24);
  return h;
}

/** Chains extension headers in order; returns [first type, bytes]. */
function chainExtensions(exts, lastNext) {
  const bufs = exts.map((ext, i) => ext.build(i + 1 < exts.length ? exts[i + 1].type : lastNext));
  return [exts.length ? exts[0].type : lastNext, Buffer.concat(bufs)];
}

/** A whole IPv6 packet: extension headers, then l4 (or raw bytes if l4.raw). */
export function ipv6(o, l4, exts = []) {
  // No routing header here leaves segments; the pseudo-header uses dst as is.
  const segment = l4.build((len) => pseudoHeader6(o.src, o.dst, l4.proto, len));
  const [first, extBytes] = chainExtensions(exts, l4.proto);
  return Buffer.concat([ipv6Header(o, first, extBytes.length + segment.length), extBytes, segment]);
}

/** The L4 segment of an IPv6 packet, for fragmenting it by hand. */
export function ipv6Segment(o, l4) {
  return l4.build((len) => pseudoHeader6(o.src, o.dst, l4.proto, len));
}

/** Raw bytes standing in for an L4 segment (a later fragment, say). */
export function rawL4(proto, bytes) {
  return { proto, build: () => bytes };
}

export function udp(sport, dport, payload) {
  return {
    proto: PROTO.UDP,
    build(pseudo) {
      const h = Buffer.alloc(8);
      h.writeUInt16BE(sport, 0);
      h.writeUInt16BE(dport, 2);
      h.writeUInt16BE(8 + payload.length, 4);
      const sum = checksum(pseudo(8 + payload.length), h, payload);
      h.writeUInt16BE(sum === 0 ? 0xffff : sum, 6); // 0 means "no checksum"
      return Buffer.concat([h, payload]);
    },
  };
}

/** Window defaults to Linux-like values: 64240 on SYNs, else 502 (scaled by 128). */
export function tcp({ sport, dport, seq, ack = 0, flags, window, options = Buffer.alloc(0) }, payload = Buffer.alloc(0)) {
  if (options.length % 4 !== 0) throw new Error('TCP options must be padded to 4 bytes');
  return {
    proto: PROTO.TCP,
    build(pseudo) {
      const h = Buffer.alloc(20 + options.length);
      h.writeUInt16BE(sport, 0);
      h.writeUInt16BE(dport, 2);
      h.writeUInt32BE(seq >>> 0, 4);
      h.writeUInt32BE(ack >>> 0, 8);
      h[12] = (h.length / 4) << 4;
      h[13] = flags;
      h.writeUInt16BE(window ?? (flags & TCP_FLAG.SYN ? 64240 : 502), 14);
      options.copy(h, 20);
      const len = h.length + payload.length;
      h.writeUInt16BE(checksum(pseudo(len), h, payload), 16);
      return Buffer.concat([h, payload]);
    },
  };
}

export function icmp(type, code, rest) {
  return {
    proto: PROTO.ICMP,
    build() {
      const m = Buffer.concat([Buffer.from([type, code, 0, 0]), rest]);
      m.writeUInt16BE(checksum(m), 2);
      return m;
    },
  };
}

export function icmpv6(type, code, rest) {
  return {
    proto: PROTO.ICMPV6,
    build(pseudo) {
      const m = Buffer.concat([Buffer.from([type, code, 0, 0]), rest]);
      m.writeUInt16BE(checksum(pseudo(m.length), m), 2);
      return m;
    },
  };
}

/** Echo body: identifier, sequence, data. */
export function echoBody(id, seq, data) {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(seq, 2);
  return Buffer.concat([h, data]);
}
