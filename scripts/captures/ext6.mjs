// IPv6 extension headers, each { type, build(next) } for ipv6() to chain.

import { PROTO } from './layers.mjs';

/** Options header (hop-by-hop or destination) padded with one PadN. */
function optionsHeader(type, units) {
  return {
    type,
    build(next) {
      const len = (units + 1) * 8;
      const h = Buffer.alloc(len);
      h[0] = next;
      h[1] = units;
      h[2] = 1; // PadN covering the rest of the header
      h[3] = len - 4;
      return h;
    },
  };
}

export const hopByHop = (units = 0) => optionsHeader(PROTO.HOPOPTS, units);
export const destOptions = (units = 0) => optionsHeader(PROTO.DSTOPTS, units);

/** Segment routing header (RFC 8754) already at its last segment. */
export function segmentRouting(finalDst) {
  return {
    type: PROTO.ROUTING,
    build(next) {
      const h = Buffer.alloc(8 + 16);
      h[0] = next;
      h[1] = 2; // 16 bytes of segment list, in 8-byte units
      h[2] = 4; // routing type: SRH
      h[3] = 0; // segments left
      h[4] = 0; // last entry
      finalDst.copy(h, 8);
      return h;
    },
  };
}

export function fragment({ offset = 0, more = false, id }) {
  return {
    type: PROTO.FRAGMENT,
    build(next) {
      const h = Buffer.alloc(8);
      h[0] = next;
      h.writeUInt16BE((offset / 8) << 3 | (more ? 1 : 0), 2);
      h.writeUInt32BE(id, 4);
      return h;
    },
  };
}

/** Authentication header with a 96-bit ICV (fixed bytes; nobody checks it). */
export function authHeader(spi, seq) {
  return {
    type: PROTO.AH,
    build(next) {
      const h = Buffer.alloc(24);
      h[0] = next;
      h[1] = 24 / 4 - 2;
      h.writeUInt32BE(spi, 4);
      h.writeUInt32BE(seq, 8);
      for (let i = 12; i < 24; i++) h[i] = 0xa0 + i;
      return h;
    },
  };
}
