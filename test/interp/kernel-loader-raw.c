// Part of kernel-loader.c (included there): loads ONE program of an object libbpf >= 1.0 refuses to open —
// legacy `struct bpf_map_def SEC("maps")` maps — by hand (scripts/check-real-verify.mjs includes it too):
// every map of "maps" (legacy definitions) and ".maps" (BTF-defined, read from BTF) is created once, global-data sections become one-element array maps when the program refers to them, map relocations
// are patched, and the program is loaded without BTF. Subprogram calls are not supported (they need libbpf).
#include <bpf/btf.h>
#include <gelf.h>

#define RAW_MAX_MAPS 64

struct raw_map {
	const char *name;
	int fd, internal, section, sym;
	__u32 type, key_size, value_size;
};

struct raw_obj {
	struct raw_map maps[RAW_MAX_MAPS];
	int nmaps;
	int prog_fd, prog_type;
};

/* The first five fields of every bpf_map_def variant (kernel samples add more after them). */
struct raw_def {
	__u32 type, key_size, value_size, max_entries, map_flags;
};

static __u32 raw_btf_uint(const struct btf *btf, __u32 type_id)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);
	if (!btf_is_ptr(t))
		return 0;
	t = btf__type_by_id(btf, t->type);
	return btf_is_array(t) ? btf_array(t)->nelems : 0;
}

/* A BTF-defined map (a struct of __uint/__type members in ".maps") as a legacy definition. */
static int raw_btf_def(const struct btf *btf, const char *name, struct raw_def *d)
{
	int sec = btf ? btf__find_by_name_kind(btf, ".maps", BTF_KIND_DATASEC) : -1;
	if (sec < 0)
		return -ENOENT;
	const struct btf_type *ds = btf__type_by_id(btf, sec);
	const struct btf_var_secinfo *vi = btf_var_secinfos(ds);
	for (int i = 0; i < btf_vlen(ds); i++, vi++) {
		const struct btf_type *var = btf__type_by_id(btf, vi->type);
		if (strcmp(btf__name_by_offset(btf, var->name_off), name))
			continue;
		const struct btf_type *st = btf__type_by_id(btf, var->type);
		while (btf_is_mod(st) || btf_is_typedef(st))
			st = btf__type_by_id(btf, st->type);
		memset(d, 0, sizeof(*d));
		const struct btf_member *m = btf_members(st);
		for (int j = 0; j < btf_vlen(st); j++, m++) {
			const char *mn = btf__name_by_offset(btf, m->name_off);
			const struct btf_type *pt = btf__type_by_id(btf, m->type);
			if (!strcmp(mn, "type"))
				d->type = raw_btf_uint(btf, m->type);
			else if (!strcmp(mn, "max_entries"))
				d->max_entries = raw_btf_uint(btf, m->type);
			else if (!strcmp(mn, "map_flags"))
				d->map_flags = raw_btf_uint(btf, m->type);
			else if (!strcmp(mn, "key_size"))
				d->key_size = raw_btf_uint(btf, m->type);
			else if (!strcmp(mn, "value_size"))
				d->value_size = raw_btf_uint(btf, m->type);
			else if (!strcmp(mn, "key") && btf_is_ptr(pt))
				d->key_size = btf__resolve_size(btf, pt->type);
			else if (!strcmp(mn, "value") && btf_is_ptr(pt))
				d->value_size = btf__resolve_size(btf, pt->type);
		}
		return 0;
	}
	return -ENOENT;
}

static int raw_add_map(struct raw_obj *o, const char *name, int internal, int section, int sym, const struct raw_def *d)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = d->map_flags);
	if (o->nmaps == RAW_MAX_MAPS)
		return -E2BIG;
	/* The kernel keeps 15 characters of a map's name; the dump keeps the whole one, as libbpf's does. */
	char kname[16];
	snprintf(kname, sizeof(kname), "%s", name);
	int fd = bpf_map_create(d->type, kname, d->key_size, d->value_size, d->max_entries, &opts);
	if (fd < 0) {
		fprintf(stderr, "cannot create map %s: %s\n", name, strerror(errno));
		return -errno;
	}
	o->maps[o->nmaps++] = (struct raw_map){ name, fd, internal, section, sym, d->type, d->key_size, d->value_size };
	return fd;
}

/* The array map holding a global-data section (".rodata" frozen after filling, as libbpf does). */
static int raw_data_map(struct raw_obj *o, Elf_Scn *scn, const char *name, int section)
{
	for (int i = 0; i < o->nmaps; i++)
		if (o->maps[i].internal && o->maps[i].section == section)
			return o->maps[i].fd;
	GElf_Shdr sh;
	gelf_getshdr(scn, &sh);
	int rodata = !strncmp(name, ".rodata", 7);
	struct raw_def d = { BPF_MAP_TYPE_ARRAY, 4, (__u32)sh.sh_size, 1, rodata ? BPF_F_RDONLY_PROG : 0 };
	int fd = raw_add_map(o, name, 1, section, -1, &d);
	if (fd < 0)
		return fd;
	void *buf = calloc(1, sh.sh_size);
	Elf_Data *data = elf_getdata(scn, NULL);
	if (sh.sh_type != SHT_NOBITS && data && data->d_buf)
		memcpy(buf, data->d_buf, sh.sh_size);
	__u32 zero = 0;
	bpf_map_update_elem(fd, &zero, buf, 0);
	free(buf);
	if (rodata)
		bpf_map_freeze(fd);
	return fd;
}

/* Program type: XDPLAB_PROG_TYPES ("name:xdp,name:tc") first, else from the section's name. */
static int raw_prog_type(const char *name, const char *section)
{
	const char *types = getenv("XDPLAB_PROG_TYPES");
	size_t len = strlen(name);
	for (const char *t = types; t && *t;) {
		if (!strncmp(t, name, len) && t[len] == ':')
			return strncmp(t + len + 1, "xdp", 3) ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_XDP;
		t = strchr(t, ',');
		t = t ? t + 1 : NULL;
	}
	return !strncmp(section, "tc", 2) || !strncmp(section, "classifier", 10) ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_XDP;
}

/* Loads program `want` of `path` into o; 0, or a negative errno (the verifier log then goes to stderr). */
static int raw_load(const char *path, const char *want, struct raw_obj *o)
{
	size_t shstrndx, nsec;
	int fd = open(path, O_RDONLY), err = 0;
	memset(o, 0, sizeof(*o));
	o->prog_fd = -1;
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_getshdrstrndx(e, &shstrndx) || elf_getshdrnum(e, &nsec))
		return -EINVAL;
	struct btf *btf = btf__parse_elf(path, NULL);
	if (libbpf_get_error(btf))
		btf = NULL;
	Elf_Data *symdata = NULL;
	GElf_Shdr symsh, sh;
	int maps_idx = -1, btf_maps_idx = -1;
	const char *license = "GPL";
	for (size_t i = 0; i < nsec; i++) {
		Elf_Scn *scn = elf_getscn(e, i);
		gelf_getshdr(scn, &sh);
		const char *name = elf_strptr(e, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB) {
			symdata = elf_getdata(scn, NULL);
			symsh = sh;
		} else if (name && !strcmp(name, "maps")) {
			maps_idx = i;
		} else if (name && !strcmp(name, ".maps")) {
			btf_maps_idx = i;
		} else if (name && !strcmp(name, "license")) {
			Elf_Data *d = elf_getdata(scn, NULL);
			if (d && d->d_buf)
				license = d->d_buf;
		}
	}
	if (!symdata)
		return -EINVAL;

	/* Every map the object declares exists, referenced by this program or not (as libbpf would create them). */
	int nsym = symsh.sh_size / symsh.sh_entsize, prog_sym = -1;
	GElf_Sym psym = { 0 };
	for (int i = 0; i < nsym && !err; i++) {
		GElf_Sym s;
		gelf_getsym(symdata, i, &s);
		const char *sname = elf_strptr(e, symsh.sh_link, s.st_name);
		if (GELF_ST_TYPE(s.st_info) == STT_SECTION || !sname || !*sname)
			continue;
		struct raw_def d = { 0 };
		if ((int)s.st_shndx == maps_idx) {
			Elf_Data *md = elf_getdata(elf_getscn(e, maps_idx), NULL);
			memcpy(&d, (char *)md->d_buf + s.st_value, s.st_size < sizeof(d) ? s.st_size : sizeof(d));
		} else if ((int)s.st_shndx == btf_maps_idx) {
			if (raw_btf_def(btf, sname, &d)) {
				fprintf(stderr, "no BTF for map %s\n", sname);
				return -ENOENT;
			}
		} else {
			if (GELF_ST_TYPE(s.st_info) == STT_FUNC && !strcmp(sname, want) && s.st_shndx < nsec) {
				psym = s;
				prog_sym = i;
			}
			continue;
		}
		err = raw_add_map(o, sname, 0, s.st_shndx, i, &d);
		err = err < 0 ? err : 0;
	}
	if (err)
		return err;
	if (prog_sym < 0)
		return -ENOENT;
	Elf_Scn *pscn = elf_getscn(e, psym.st_shndx);
	gelf_getshdr(pscn, &sh);
	const char *psection = elf_strptr(e, shstrndx, sh.sh_name);
	size_t cnt = psym.st_size / sizeof(struct bpf_insn);
	struct bpf_insn *insns = malloc(psym.st_size);
	memcpy(insns, (char *)elf_getdata(pscn, NULL)->d_buf + psym.st_value, psym.st_size);

	/* Relocations of the program's section that fall inside the program. */
	for (size_t i = 0; i < nsec; i++) {
		Elf_Scn *rscn = elf_getscn(e, i);
		GElf_Shdr rsh;
		gelf_getshdr(rscn, &rsh);
		if (rsh.sh_type != SHT_REL || rsh.sh_info != psym.st_shndx)
			continue;
		Elf_Data *rd = elf_getdata(rscn, NULL);
		int nrel = rsh.sh_size / rsh.sh_entsize;
		for (int k = 0; k < nrel; k++) {
			GElf_Rel rel;
			GElf_Sym s;
			gelf_getrel(rd, k, &rel);
			if (rel.r_offset < psym.st_value || rel.r_offset >= psym.st_value + psym.st_size)
				continue;
			struct bpf_insn *in = &insns[(rel.r_offset - psym.st_value) / sizeof(struct bpf_insn)];
			int symi = GELF_R_SYM(rel.r_info);
			gelf_getsym(symdata, symi, &s);
			int mfd = -1;
			for (int m = 0; m < o->nmaps; m++)
				if (!o->maps[m].internal && o->maps[m].sym == symi)
					mfd = o->maps[m].fd;
			if (mfd >= 0) {
				in->src_reg = BPF_PSEUDO_MAP_FD;
				in->imm = mfd;
				continue;
			}
			Elf_Scn *tscn = s.st_shndx < nsec ? elf_getscn(e, s.st_shndx) : NULL;
			GElf_Shdr tsh;
			if (!tscn || !gelf_getshdr(tscn, &tsh) || (tsh.sh_flags & SHF_EXECINSTR) || !(tsh.sh_flags & SHF_ALLOC)) {
				fprintf(stderr, "unsupported relocation against %s (subprogram calls need libbpf)\n",
					elf_strptr(e, symsh.sh_link, s.st_name));
				free(insns);
				return -EOPNOTSUPP;
			}
			mfd = raw_data_map(o, tscn, elf_strptr(e, shstrndx, tsh.sh_name), s.st_shndx);
			if (mfd < 0) {
				free(insns);
				return mfd;
			}
			int off = in[0].imm + (GELF_ST_TYPE(s.st_info) == STT_SECTION ? 0 : (int)s.st_value);
			in[0].src_reg = BPF_PSEUDO_MAP_VALUE;
			in[0].imm = mfd;
			in[1].imm = off;
		}
	}
	o->prog_type = raw_prog_type(want, psection ? psection : "");
	static char log[1 << 24];
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	o->prog_fd = bpf_prog_load(o->prog_type, want, license, insns, cnt, &opts);
	if (o->prog_fd < 0) {
		log[0] = 0;
		opts.log_buf = log;
		opts.log_size = sizeof(log);
		opts.log_level = 1;
		o->prog_fd = bpf_prog_load(o->prog_type, want, license, insns, cnt, &opts);
		err = o->prog_fd < 0 ? -errno : 0;
		fprintf(stderr, "%s", log);
	}
	free(insns);
	return err;
}

static int raw_map_fd(const struct raw_obj *o, const char *name)
{
	for (int i = 0; i < o->nmaps; i++)
		if (!o->maps[i].internal && !strcmp(o->maps[i].name, name))
			return o->maps[i].fd;
	return -1;
}
