// Text forms of MAC, IPv4 and IPv6 addresses to bytes.

export function mac(text) {
  const parts = text.split(':');
  if (parts.length !== 6) throw new Error(`bad MAC ${text}`);
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

export function ip4(text) {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 ${text}`);
  return Buffer.from(parts);
}

export function ip6(text) {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const words = (s) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const left = words(head);
  const right = tail === undefined ? [] : words(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const all = [...left, ...new Array(fill).fill(0), ...right];
  if (all.length !== 8 || all.some((w) => !(w >= 0 && w <= 0xffff))) throw new Error(`bad IPv6 ${text}`);
  const out = Buffer.alloc(16);
  all.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}

/** Ethernet multicast MAC for an IPv6 multicast address (RFC 2464). */
export function ip6MulticastMac(addr) {
  return Buffer.concat([Buffer.from([0x33, 0x33]), addr.subarray(12, 16)]);
}

/** Solicited-node multicast address for a unicast IPv6 address (RFC 4291). */
export function solicitedNode(addr) {
  const out = ip6('ff02::1:ff00:0');
  addr.copy(out, 13, 13, 16);
  return out;
}
