// Packet builders and a deterministic random source for the interpreter tests.

/** xorshift32: the same sequence for the same seed, on every machine. */
export class Rand {
  constructor(private s: number) {
    if (this.s === 0) this.s = 1;
  }

  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x | 0;
    return x >>> 0;
  }

  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.u32() % xs.length];
  }
}

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** RFC 1071 checksum of bytes (big-endian words), complemented. */
export function inetChecksum(b: Uint8Array, seed = 0): number {
  let sum = seed;
  for (let i = 0; i < b.length; i += 2) sum += (b[i] << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export function ethernet(dst: string, src: string, type: number): Uint8Array {
  const mac = (s: string) => hex(s.replace(/:/g, ''));
  return concat(mac(dst), mac(src), Uint8Array.of(type >> 8, type & 0xff));
}

/** An IPv4 header with a valid checksum. */
export function ipv4(proto: number, src: number[], dst: number[], payloadLen: number, ttl = 64, tos = 0): Uint8Array {
  const h = new Uint8Array(20);
  const total = 20 + payloadLen;
  h.set([0x45, tos, total >> 8, total & 0xff, 0x12, 0x34, 0x40, 0, ttl, proto, 0, 0, ...src, ...dst]);
  const c = inetChecksum(h);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return h;
}

export function ipv6(next: number, payloadLen: number, hop = 64): Uint8Array {
  const h = new Uint8Array(40);
  h.set([0x60, 0, 0, 0, payloadLen >> 8, payloadLen & 0xff, next, hop]);
  h.set([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 0x10], 8);
  h.set([0x20, 0x01, 0x0d, 0xb8, 0, 1, ...new Array(9).fill(0), 0x20], 24);
  return h;
}

/** UDP header + payload with the checksum over the IPv4 pseudo-header. */
export function udp4(src: number[], dst: number[], sport: number, dport: number, payload: Uint8Array): Uint8Array {
  const len = 8 + payload.length;
  const u = concat(Uint8Array.of(sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, len >> 8, len & 0xff, 0, 0), payload);
  const pseudo = concat(Uint8Array.from(src), Uint8Array.from(dst), Uint8Array.of(0, 17, len >> 8, len & 0xff), u);
  const c = inetChecksum(pseudo) || 0xffff;
  u[6] = c >> 8;
  u[7] = c & 0xff;
  return u;
}

export function udpFrame(payload: Uint8Array, dport = 9, ttl = 64): Uint8Array {
  const src = [192, 0, 2, 10];
  const dst = [198, 51, 100, 20];
  const u = udp4(src, dst, 40000, dport, payload);
  return concat(ethernet('02:00:00:00:00:01', '02:00:00:00:00:0a', 0x0800), ipv4(17, src, dst, u.length, ttl), u);
}
