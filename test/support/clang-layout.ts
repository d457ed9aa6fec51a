// A struct-layout oracle for tests: compiles C with clang for the BPF target and
// reads sizes and member offsets back from the object's BTF (via bpftool).
//
// Member naming: members of anonymous struct/union types are flattened into
// their parent with their offsets added. A path names each leaf: an anonymous
// member adds nothing to the path, a named member whose type is an anonymous
// struct/union adds "name." — so iphdr yields "saddr" and "addrs.saddr", and
// icmphdr yields "un.echo.id". Members of named struct types (e.g. a
// `struct in6_addr saddr`) are not flattened.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MemberLayout {
  name: string;
  bitOffset: number;
  /** Bitfield width, or 0 if the member is not a bitfield. */
  bitSize: number;
  /** Size in bytes of the member's type (arrays: the whole array). */
  byteSize: number;
}

export interface StructLayout {
  size: number;
  align?: number;
  members: MemberLayout[];
}

export interface LayoutOptions {
  includeDirs: string[];
  nostdinc?: boolean;
  /** Struct names ("iphdr"); prefix with "union " for unions. */
  structs: string[];
  /** More clang arguments, e.g. -D or -I options. */
  extraArgs?: string[];
}

function runs(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
}

/** True when both clang and bpftool can be run. */
export function clangAvailable(): boolean {
  return runs('clang', ['--version']) && runs('bpftool', ['version']);
}

/** clang's include and define arguments for the options. */
function includeArgs(opts: { includeDirs: string[]; nostdinc?: boolean; extraArgs?: string[] }): string[] {
  const args = opts.nostdinc ? ['-nostdinc'] : [];
  for (const dir of opts.includeDirs) args.push('-I', dir);
  return [...args, ...(opts.extraArgs ?? [])];
}

/** Compiles source to a BPF object inside dir; throws with clang's message on failure. */
export function compileBpfObject(
  dir: string,
  source: string,
  opts: { includeDirs: string[]; nostdinc?: boolean; extraArgs?: string[] },
): string {
  const src = join(dir, 'input.c');
  const obj = join(dir, 'input.o');
  writeFileSync(src, source);
  const r = spawnSync('clang', ['-O2', '-g', '-target', 'bpf', ...includeArgs(opts), '-c', src, '-o', obj], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`clang failed:\n${r.stderr}`);
  return obj;
}

/** Runs fn with a fresh temporary directory that is removed afterwards. */
export function withTempDir<T>(prefix: string, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BtfMember {
  name: string;
  typeId: number;
  bitOffset: number;
  bitSize: number;
}

interface BtfType {
  kind: string;
  name: string;
  attrs: Map<string, string>;
  members: BtfMember[];
}

const HEADER_RE = /^\[(\d+)\] (\w+) '([^']*)'(.*)$/;
const MEMBER_RE = /^\s+'([^']*)' type_id=(\d+) bits_offset=(\d+)(?: bitfield_size=(\d+))?/;

/** Parses `bpftool btf dump file X format raw` into types by id. */
export function parseBtfRaw(text: string): Map<number, BtfType> {
  const types = new Map<number, BtfType>();
  let current: BtfType | undefined;
  for (const line of text.split('\n')) {
    const head = HEADER_RE.exec(line);
    if (head) {
      const attrs = new Map<string, string>();
      for (const m of head[4].matchAll(/(\w+)=(\S+)/g)) attrs.set(m[1], m[2].replace(/,$/, ''));
      current = { kind: head[2], name: head[3], attrs, members: [] };
      types.set(Number(head[1]), current);
      continue;
    }
    const member = MEMBER_RE.exec(line);
    if (!member || !current || (current.kind !== 'STRUCT' && current.kind !== 'UNION')) continue;
    current.members.push({
      name: member[1],
      typeId: Number(member[2]),
      bitOffset: Number(member[3]),
      bitSize: member[4] ? Number(member[4]) : 0,
    });
  }
  return types;
}

const QUALIFIERS = new Set(['CONST', 'VOLATILE', 'RESTRICT', 'TYPE_TAG']);

/** Follows qualifiers (and typedefs too when throughTypedefs) to the underlying type id. */
function strip(types: Map<number, BtfType>, id: number, throughTypedefs: boolean): number {
  for (let t = types.get(id); t; t = types.get(id)) {
    const follow = QUALIFIERS.has(t.kind) || (throughTypedefs && t.kind === 'TYPEDEF');
    if (!follow) return id;
    id = Number(t.attrs.get('type_id'));
  }
  return id;
}

/** Size in bytes of a BTF type (0 for void and functions). */
function typeSize(types: Map<number, BtfType>, id: number): number {
  const t = types.get(strip(types, id, true));
  if (!t) return 0;
  if (t.kind === 'PTR') return 8;
  if (t.kind === 'ARRAY') return Number(t.attrs.get('nr_elems')) * typeSize(types, Number(t.attrs.get('type_id')));
  return Number(t.attrs.get('size') ?? 0);
}

/** Leaf members of a struct/union, anonymous records flattened (see the file comment). */
function flatten(types: Map<number, BtfType>, record: BtfType, base: number, prefix: string): MemberLayout[] {
  const out: MemberLayout[] = [];
  for (const m of record.members) {
    const inner = types.get(strip(types, m.typeId, false));
    const offset = base + m.bitOffset;
    const isAnonRecord = inner && (inner.kind === 'STRUCT' || inner.kind === 'UNION') && inner.name === '(anon)';
    if (inner && isAnonRecord) {
      const nested = m.name === '(anon)' ? prefix : `${prefix}${m.name}.`;
      out.push(...flatten(types, inner, offset, nested));
      continue;
    }
    out.push({ name: prefix + m.name, bitOffset: offset, bitSize: m.bitSize, byteSize: typeSize(types, m.typeId) });
  }
  return out;
}

/** The type of global variable `name`, by BTF id. */
function varType(types: Map<number, BtfType>, name: string): number | undefined {
  for (const t of types.values()) {
    if (t.kind === 'VAR' && t.name === name) return Number(t.attrs.get('type_id'));
  }
  return undefined;
}

function layoutProbe(source: string, structs: string[]): string {
  const lines = [source, ''];
  structs.forEach((s, i) => {
    const type = s.startsWith('union ') ? s : `struct ${s}`;
    lines.push(`${type} __xdp_lab_layout_${i};`);
    lines.push(`char __xdp_lab_align_${i}[_Alignof(${type})];`);
  });
  return lines.join('\n') + '\n';
}

/**
 * Layout of each requested struct, as clang lays it out for `-target bpf`.
 * Throws if clang fails or a struct is missing from the BTF.
 */
export function clangLayouts(source: string, opts: LayoutOptions): Map<string, StructLayout> {
  return withTempDir('xdp-lab-layout-', (dir) => {
    const obj = compileBpfObject(dir, layoutProbe(source, opts.structs), opts);
    const raw = execFileSync('bpftool', ['btf', 'dump', 'file', obj, 'format', 'raw'], { encoding: 'utf8' });
    const types = parseBtfRaw(raw);
    const result = new Map<string, StructLayout>();
    opts.structs.forEach((s, i) => {
      const id = varType(types, `__xdp_lab_layout_${i}`);
      const record = id === undefined ? undefined : types.get(strip(types, id, true));
      if (!record || (record.kind !== 'STRUCT' && record.kind !== 'UNION')) {
        throw new Error(`no BTF record for ${s}`);
      }
      const alignId = varType(types, `__xdp_lab_align_${i}`);
      const alignArray = alignId === undefined ? undefined : types.get(alignId);
      result.set(s, {
        size: Number(record.attrs.get('size')),
        align: alignArray ? Number(alignArray.attrs.get('nr_elems')) : undefined,
        members: flatten(types, record, 0, ''),
      });
    });
    return result;
  });
}
