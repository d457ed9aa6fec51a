// A socket reference a lookup acquired and the program never released.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_REFERENCE_LEAK',
  severity: 'error',
  title: 'socket reference never released',
  doc:
    'bpf_sk_lookup_tcp, bpf_sk_lookup_udp and bpf_skc_lookup_tcp take a reference on the socket they find, ' +
    'and the kernel rejects a program that can end (or tail-call) while holding one: every path from a ' +
    'lookup whose result is not NULL must reach bpf_sk_release(). A NULL result holds nothing. After the ' +
    'release the pointer, and every pointer cast from it, may no longer be used.',
  kernel: 'Unreleased reference id=N alloc_insn=N',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	struct bpf_sock_tuple t = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(ctx, &t, sizeof(t.ipv4), BPF_F_CURRENT_NETNS, 0);

	if (!sk)
		return XDP_PASS;
	return sk->state == BPF_TCP_LISTEN ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	struct bpf_sock_tuple t = {};
	struct bpf_sock *sk = bpf_sk_lookup_tcp(ctx, &t, sizeof(t.ipv4), BPF_F_CURRENT_NETNS, 0);
	int listening;

	if (!sk)
		return XDP_PASS;
	listening = sk->state == BPF_TCP_LISTEN;
	bpf_sk_release(sk);
	return listening ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(count: number, when: 'return' | 'tail call'): string {
  const what = count === 1 ? 'a socket reference' : `${count} socket references`;
  return when === 'return'
    ? `the program can return here still holding ${what}: call bpf_sk_release() on every path first`
    : `this tail call would leak ${what}: call bpf_sk_release() first`;
}

export function kernel(when: 'return' | 'tail call'): string {
  return when === 'return' ? 'Unreleased reference id=N alloc_insn=N' : 'tail_call would lead to reference leak';
}

export const RELEASE_UNREFERENCED_KERNEL = 'R1 must be referenced when passed to release function';
