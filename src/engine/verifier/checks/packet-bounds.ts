// A read or write through a packet pointer that no comparison with data_end has proven to lie inside the packet.

import { bytes, CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_PACKET_BOUNDS',
  severity: 'error',
  title: 'packet access outside the proven range',
  doc:
    'Every read or write of packet data must lie inside a range that a comparison with data_end has proven on ' +
    'this path. The kernel remembers, per packet pointer, how many bytes past it a check like ' +
    '`if (data + 34 > data_end) return XDP_DROP;` has proven, and shares that range with every copy of the ' +
    'pointer. A check proves nothing for a pointer computed with a different variable offset, for offsets above ' +
    '65535, or after a helper that moves packet data. Compare the end of the access (pointer + offset + size) ' +
    'with data_end before reading.',
  kernel: 'invalid access to packet, off=23 size=1, R(id=0,off=14,r=14)',
  example: `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *iph = data + sizeof(struct ethhdr);

	if (data + sizeof(struct ethhdr) > data_end)
		return XDP_DROP;
	return iph->protocol == 17 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct iphdr *iph = data + sizeof(struct ethhdr);

	if ((void *)(iph + 1) > data_end)
		return XDP_DROP;
	return iph->protocol == 17 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export interface PacketAccess {
  access: 'read' | 'write';
  size: number;
  /** Fixed offset of the first byte from the pointer's base (the pointer's own offset plus the access offset). */
  off: number;
  /** The pointer's variable part, when it has one. */
  varLo?: bigint;
  varHi?: bigint;
  /** Bytes proven past the base. */
  range: number;
  id: number;
  regOff: number;
  meta: boolean;
}

export const MAX_PACKET_OFF = 0xffff;

function where(a: PacketAccess): string {
  const area = a.meta ? 'metadata offset' : 'packet offset';
  if (a.varLo === undefined) return `${area} ${a.off}`;
  return `${area} ${a.off} + [${a.varLo}, ${a.varHi}]`;
}

export function message(a: PacketAccess): string {
  const head = `${a.access} of ${bytes(a.size)} at ${where(a)}`;
  const inside = a.meta ? 'inside the metadata area' : 'inside the packet';
  if (a.off + a.size > MAX_PACKET_OFF || (a.varHi !== undefined && a.varHi + BigInt(a.off + a.size) > BigInt(MAX_PACKET_OFF))) {
    return `${head} can never be proven ${inside}: the kernel tracks packet offsets only up to ${MAX_PACKET_OFF}`;
  }
  const proven = a.range <= 0 ? 'no bytes are proven here' : `only ${bytes(a.range)} ${a.range === 1 ? 'is' : 'are'} proven here`;
  const past = a.varLo === undefined ? '' : ' past the variable offset';
  return `${head} is not proven ${inside}: ${proven}${a.range > 0 ? past : ''}`;
}

export function kernel(a: PacketAccess): string {
  return `invalid access to packet, off=${a.off} size=${a.size}, R(id=${a.id},off=${a.regOff},r=${Math.max(a.range, 0)})`;
}

export function negativeMessage(a: PacketAccess): string {
  return `${a.access} of ${bytes(a.size)} at ${where(a)} may start before the packet: the variable offset can be negative`;
}

export const NEGATIVE_KERNEL = 'R min value is negative, either use unsigned index or do a if (index >=0) check.';

/** `if ((void *)p + 34 > data_end) return XDP_DROP;` — the check that would prove this access. */
export function checkText(ptr: string, end: number, dataEnd: string, ret: string): string {
  return `if ((void *)${ptr} + ${end} > ${dataEnd})\n\treturn ${ret};`;
}

export function hint(ptr: string | undefined, end: number, meta: boolean): string {
  const limit = meta ? 'data' : 'data_end';
  const p = ptr ?? 'the pointer';
  return `compare ${p} + ${end} with ${limit} before this access (e.g. \`if ((void *)${ptr ?? 'p'} + ${end} > ${limit}) return ...;\`)`;
}
