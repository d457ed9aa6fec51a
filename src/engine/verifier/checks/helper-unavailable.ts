// A helper the program type may not call, or one the verifier does not know.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_HELPER_UNAVAILABLE',
  severity: 'error',
  title: 'helper not allowed for this program type',
  doc:
    'Each program type has its own set of helpers: bpf_xdp_adjust_head exists only for XDP, the bpf_skb_* ' +
    'helpers only for socket-buffer programs such as TC. Calling another type\'s helper is rejected at load ' +
    'time. Use the equivalent for this hook, or move the logic to a program of the right type.',
  kernel: 'program of this type cannot use helper bpf_xdp_adjust_head#44',
  example: `#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int prog(struct __sk_buff *skb)
{
	if (bpf_xdp_adjust_head((void *)skb, 4))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int prog(struct __sk_buff *skb)
{
	if (bpf_skb_adjust_room(skb, -4, BPF_ADJ_ROOM_MAC, 0))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(helper: string, hook: string): string {
  return `${helper} cannot be called from ${hook} programs`;
}

export function kernel(helper: string, id: number): string {
  return `program of this type cannot use helper ${helper}#${id}`;
}

export function unknownMessage(id: number): string {
  return `helper #${id} is not one the verifier models`;
}
