// Bench-only kernel timer (built by src/bench/kernel-timing.ts with the host clang): loads one BPF object with
// libbpf, optionally fills maps, and runs one program with BPF_PROG_TEST_RUN on each packet of a file with
// `repeat` repetitions, adding up the kernel's own per-run `duration` (ns).
//
// usage: kernel-timer OBJ PROGRAM PACKETS REPEAT [MAPINIT]
//   PACKETS: records of [u32 little-endian length][bytes]; MAPINIT: lines "MAP KEYHEX VALUEHEX"
// output: "ok <packets run> <refused> <mean ns per run>" or "error <what> <errno>"
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static size_t from_hex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned int b;
	while (s[0] && s[1] && n < max && sscanf(s, "%2x", &b) == 1) {
		out[n++] = (unsigned char)b;
		s += 2;
	}
	return n;
}

static int fill_maps(struct bpf_object *obj, const char *path)
{
	char line[8192], name[256], key[4096], val[4096];
	unsigned char kb[2048], vb[2048];
	FILE *f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %4095s %4095s", name, key, val) != 3)
			continue;
		struct bpf_map *m = bpf_object__find_map_by_name(obj, name);
		if (!m) {
			fclose(f);
			return -ENOENT;
		}
		from_hex(key, kb, sizeof(kb));
		from_hex(val, vb, sizeof(vb));
		int err = bpf_map_update_elem(bpf_map__fd(m), kb, vb, BPF_ANY);
		if (err) {
			fclose(f);
			return err;
		}
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char in[70000], out[70000];
	struct __sk_buff skb;

	if (argc < 5) {
		fprintf(stderr, "usage: %s OBJ PROGRAM PACKETS REPEAT [MAPINIT]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		printf("error open %d\n", errno);
		return 0;
	}
	int err = bpf_object__load(obj);
	if (err) {
		printf("error load %d\n", -err);
		return 0;
	}
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, argv[2]);
	if (!prog) {
		printf("error program %d\n", ENOENT);
		return 0;
	}
	if (argc > 5 && (err = fill_maps(obj, argv[5]))) {
		printf("error maps %d\n", -err);
		return 0;
	}
	int repeat = atoi(argv[4]);
	int is_tc = bpf_program__type(prog) == BPF_PROG_TYPE_SCHED_CLS;
	FILE *pf = fopen(argv[3], "rb");
	if (!pf) {
		printf("error packets %d\n", errno);
		return 0;
	}
	double total = 0;
	long runs = 0, refused = 0;
	for (;;) {
		unsigned char lenb[4];
		if (fread(lenb, 1, 4, pf) != 4)
			break;
		__u32 len = lenb[0] | lenb[1] << 8 | lenb[2] << 16 | (__u32)lenb[3] << 24;
		if (len > sizeof(in) || fread(in, 1, len, pf) != len)
			break;
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = len, .data_out = out,
			    .data_size_out = sizeof(out), .repeat = repeat);
		if (is_tc) {
			memset(&skb, 0, sizeof(skb));
			o.ctx_in = &skb;
			o.ctx_size_in = sizeof(skb);
		}
		if (bpf_prog_test_run_opts(bpf_program__fd(prog), &o)) {
			refused++;
			continue;
		}
		total += o.duration;
		runs++;
	}
	fclose(pf);
	printf("ok %ld %ld %.2f\n", runs, refused, runs ? total / runs : 0.0);
	bpf_object__close(obj);
	return 0;
}
