// A program returning a value its hook does not define.

import type { CheckInfo } from './types';

export const info: CheckInfo = {
  code: 'VERIFY_RETURN_CODE',
  severity: 'warning',
  title: 'return value outside the hook\'s codes',
  doc:
    'XDP programs return an XDP action (XDP_ABORTED 0 … XDP_REDIRECT 4) and TC programs a TC_ACT_* code ' +
    '(-1 … 8). The verifier loads programs that return other values, but the kernel then warns ("Illegal XDP ' +
    'return value") and drops the packet, or treats a TC verdict it does not know as its default. Return one of ' +
    'the named constants.',
  kernel: 'accepted by the verifier; at run time: "Illegal XDP return value", the packet is dropped',
  example: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return 7;
}

char LICENSE[] SEC("license") = "GPL";
`,
  fixed: `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int prog(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`,
};

export function message(values: string, hook: string, codes: string): string {
  return `may return ${values}, which is not a${hook === 'XDP' ? 'n' : ''} ${hook} action (${codes})`;
}

export function kernel(hook: string): string {
  return hook === 'XDP'
    ? 'accepted by the verifier; at run time: "Illegal XDP return value", the packet is dropped'
    : 'accepted by the verifier; at run time the unknown verdict is treated as the default action';
}
