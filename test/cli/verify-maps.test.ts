// Maps in the `xdp-lab verify` report: BTF-defined maps (type/key/value/max_entries/map_flags) and legacy
// struct bpf_map_def maps, with key and value sizes that include padding. The expected numbers are C layout
// facts; where clang, bpftool and llvm-readelf are present, the same file compiled by clang -target bpf is
// read back (BTF for ".maps", the section bytes for "maps") and must agree.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { parseBtfRaw } from '../support/clang-layout';
import { cliMissing, Scratch, type JsonMap } from './cli-run';

const MAPS = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u8 proto;
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u32 last_seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__uint(max_entries, 64);
} tx_ports SEC(".maps");

struct bpf_map_def SEC("maps") rx_stats = {
	.type = BPF_MAP_TYPE_PERCPU_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(struct flow_stats),
	.max_entries = 256,
	.map_flags = 0,
};

SEC("xdp")
int xdp_flows(struct xdp_md *ctx)
{
	return bpf_redirect_map(&tx_ports, 0, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
`;

// libbpf before 1.0 declared this; today's <bpf/bpf_helpers.h> does not, so clang gets it forced in.
const LEGACY_MAP_DEF = `struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};
`;

type Numbers = Pick<JsonMap, 'typeId' | 'keySize' | 'valueSize' | 'maxEntries' | 'flags'>;

// Facts: BPF_MAP_TYPE_LRU_HASH = 9, DEVMAP = 14, PERCPU_ARRAY = 6; BPF_F_NO_COMMON_LRU = 2; flow_key is
// 13 bytes of members padded to 16 (4-byte alignment); flow_stats is 20 bytes padded to 24 (8-byte alignment).
const EXPECTED: Record<string, Numbers & { style: string; type: string }> = {
  flows: { typeId: 9, type: 'BPF_MAP_TYPE_LRU_HASH', keySize: 16, valueSize: 24, maxEntries: 4096, flags: 2, style: 'btf' },
  tx_ports: { typeId: 14, type: 'BPF_MAP_TYPE_DEVMAP', keySize: 4, valueSize: 4, maxEntries: 64, flags: 0, style: 'btf' },
  rx_stats: { typeId: 6, type: 'BPF_MAP_TYPE_PERCPU_ARRAY', keySize: 4, valueSize: 24, maxEntries: 256, flags: 0, style: 'legacy' },
};

function toolMissing(): string | undefined {
  for (const [cmd, arg] of [['clang', '--version'], ['bpftool', 'version'], ['llvm-readelf', '--version']]) {
    if (spawnSync(cmd, [arg]).status !== 0) return `${cmd} not found`;
  }
  return undefined;
}

/** -I for /usr/include/<triple>, where <asm/types.h> lives; clang's bpf target does not search it. */
function multiarchInclude(): string[] {
  const triple = spawnSync('clang', ['-print-multiarch'], { encoding: 'utf8' }).stdout?.trim();
  return triple ? [`-I/usr/include/${triple}`] : [];
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** BTF-defined maps of a clang object: numbers from `__uint` array lengths, sizes of the `__type` pointees. */
function btfMaps(obj: string): Map<string, Numbers> {
  const types = parseBtfRaw(run('bpftool', ['btf', 'dump', 'file', obj, 'format', 'raw']));
  const resolve = (id: number) => {
    let t = types.get(id);
    while (t && ['TYPEDEF', 'CONST', 'VOLATILE'].includes(t.kind)) t = types.get(Number(t.attrs.get('type_id')));
    return t;
  };
  const size = (id: number): number => {
    const t = resolve(id);
    if (!t) return 0;
    if (t.kind === 'ARRAY') return Number(t.attrs.get('nr_elems')) * size(Number(t.attrs.get('type_id')));
    return t.kind === 'PTR' ? 8 : Number(t.attrs.get('size') ?? 0);
  };
  const out = new Map<string, Numbers>();
  for (const v of types.values()) {
    const def = v.kind === 'VAR' ? resolve(Number(v.attrs.get('type_id'))) : undefined;
    if (!def || def.kind !== 'STRUCT' || !def.members.some(m => m.name === 'max_entries')) continue;
    const field = new Map(def.members.map(m => [m.name, Number(types.get(m.typeId)?.attrs.get('type_id'))]));
    const num = (n: string) => (field.has(n) ? Number(resolve(field.get(n)!)?.attrs.get('nr_elems') ?? 0) : 0);
    out.set(v.name, {
      typeId: num('type'), maxEntries: num('max_entries'), flags: num('map_flags'),
      keySize: field.has('key') ? size(field.get('key')!) : num('key_size'),
      valueSize: field.has('value') ? size(field.get('value')!) : num('value_size'),
    });
  }
  return out;
}

/** The five u32 fields of a legacy map definition, read from the "maps" section at the symbol's offset. */
function legacyMap(obj: string, name: string): Numbers {
  const syms = run('llvm-readelf', ['-s', '--wide', obj]);
  const sym = syms.split('\n').map(l => l.trim().split(/\s+/)).find(f => f[7] === name);
  assert.ok(sym, `no symbol ${name}`);
  const offset = parseInt(sym[1], 16);
  const dump = run('llvm-readelf', ['-x', 'maps', obj]);
  const hex = dump.split('\n').filter(l => /^\s*0x[0-9a-f]+ /.test(l))
    .map(l => l.trim().split(/\s+/).slice(1, 5).filter(w => /^[0-9a-f]+$/.test(w)).join('')).join('');
  const bytes = Buffer.from(hex, 'hex');
  const u32 = (i: number) => bytes.readUInt32LE(offset + 4 * i);
  return { typeId: u32(0), keySize: u32(1), valueSize: u32(2), maxEntries: u32(3), flags: u32(4) };
}

describe('xdp-lab verify: maps (CLI)', function () {
  let s: Scratch;
  let maps: JsonMap[];

  before(function () {
    const why = cliMissing();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    s = new Scratch();
    s.write('maps.c', MAPS);
    s.write('legacy_map_def.h', LEGACY_MAP_DEF);
    const { code, report } = s.json('verify', 'maps.c');
    assert.equal(code, 0, JSON.stringify(report.diagnostics));
    maps = report.maps;
  });

  after(() => s?.remove());

  it('lists each map once, BTF-defined and legacy', () => {
    assert.deepEqual(maps.map(m => m.name).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`gives ${name} its type, sizes, max_entries and flags`, () => {
      const m = maps.find(x => x.name === name);
      assert.deepEqual(m, { name, ...want });
    });
  }

  it('shows the sizes in the text report', () => {
    const r = s.run('verify', 'maps.c');
    assert.match(r.stdout, /^maps \(3\):$/m);
    assert.match(r.stdout, /^\s+flows\s+BPF_MAP_TYPE_LRU_HASH\s+key 16\s+value 24\s+max_entries 4096\s+flags 0x2$/m);
    assert.match(r.stdout, /^\s+rx_stats\s+BPF_MAP_TYPE_PERCPU_ARRAY\s+key 4\s+value 24\s+max_entries 256$/m);
  });

  it('agrees with what clang -target bpf puts in the object', function () {
    const why = toolMissing();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    const obj = path.join(s.dir, 'maps.o');
    run('clang', ['-O2', '-g', '-target', 'bpf', ...multiarchInclude(), '-include', path.join(s.dir, 'legacy_map_def.h'),
      '-c', path.join(s.dir, 'maps.c'), '-o', obj]);
    const fromBtf = btfMaps(obj);
    for (const name of ['flows', 'tx_ports']) {
      const ours = maps.find(m => m.name === name)!;
      const { typeId, keySize, valueSize, maxEntries, flags } = ours;
      assert.deepEqual({ typeId, keySize, valueSize, maxEntries, flags }, fromBtf.get(name), name);
    }
    const ours = maps.find(m => m.name === 'rx_stats')!;
    const { typeId, keySize, valueSize, maxEntries, flags } = ours;
    assert.deepEqual({ typeId, keySize, valueSize, maxEntries, flags }, legacyMap(obj, 'rx_stats'));
  });
});
