// C types as the BPF target sees them: char is signed, long and pointers are 64-bit, little-endian.

export interface Quals {
  const?: boolean;
  volatile?: boolean;
}

export type CType =
  | ({ k: 'void' } & Quals)
  | ({ k: 'int'; size: 1 | 2 | 4 | 8; signed: boolean; name: string; bool?: boolean } & Quals)
  | ({ k: 'float'; size: 4 | 8; name: string } & Quals)
  | ({ k: 'ptr'; to: CType } & Quals)
  | ({ k: 'array'; of: CType; len?: number } & Quals)
  | ({ k: 'func'; ret: CType; params: CType[]; variadic: boolean; prototyped: boolean } & Quals)
  | ({ k: 'record'; rec: RecordType } & Quals)
  | ({ k: 'enum'; en: EnumType } & Quals)
  /** A typedef name kept for display and for hints (`__be16` is a u16 that is big-endian). */
  | ({ k: 'typedef'; name: string; to: CType; align?: number } & Quals);

export interface Field {
  /** Undefined for an anonymous struct/union member (its fields are reachable by name through it). */
  name?: string;
  type: CType;
  /** Byte offset of the storage unit the field starts in (for bitfields: floor(bitOffset / 8)). */
  offset: number;
  /** Set for bitfields: absolute bit offset from the record's start, and width. */
  bitOffset?: number;
  bitWidth?: number;
}

export interface RecordType {
  kind: 'struct' | 'union';
  name?: string;
  /** Undefined while incomplete (forward-declared). */
  fields?: Field[];
  size: number;
  align: number;
  packed: boolean;
  /** Unique id so two distinct anonymous records never compare equal. */
  id: number;
}

export interface EnumType {
  name?: string;
  complete: boolean;
  /** The integer type the enum is stored as (int unless a value needs more). */
  base: Extract<CType, { k: 'int' }>;
  values: Map<string, bigint>;
}

export type IntType = Extract<CType, { k: 'int' }>;

function int(name: string, size: 1 | 2 | 4 | 8, signed: boolean): IntType {
  return { k: 'int', size, signed, name };
}

export const T = {
  void: { k: 'void' } as CType,
  bool: { k: 'int', size: 1, signed: false, name: '_Bool', bool: true } as IntType,
  char: int('char', 1, true),
  schar: int('signed char', 1, true),
  uchar: int('unsigned char', 1, false),
  short: int('short', 2, true),
  ushort: int('unsigned short', 2, false),
  int: int('int', 4, true),
  uint: int('unsigned int', 4, false),
  long: int('long', 8, true),
  ulong: int('unsigned long', 8, false),
  llong: int('long long', 8, true),
  ullong: int('unsigned long long', 8, false),
  float: { k: 'float', size: 4, name: 'float' } as CType,
  double: { k: 'float', size: 8, name: 'double' } as CType,
};

/** The type without typedef wrappers (qualifiers of the outermost layer are kept). */
export function strip(t: CType): CType {
  let cur = t;
  let quals: Quals = {};
  while (cur.k === 'typedef') {
    if (cur.const) quals = { ...quals, const: true };
    if (cur.volatile) quals = { ...quals, volatile: true };
    cur = cur.to;
  }
  if (quals.const || quals.volatile) return { ...cur, ...quals } as CType;
  return cur;
}

export function isConst(t: CType): boolean {
  let cur: CType = t;
  for (;;) {
    if (cur.const) return true;
    if (cur.k === 'typedef') cur = cur.to;
    else if (cur.k === 'array') cur = cur.of;
    else return false;
  }
}

export function isVolatile(t: CType): boolean {
  for (let cur: CType = t; ; ) {
    if (cur.volatile) return true;
    if (cur.k === 'typedef') cur = cur.to;
    else return false;
  }
}

export function withQuals(t: CType, q: Quals): CType {
  if (!q.const && !q.volatile) return t;
  return { ...t, ...(q.const ? { const: true } : {}), ...(q.volatile ? { volatile: true } : {}) } as CType;
}

export function unqualified(t: CType): CType {
  if (!t.const && !t.volatile) return t;
  const c = { ...t } as CType & Quals;
  delete c.const;
  delete c.volatile;
  return c;
}

export function asInt(t: CType): IntType | undefined {
  const s = strip(t);
  if (s.k === 'int') return s;
  if (s.k === 'enum') return s.en.base;
  return undefined;
}

export function isInteger(t: CType): boolean {
  return asInt(t) !== undefined;
}

export function isPointer(t: CType): boolean {
  return strip(t).k === 'ptr';
}

export function isScalar(t: CType): boolean {
  const k = strip(t).k;
  return k === 'int' || k === 'enum' || k === 'ptr' || k === 'float';
}

export function isAggregate(t: CType): boolean {
  const k = strip(t).k;
  return k === 'record' || k === 'array';
}

export function pointee(t: CType): CType | undefined {
  const s = strip(t);
  if (s.k === 'ptr') return s.to;
  if (s.k === 'array') return s.of;
  return undefined;
}

export function ptrTo(t: CType): CType {
  return { k: 'ptr', to: t };
}

/** sizeof; undefined for incomplete types and functions. void counts as 1 for pointer arithmetic (GNU). */
export function sizeOf(t: CType): number | undefined {
  const s = strip(t);
  switch (s.k) {
    case 'void':
      return 1;
    case 'int':
    case 'float':
      return s.size;
    case 'ptr':
      return 8;
    case 'enum':
      return s.en.base.size;
    case 'array': {
      if (s.len === undefined) return undefined; // `T[]`: incomplete (flexible array members take no space)
      const e = sizeOf(s.of);
      return e === undefined ? undefined : e * s.len;
    }
    case 'record':
      return s.rec.fields ? s.rec.size : undefined;
    case 'func':
      return undefined;
    case 'typedef':
      return sizeOf(s.to);
  }
}

export function alignOf(t: CType): number {
  // `typedef char al4 __attribute__((aligned(4)))`: the typedef's alignment replaces the type's.
  for (let cur: CType = t; cur.k === 'typedef'; cur = cur.to) if (cur.align !== undefined) return cur.align;
  const s = strip(t);
  switch (s.k) {
    case 'int':
    case 'float':
      return s.size;
    case 'ptr':
      return 8;
    case 'enum':
      return s.en.base.size;
    case 'array':
      return alignOf(s.of);
    case 'record':
      return s.rec.align;
    default:
      return 1;
  }
}

/** Human-readable type, as a C programmer would write it (used in messages and IR printouts). */
export function typeName(t: CType): string {
  const q = (t.const ? 'const ' : '') + (t.volatile ? 'volatile ' : '');
  switch (t.k) {
    case 'void':
      return q + 'void';
    case 'int':
    case 'float':
      return q + t.name;
    case 'typedef':
      return q + t.name;
    case 'enum':
      return q + 'enum ' + (t.en.name ?? '<anonymous>');
    case 'record':
      return q + t.rec.kind + ' ' + (t.rec.name ?? '<anonymous>');
    case 'ptr':
      return typeName(t.to) + ' *' + (t.const ? 'const' : '');
    case 'array':
      return typeName(t.of) + '[' + (t.len ?? '') + ']';
    case 'func':
      return typeName(t.ret) + '(' + t.params.map(typeName).join(', ') + (t.variadic ? ', ...' : '') + ')';
  }
}

/** A field by name, looking through anonymous members; offsets are accumulated. */
export interface FieldPath {
  field: Field;
  /** Byte offset from the outer record's start. */
  offset: number;
  /** Absolute bit offset from the outer record's start, for bitfields. */
  bitOffset?: number;
}

export function findField(rec: RecordType, name: string): FieldPath | undefined {
  if (!rec.fields) return undefined;
  for (const f of rec.fields) {
    if (f.name === name) {
      return { field: f, offset: f.offset, bitOffset: f.bitOffset };
    }
    if (f.name === undefined) {
      const inner = strip(f.type);
      if (inner.k !== 'record') continue;
      const sub = findField(inner.rec, name);
      if (!sub) continue;
      const bit = sub.bitOffset === undefined ? undefined : sub.bitOffset + f.offset * 8;
      return { field: sub.field, offset: sub.offset + f.offset, bitOffset: bit };
    }
  }
  return undefined;
}

/** Structural compatibility good enough for diagnostics (not full C compatibility rules). */
export function sameType(a: CType, b: CType): boolean {
  const x = strip(a);
  const y = strip(b);
  if (x.k !== y.k) return false;
  switch (x.k) {
    case 'int':
      return y.k === 'int' && x.size === y.size && x.signed === y.signed && !!x.bool === !!y.bool;
    case 'float':
      return y.k === 'float' && x.size === y.size;
    case 'ptr':
      return y.k === 'ptr' && sameType(x.to, y.to);
    case 'array':
      return y.k === 'array' && x.len === y.len && sameType(x.of, y.of);
    case 'record':
      return y.k === 'record' && x.rec === y.rec;
    case 'enum':
      return y.k === 'enum' && x.en === y.en;
    default:
      return true;
  }
}
