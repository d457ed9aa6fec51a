// Socket structures as the kernel exposes them to XDP and TC programs (struct bpf_sock, struct bpf_tcp_sock):
// which loads are allowed, following bpf_sock_is_valid_access, bpf_sock_common_is_valid_access and
// bpf_tcp_sock_is_valid_access. Sockets are read-only.

import type { SockKind } from '../domain/value';

/** sizeof(struct bpf_sock) and the fields narrower loads may read (offset, size). */
const BPF_SOCK_SIZE = 80;
const DST_PORT = 48;
/** src_ip4, src_ip6[4], dst_ip4, dst_ip6[4]: 1-, 2- and 4-byte loads anywhere inside. */
const NARROW_ANYWHERE: Array<[number, number]> = [[24, 4], [28, 16], [52, 4], [56, 16]];
/** family, type, protocol, src_port, state, rx_queue_mapping: narrower loads only of their first bytes. */
const NARROW_AT_START = new Set([4, 8, 12, 44, 72, 76]);
/** Fields of struct sock that a sock_common (a request or time-wait socket) does not have: type … priority. */
const NOT_COMMON: [number, number] = [8, 24];

/** sizeof(struct bpf_tcp_sock) up to icsk_retransmits, and its two u64 fields. */
const TCP_SOCK_END = 112;
const TCP_U64 = new Set([80, 88]);

export type SockAccess = { ok: true } | { ok: false; why: string };

export function sockAccess(sub: SockKind, off: number, size: number, write: boolean): SockAccess {
  if (write) return { ok: false, why: 'sockets are read-only' };
  if (sub === 'tcp_sock') return tcpSockAccess(off, size);
  if (off < 0 || off >= BPF_SOCK_SIZE) return { ok: false, why: `offset ${off} is outside struct bpf_sock` };
  if (off % size !== 0) return { ok: false, why: `a ${size}-byte load at offset ${off} is not aligned` };
  if (sub === 'sock_common' && off >= NOT_COMMON[0] && off < NOT_COMMON[1]) {
    return { ok: false, why: 'type, protocol, mark and priority belong to full sockets: call bpf_sk_fullsock() first' };
  }
  if (off >= DST_PORT && off < DST_PORT + 4) {
    if (off + size <= DST_PORT + 2 || (off === DST_PORT && size === 4)) return { ok: true };
    return { ok: false, why: 'dst_port is a 2-byte field followed by padding' };
  }
  if (size <= 4 && NARROW_ANYWHERE.some(([o, n]) => off >= o && off < o + n)) return { ok: true };
  if (size <= 4 && NARROW_AT_START.has(off)) return { ok: true };
  return size === 4 ? { ok: true } : { ok: false, why: `this field of struct bpf_sock must be read as 4 bytes, not ${size}` };
}

function tcpSockAccess(off: number, size: number): SockAccess {
  if (off < 0 || off >= TCP_SOCK_END) return { ok: false, why: `offset ${off} is outside struct bpf_tcp_sock` };
  if (off % size !== 0) return { ok: false, why: `a ${size}-byte load at offset ${off} is not aligned` };
  const want = TCP_U64.has(off) ? 8 : 4;
  return size === want ? { ok: true } : { ok: false, why: `this field of struct bpf_tcp_sock must be read as ${want} bytes, not ${size}` };
}
