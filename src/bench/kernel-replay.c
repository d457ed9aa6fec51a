// Bench-only reference: replays a classic pcap through one program in the kernel, one BPF_PROG_TEST_RUN per
// packet (what a user without XDP Lab would script), and prints the wall time. Built by the bench at run time
// with `cc -O2 kernel-replay.c -lbpf`; needs root.
//
// usage: kernel-replay OBJ PROGRAM CAPTURE.pcap
// output: "packets N seconds S" or "error <what>"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, args) : 0;
}

static uint32_t rd32(const uint8_t *p, int swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: kernel-replay OBJ PROGRAM CAPTURE.pcap\n");
		return 2;
	}
	libbpf_set_print(quiet);
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		printf("error load %d\n", errno);
		return 1;
	}
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, argv[2]);
	if (!prog) {
		printf("error no-program\n");
		return 1;
	}
	int fd = open(argv[3], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st)) {
		printf("error open %d\n", errno);
		return 1;
	}
	const uint8_t *f = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f == MAP_FAILED || st.st_size < 24) {
		printf("error mmap\n");
		return 1;
	}
	uint32_t magic = rd32(f, 0);
	int swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	if (!swap && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
		printf("error not-pcap\n");
		return 1;
	}
	static uint8_t out[1 << 18];
	int pfd = bpf_program__fd(prog);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long n = 0;
	for (off_t p = 24; p + 16 <= st.st_size;) {
		uint32_t caplen = rd32(f + p + 8, swap);
		if (p + 16 + caplen > st.st_size)
			break;
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f + p + 16, .data_size_in = caplen,
			    .data_out = out, .data_size_out = sizeof(out), .repeat = 1);
		bpf_prog_test_run_opts(pfd, &o);
		n++;
		p += 16 + caplen;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("packets %ld seconds %.6f\n", n, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
