/* xdp_pass.c: the smallest useful XDP program. It hands every frame to the
 * normal network stack unchanged; handy as a first load-and-attach test. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
