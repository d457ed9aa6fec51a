// Receive-side scaling: the Toeplitz hash NICs compute over a flow's addresses and ports, and the indirection
// table that turns the hash into an RX queue (what `ethtool -x` shows).
//
// Toeplitz: for every set bit of the input (most significant bit of the first byte first), XOR into the result
// the 32 bits of the key that start at that bit's position. Per key we precompute, for every input byte position,
// the XOR for all 256 byte values, so a packet costs one table read per input byte.

import type { FlowKey } from './flowkey';
import { IPPROTO_TCP, IPPROTO_UDP } from './flowkey';

/** The 40-byte key Microsoft's RSS documentation uses; drivers ship it (or a random key) as their default. */
export const DEFAULT_RSS_KEY = Uint8Array.from([
  0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
  0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
  0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
]);

/** Longest input: IPv6 source and destination plus two ports. */
const MAX_INPUT = 36;
/** `ethtool -x` shows 128 entries for most NICs. */
export const DEFAULT_INDIRECTION_SIZE = 128;

/** The 32 key bits starting at bit `pos`, zero beyond the end of the key. */
function keyWindow(key: Uint8Array, pos: number): number {
  const byte = pos >> 3;
  const shift = pos & 7;
  const at = (i: number): number => (byte + i < key.length ? key[byte + i] : 0);
  const hi = ((at(0) << 24) | (at(1) << 16) | (at(2) << 8) | at(3)) >>> 0;
  if (shift === 0) return hi;
  return ((hi << shift) | (at(4) >>> (8 - shift))) >>> 0;
}

export class Toeplitz {
  private readonly table: Uint32Array;

  constructor(key: Uint8Array) {
    const inputBytes = Math.min(MAX_INPUT, Math.max(0, key.length - 4));
    this.table = new Uint32Array(inputBytes * 256);
    for (let i = 0; i < inputBytes; i++) this.fillByte(key, i);
  }

  private fillByte(key: Uint8Array, i: number): void {
    const windows: number[] = [];
    for (let bit = 0; bit < 8; bit++) windows.push(keyWindow(key, i * 8 + bit));
    for (let v = 0; v < 256; v++) {
      let h = 0;
      for (let bit = 0; bit < 8; bit++) if (v & (0x80 >> bit)) h ^= windows[bit];
      this.table[i * 256 + v] = h >>> 0;
    }
  }

  /** Hash of input[0, len). Bytes beyond what the key covers are ignored, as hardware does. */
  hash(input: Uint8Array, len = input.length): number {
    const n = Math.min(len, this.table.length >> 8);
    let h = 0;
    for (let i = 0; i < n; i++) h ^= this.table[(i << 8) | input[i]];
    return h >>> 0;
  }
}

export interface RssFields {
  /** Hash UDP ports too (`ethtool -N … rx-flow-hash udp4 sdfn`); some NICs default to addresses only. */
  udpPorts: boolean;
}

/**
 * Writes the hash input for a flow into `out` and returns its length: source address, destination address, then
 * source and destination port for TCP (and UDP when enabled) unless the packet is a fragment; 0 for non-IP.
 */
export function rssInput(k: FlowKey, fields: RssFields, out: Uint8Array): number {
  if (k.family === 0) return 0;
  out.set(k.src, 0);
  out.set(k.dst, k.src.length);
  let n = k.src.length * 2;
  const ports = k.l4 >= 0 && !k.fragment && (k.proto === IPPROTO_TCP || (k.proto === IPPROTO_UDP && fields.udpPorts));
  if (!ports) return n;
  out[n++] = k.sport >> 8;
  out[n++] = k.sport & 0xff;
  out[n++] = k.dport >> 8;
  out[n++] = k.dport & 0xff;
  return n;
}

/** ethtool's default spread: entry i goes to queue i mod queues. */
export function defaultIndirection(queues: number, size = DEFAULT_INDIRECTION_SIZE): number[] {
  const t: number[] = [];
  for (let i = 0; i < size; i++) t.push(i % queues);
  return t;
}

/** The RX queue for a hash: the indirection entry picked by the hash's low bits. */
export function queueForHash(hash: number, indirection: readonly number[]): number {
  if (indirection.length === 0) return 0;
  return indirection[hash % indirection.length];
}
