// Test-only kernel runner for the interpreter's differential tests: loads one BPF object with libbpf, fills
// maps, runs one program with BPF_PROG_TEST_RUN on each packet of a file, then dumps every map.
//
// usage: kernel-loader OBJ PROGRAM PACKETS [MAPINIT]
//   PACKETS: records of [u32 little-endian length][bytes]
//   MAPINIT: lines "MAP KEYHEX VALUEHEX" or "MAP KEYHEX prog:NAME" (a program's fd, for PROG_ARRAY)
// output lines:
//   load-error <errno>                       (the verifier log goes to stderr)
//   pkt <index> <err> <retval> <hex out> [<mark> <priority> <cb0..cb4> <tstamp>]   (the last part for TC)
//   tracing <0|1>                            (whether printk output is captured: tracefs mounted)
//   printk <index> <hex>                     (one bpf_trace_printk message)
//   map <name> <internal 0|1> <type> <keyhex> <valuehex>    (per-CPU values: every CPU's copy, 8-byte aligned)
// Objects libbpf >= 1.0 will not open (legacy SEC("maps") maps) are loaded by hand (kernel-loader-raw.c), with
// the same output; there, MAPINIT cannot name programs (prog:NAME) and global-data maps are named by section.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include "kernel-loader-raw.c"

static int print_nothing(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, args);
	return 0;
}

/* bpf_trace_printk output is read from a private tracefs instance (other programs may be using the global
 * buffer) with the bpf_trace_printk event enabled there, through its trace_pipe (reading consumes, so each
 * packet sees only its own lines; clearing the buffer instead costs tens of milliseconds), keeping only
 * this process's lines. */
static char trace_dir[128];
static int trace_fd = -1;

static int trace_write(const char *file, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", trace_dir, file);
	FILE *f = fopen(path, "w");
	if (!f)
		return 0;
	fputs(text, f);
	fclose(f);
	return 1;
}

static int trace_open(void)
{
	char path[256];
	snprintf(trace_dir, sizeof(trace_dir), "/sys/kernel/tracing/instances/xdplab_%d", getpid());
	if (mkdir(trace_dir, 0700) && errno != EEXIST)
		return 0;
	if (!trace_write("events/bpf_trace/bpf_trace_printk/enable", "1"))
		return 0;
	snprintf(path, sizeof(path), "%s/trace_pipe", trace_dir);
	trace_fd = open(path, O_RDONLY | O_NONBLOCK);
	return trace_fd >= 0;
}

static void trace_close(void)
{
	if (trace_fd >= 0)
		close(trace_fd);
	if (trace_dir[0]) {
		trace_write("events/bpf_trace/bpf_trace_printk/enable", "0");
		rmdir(trace_dir);
	}
}

static void put_hex(const unsigned char *p, size_t n);

static void trace_line(int index, char *line, const char *me)
{
	static const char tag[] = ": bpf_trace_printk: ";
	char *m = strstr(line, tag);
	if (!m || !strstr(line, me) || strstr(line, me) > m)
		return;
	m += sizeof(tag) - 1;
	printf("printk %d ", index);
	put_hex((const unsigned char *)m, strlen(m));
	fputc('\n', stdout);
}

/* Prints this packet's bpf_trace_printk messages (lines of this process only). */
static void trace_collect(int index)
{
	static char buf[1 << 16];
	char me[32];
	size_t have = 0;
	snprintf(me, sizeof(me), "-%d ", getpid());
	for (;;) {
		ssize_t n = read(trace_fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = 0;
		char *line = buf, *nl;
		while ((nl = strchr(line, '\n'))) {
			*nl = 0;
			trace_line(index, line, me);
			line = nl + 1;
		}
		have = strlen(line);
		memmove(buf, line, have);
	}
}

static void put_hex(const unsigned char *p, size_t n)
{
	if (n == 0)
		fputc('-', stdout);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static size_t from_hex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	while (s[0] && s[1] && n < max) {
		unsigned int b;
		if (sscanf(s, "%2x", &b) != 1)
			break;
		out[n++] = (unsigned char)b;
		s += 2;
	}
	return n;
}

/* A map's fd by name, and a program's fd by name (-1 when absent), from either loading path. */
static int map_fd_by_name(struct bpf_object *obj, const struct raw_obj *raw, const char *name)
{
	if (raw)
		return raw_map_fd(raw, name);
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);
	return m ? bpf_map__fd(m) : -1;
}

static int init_maps(struct bpf_object *obj, const struct raw_obj *raw, const char *path)
{
	char line[8192], name[256], key[4096], val[4096];
	unsigned char kb[2048], vb[2048];
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %4095s %4095s", name, key, val) != 3)
			continue;
		int mfd = map_fd_by_name(obj, raw, name);
		if (mfd < 0) {
			fprintf(stderr, "no map %s\n", name);
			fclose(f);
			return -ENOENT;
		}
		size_t kn = from_hex(key, kb, sizeof(kb));
		int err;
		if (strncmp(val, "prog:", 5) == 0) {
			struct bpf_program *p = raw ? NULL : bpf_object__find_program_by_name(obj, val + 5);
			__u32 fd = p ? (__u32)bpf_program__fd(p) : 0;
			err = p ? bpf_map_update_elem(mfd, kb, &fd, BPF_ANY) : -ENOENT;
		} else {
			from_hex(val, vb, sizeof(vb));
			err = bpf_map_update_elem(mfd, kn ? kb : NULL, vb, BPF_ANY);
		}
		if (err) {
			fprintf(stderr, "update %s failed: %d\n", name, err);
			fclose(f);
			return err;
		}
	}
	fclose(f);
	return 0;
}

static void dump_map_fd(int fd, const char *name, int internal, enum bpf_map_type t, __u32 ks, __u32 vs, int ncpus)
{
	int percpu = t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	size_t vlen = percpu ? (size_t)((vs + 7) & ~7u) * ncpus : vs;
	unsigned char *key = calloc(1, ks + 8), *next = calloc(1, ks + 8), *val = calloc(1, vlen + 8);
	int first = 1;

	if (t == BPF_MAP_TYPE_PROG_ARRAY || t == BPF_MAP_TYPE_PERF_EVENT_ARRAY || t == BPF_MAP_TYPE_RINGBUF ||
	    t == BPF_MAP_TYPE_QUEUE || t == BPF_MAP_TYPE_STACK || t == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	    t == BPF_MAP_TYPE_HASH_OF_MAPS || t == BPF_MAP_TYPE_DEVMAP || t == BPF_MAP_TYPE_CPUMAP ||
	    t == BPF_MAP_TYPE_XSKMAP || t == BPF_MAP_TYPE_DEVMAP_HASH)
		goto out;
	for (;;) {
		if (bpf_map_get_next_key(fd, first ? NULL : key, next))
			break;
		first = 0;
		memcpy(key, next, ks);
		if (bpf_map_lookup_elem(fd, key, val))
			continue;
		printf("map %s %d %d ", name, internal, t);
		put_hex(key, ks);
		fputc(' ', stdout);
		put_hex(val, vlen);
		fputc('\n', stdout);
	}
out:
	free(key);
	free(next);
	free(val);
}

static void dump_map(struct bpf_map *m, int ncpus)
{
	dump_map_fd(bpf_map__fd(m), bpf_map__name(m), bpf_map__is_internal(m), bpf_map__type(m), bpf_map__key_size(m),
		    bpf_map__value_size(m), ncpus);
}

/* Runs the program on every packet of the file, printing "tracing", "pkt" and "printk" lines. */
static int run_packets(int prog_fd, int is_tc, const char *packets)
{
	static unsigned char in[70000], out[70000];
	struct __sk_buff skb_in, skb_out;
	int tracing = trace_open();
	printf("tracing %d\n", tracing);
	FILE *pf = fopen(packets, "rb");
	if (!pf)
		return 1;
	for (int i = 0;; i++) {
		unsigned char lenb[4];
		if (fread(lenb, 1, 4, pf) != 4)
			break;
		__u32 len = lenb[0] | lenb[1] << 8 | lenb[2] << 16 | (__u32)lenb[3] << 24;
		if (len > sizeof(in) || fread(in, 1, len, pf) != len)
			break;
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = len, .data_out = out,
			    .data_size_out = sizeof(out), .repeat = 1);
		if (is_tc) {
			memset(&skb_in, 0, sizeof(skb_in));
			memset(&skb_out, 0, sizeof(skb_out));
			o.ctx_in = &skb_in;
			o.ctx_size_in = sizeof(skb_in);
			o.ctx_out = &skb_out;
			o.ctx_size_out = sizeof(skb_out);
		}
		int err = bpf_prog_test_run_opts(prog_fd, &o);
		printf("pkt %d %d %u ", i, err ? -errno : 0, o.retval);
		put_hex(out, err ? 0 : o.data_size_out);
		if (is_tc)
			printf(" %u %u %u %u %u %u %u %llu", skb_out.mark, skb_out.priority, skb_out.cb[0], skb_out.cb[1],
			       skb_out.cb[2], skb_out.cb[3], skb_out.cb[4], (unsigned long long)skb_out.tstamp);
		fputc('\n', stdout);
		if (tracing)
			trace_collect(i);
	}
	fclose(pf);
	return 0;
}

/* The by-hand path, for objects libbpf cannot open; open_errno is what libbpf said, reported if this fails too. */
static int run_raw(int argc, char **argv, int open_errno)
{
	static struct raw_obj raw;
	int err = raw_load(argv[1], argv[2], &raw);
	if (err == -ENOENT && raw.nmaps == 0 && raw.prog_fd < 0) {
		/* Nothing of the object was usable: libbpf's reason is the better one. */
		printf("load-error %d\n", open_errno);
		return 0;
	}
	if (err) {
		printf("load-error %d\n", -err);
		return 0;
	}
	if (argc > 4 && (err = init_maps(NULL, &raw, argv[4]))) {
		printf("load-error %d\n", -err);
		return 0;
	}
	if (run_packets(raw.prog_fd, raw.prog_type == BPF_PROG_TYPE_SCHED_CLS, argv[3]))
		return 1;
	int ncpus = libbpf_num_possible_cpus();
	for (int i = 0; i < raw.nmaps; i++) {
		const struct raw_map *m = &raw.maps[i];
		dump_map_fd(m->fd, m->name, m->internal, m->type, m->key_size, m->value_size, ncpus);
	}
	trace_close();
	return 0;
}

int main(int argc, char **argv)
{
	cpu_set_t cpus;

	if (argc < 4) {
		fprintf(stderr, "usage: %s OBJ PROGRAM PACKETS [MAPINIT]\n", argv[0]);
		return 2;
	}
	/* Per-CPU map slots are compared for CPU 0, so every run happens there. */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	libbpf_set_print(print_nothing);

	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return run_raw(argc, argv, errno);
	/* Programs in sections libbpf does not know (legacy names such as "xdp_drop_vlan") get their type from
	 * XDPLAB_PROG_TYPES="name:xdp,name:tc", as a loader told their type would do. */
	const char *types = getenv("XDPLAB_PROG_TYPES");
	struct bpf_program *each;
	bpf_object__for_each_program(each, obj) {
		const char *name = bpf_program__name(each);
		size_t len = strlen(name);
		for (const char *t = types; t && *t;) {
			if (!strncmp(t, name, len) && t[len] == ':') {
				const char *kind = t + len + 1;
				bpf_program__set_type(each, strncmp(kind, "xdp", 3) ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_XDP);
			}
			t = strchr(t, ',');
			t = t ? t + 1 : NULL;
		}
	}
	/* Maps declared with LIBBPF_PIN_BY_NAME would be reused from bpffs across runs: every run starts empty. */
	struct bpf_map *pinned;
	bpf_object__for_each_map(pinned, obj) bpf_map__set_pin_path(pinned, NULL);
	int err = bpf_object__load(obj);
	if (err) {
		printf("load-error %d\n", -err);
		return 0;
	}
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, argv[2]);
	if (!prog) {
		printf("load-error %d\n", ENOENT);
		return 0;
	}
	if (argc > 4 && (err = init_maps(obj, NULL, argv[4]))) {
		printf("load-error %d\n", -err);
		return 0;
	}
	if (run_packets(bpf_program__fd(prog), bpf_program__type(prog) == BPF_PROG_TYPE_SCHED_CLS, argv[3]))
		return 1;
	int ncpus = libbpf_num_possible_cpus();
	struct bpf_map *m;
	bpf_object__for_each_map(m, obj)
		dump_map(m, ncpus);
	bpf_object__close(obj);
	trace_close();
	return 0;
}
