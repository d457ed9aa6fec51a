// Turns declaration specifiers and declarators into CTypes, declares struct/union/enum tags, and holds the
// scope chain. Lowering drives it statement by statement so names resolve exactly as in C.

import type { Diagnostic, Range } from '../diagnostics';
import type * as A from '../parse/ast';
import { findAttr, hasAttr } from './attributes';
import { evalConst, ConstValue } from './consteval';
import { alignOf, asInt, CType, EnumType, findField, IntType, isConst, isVolatile, ptrTo, RecordType, sizeOf, strip, T, withQuals } from './ctype';
import { wrapInt } from './conversions';
import { exprType } from './exprtype';
import { FieldInput, layoutRecord } from './layout';
import { Scope, Sym, Tag } from './scope';

export interface Declared {
  name?: string;
  type: CType;
  span: A.Span;
}

/** The part of a Typer that a translation unit's header prefix determines (see ir/prefix-cache.ts). */
export interface TyperState {
  names: Map<string, Sym>;
  tags: Map<string, Tag>;
  nextId: number;
  diagnostics: Diagnostic[];
  reported: Set<string>;
}

export class Typer {
  scope: Scope;
  readonly global: Scope;
  readonly diagnostics: Diagnostic[] = [];
  private nextId = 1;

  constructor(readonly toRange: (span: A.Span) => Range) {
    this.global = new Scope();
    this.scope = this.global;
  }

  id(): number {
    return this.nextId++;
  }

  saveState(): TyperState {
    return {
      names: new Map(this.global.names),
      tags: new Map(this.global.tags),
      nextId: this.nextId,
      diagnostics: [...this.diagnostics],
      reported: new Set(this.reported),
    };
  }

  /** Only valid on a fresh Typer, before anything was declared. */
  loadState(s: TyperState): void {
    for (const [k, v] of s.names) this.global.names.set(k, v);
    for (const [k, v] of s.tags) this.global.tags.set(k, v);
    this.nextId = s.nextId;
    this.diagnostics.push(...s.diagnostics);
    for (const k of s.reported) this.reported.add(k);
  }

  push(): void {
    this.scope = new Scope(this.scope);
  }

  pop(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }

  /** Constant expressions are evaluated more than once (folding, then lowering): report each finding once. */
  private readonly reported = new Set<string>();

  private firstTime(code: string, span: A.Span): boolean {
    const key = `${code}:${span.start}:${span.end}`;
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  /** Number of findings so far, to tell whether an evaluation already explained its own failure. */
  get errorCount(): number {
    return this.diagnostics.length;
  }

  error(span: A.Span, code: string, message: string, hint?: string): void {
    if (!this.firstTime(code, span)) return;
    const d: Diagnostic = { code, severity: 'error', stage: 'type', range: this.toRange(span), message };
    if (hint) d.hint = hint;
    this.diagnostics.push(d);
  }

  warn(span: A.Span, code: string, message: string): void {
    if (!this.firstTime(code, span)) return;
    this.diagnostics.push({ code, severity: 'warning', stage: 'type', range: this.toRange(span), message });
  }

  // ---- constant expressions ----------------------------------------------------------------------------------

  constValue(e: A.Expr): ConstValue | undefined {
    return evalConst(e, this);
  }

  /** An integer constant expression, reporting an error when it is not one. */
  constInt(e: A.Expr, what: string): bigint | undefined {
    const before = this.errorCount;
    const v = evalConst(e, this);
    if (v === undefined) {
      // When the evaluation already explained why (a missing member, say), one error is enough.
      if (this.errorCount === before) this.error(e.span, 'TYPE_NOT_CONSTANT', `${what} is not an integer constant expression`);
      return undefined;
    }
    return v.value;
  }

  typeOfExpr(e: A.Expr): CType {
    return exprType(e, this);
  }

  private isBitfield(e: A.Expr): boolean {
    if (e.kind !== 'member') return false;
    let o = strip(this.typeOfExpr(e.object));
    if (e.arrow && o.k === 'ptr') o = strip(o.to);
    return o.k === 'record' && findField(o.rec, e.field)?.field.bitWidth !== undefined;
  }

  /** The folded value of `const T x = CONST;` (not volatile: .rodata config knobs must stay loads). */
  foldableConst(type: CType, init: A.Initializer | undefined): bigint | undefined {
    if (!init || init.kind === 'init-list' || !isConst(type) || isVolatile(type) || !asInt(type)) return undefined;
    const before = this.errorCount;
    const v = evalConst(init, this);
    if (this.errorCount !== before || !v) return undefined;
    return wrapInt(v.value, asInt(type)!);
  }

  // ---- specifiers and declarators ----------------------------------------------------------------------------

  specsType(specs: A.DeclSpecs): CType {
    const base = this.typeSpec(specs.type, specs.attributes);
    return withQuals(base, {
      const: specs.qualifiers.includes('const'),
      volatile: specs.qualifiers.includes('volatile'),
    });
  }

  private typeSpec(ts: A.TypeSpec, outerAttrs: readonly A.Attribute[]): CType {
    if (ts.kind === 'enum') return this.enumType(ts, outerAttrs);
    switch (ts.kind) {
      case 'builtin':
        return this.builtinType(ts.words, ts.span);
      case 'named':
        return this.namedType(ts.name, ts.span);
      case 'struct':
      case 'union':
        return this.recordType(ts, outerAttrs);
      case 'typeof':
        return this.typeofType(ts);
    }
  }

  private typeofType(ts: Extract<A.TypeSpec, { kind: 'typeof' }>): CType {
    if (ts.expr && ts.type) {
      // A bare identifier: a typedef name or a variable.
      const name = ts.expr.kind === 'ident' ? ts.expr.name : undefined;
      if (name && this.scope.isTypedef(name)) return this.typeNameType(ts.type);
      return this.typeOfExpr(ts.expr);
    }
    if (ts.type) return this.typeNameType(ts.type);
    if (ts.expr) {
      if (this.isBitfield(ts.expr)) this.error(ts.expr.span, 'TYPE_TYPEOF_BITFIELD', "invalid application of 'typeof' to a bit-field");
      return this.typeOfExpr(ts.expr);
    }
    return T.int;
  }

  private namedType(name: string, span: A.Span): CType {
    const sym = this.scope.lookup(name);
    if (sym?.kind === 'typedef') {
      const align = sym.align;
      return align === undefined ? { k: 'typedef', name, to: sym.type } : { k: 'typedef', name, to: sym.type, align };
    }
    if (name === '_Bool') return T.bool; // `sizeof(_Bool)`: a keyword the parser saw as a name
    this.error(span, 'TYPE_UNKNOWN', `unknown type name '${name}'`, 'include the header that defines it, or check the spelling');
    return T.int;
  }

  private builtinType(words: readonly string[], span: A.Span): CType {
    let longs = 0;
    let signed: boolean | undefined;
    let base: string | undefined;
    let bases = 0;
    let signs = 0;
    for (const w of words) {
      if (w === 'long') longs++;
      else if (w === 'signed' || w === 'unsigned') {
        signs++;
        signed = w === 'signed';
      } else {
        bases++;
        if (w === 'int') base = base ?? 'int';
        else base = w;
      }
    }
    const invalid =
      signs > 1 || longs > 2 || (bases > 1 && !(bases === 2 && words.includes('int') && (base === 'short' || base === 'int'))) ||
      (longs > 0 && base !== undefined && base !== 'int' && base !== 'double') ||
      (signs > 0 && base !== undefined && !['int', 'char', 'short'].includes(base));
    if (invalid) {
      this.error(span, 'TYPE_UNKNOWN', `'${words.join(' ')}' is not a valid type`);
      return T.int;
    }
    switch (base) {
      case 'void':
        return T.void;
      case '_Bool':
      case 'bool':
        return T.bool;
      case 'float':
        return T.float;
      case 'double':
        return T.double;
      case 'char':
        return signed === undefined ? T.char : signed ? T.schar : T.uchar;
      case 'short':
        return signed === false ? T.ushort : T.short;
      case '__int128':
        this.error(span, 'TYPE_UNSUPPORTED', '__int128 is not supported by BPF');
        return T.ulong;
      case undefined:
      case 'int':
        if (longs >= 2) return signed === false ? T.ullong : T.llong;
        if (longs === 1) return signed === false ? T.ulong : T.long;
        return signed === false ? T.uint : T.int;
      default:
        this.error(span, 'TYPE_UNKNOWN', `unknown type '${words.join(' ')}'`);
        return T.int;
    }
  }

  /** A typedef; `aligned(N)` on it sets the alignment of every use. */
  declareTypedef(scope: Scope, name: string, type: CType, span: A.Span, attrs: readonly A.Attribute[]): void {
    const align = this.alignedAttr(attrs);
    scope.names.set(name, align === undefined ? { kind: 'typedef', name, type, span } : { kind: 'typedef', name, type, span, align });
  }

  typeNameType(tn: A.TypeName): CType {
    return this.declare(tn.declarator, this.specsType(tn.specs)).type;
  }

  /** Applies a declarator to a base type (see the convention in ast.ts). */
  declare(d: A.Declarator, base: CType): Declared {
    let cur = d;
    let type = base;
    for (;;) {
      switch (cur.kind) {
        case 'ident':
          return { name: cur.name, type, span: cur.span };
        case 'none':
          return { type, span: cur.span };
        case 'pointer':
          type = withQuals(ptrTo(type), {
            const: cur.qualifiers.includes('const'),
            volatile: cur.qualifiers.includes('volatile'),
          });
          cur = cur.inner;
          break;
        case 'array': {
          let len: number | undefined;
          if (cur.size) {
            const v = this.constValue(cur.size);
            // After a bad size the array counts as one element, so the error does not cascade into "incomplete".
            if (v === undefined) {
              this.error(cur.size.span, 'TYPE_VLA', 'array size is not a constant: BPF has no variable-length arrays');
              len = 1;
            } else if (v.value < 0n) {
              this.error(cur.size.span, 'TYPE_NEGATIVE_ARRAY', `array size is negative (${v.value})`);
              len = 1;
            } else len = Number(v.value);
          }
          type = { k: 'array', of: type, len };
          cur = cur.inner;
          break;
        }
        case 'function': {
          const params = this.paramTypes(cur.params);
          type = { k: 'func', ret: type, params, variadic: cur.variadic, prototyped: cur.params.length > 0 };
          cur = cur.inner;
          break;
        }
      }
    }
  }

  paramTypes(params: readonly A.ParamDecl[]): CType[] {
    if (params.length === 1) {
      const only = params[0];
      const t = this.declare(only.declarator, this.specsType(only.specs));
      if (strip(t.type).k === 'void' && !t.name) return [];
    }
    return params.map(p => adjustParam(this.declare(p.declarator, this.specsType(p.specs)).type));
  }

  // ---- records and enums -------------------------------------------------------------------------------------

  private recordType(spec: A.RecordSpec, outerAttrs: readonly A.Attribute[]): CType {
    const kind = spec.kind;
    if (spec.fields === undefined) {
      if (spec.name === undefined) return T.int;
      const tag = this.scope.lookupTag(spec.name);
      if (tag && tag.kind === kind) return tag.type;
      if (tag) {
        this.error(spec.span, 'TYPE_TAG_KIND', `'${spec.name}' is a ${tag.kind}, used here as a ${kind}`);
        return tag.type;
      }
      const rec: RecordType = { kind, name: spec.name, size: 0, align: 1, packed: false, id: this.id() };
      const t: CType = { k: 'record', rec };
      this.scope.tags.set(spec.name, { kind, type: t, span: spec.span });
      return t;
    }

    let rec: RecordType | undefined;
    let type: CType | undefined;
    if (spec.name !== undefined) {
      const existing = this.scope.tags.get(spec.name);
      if (existing && existing.type.k === 'record' && existing.kind === kind) {
        if (existing.type.rec.fields) {
          this.error(spec.span, 'TYPE_REDEFINITION', `redefinition of '${kind} ${spec.name}'`, 'guard the header with #pragma once or #ifndef');
        } else {
          rec = existing.type.rec;
          type = existing.type;
        }
      }
    }
    if (!rec || !type) {
      rec = { kind, name: spec.name, size: 0, align: 1, packed: false, id: this.id() };
      type = { k: 'record', rec };
      if (spec.name !== undefined) this.scope.tags.set(spec.name, { kind, type, span: spec.span });
    }

    const attrs = [...spec.attributes, ...outerAttrs];
    const packed = hasAttr(attrs, 'packed');
    const alignAttr = this.alignedAttr(attrs);
    const inputs = this.fieldInputs(spec.fields);
    const lay = layoutRecord(kind, inputs, packed, alignAttr);
    rec.fields = lay.fields;
    rec.size = lay.size;
    rec.align = lay.align;
    rec.packed = packed;
    return type;
  }

  private fieldInputs(decls: readonly A.FieldDecl[]): FieldInput[] {
    const out: FieldInput[] = [];
    for (const fd of decls) {
      const base = this.specsType(fd.specs);
      if (fd.declarators.length === 0) {
        const s = strip(base);
        if (s.k === 'record') out.push({ type: base, alignAttr: this.alignedAttr(fd.specs.attributes) });
        continue;
      }
      for (const d of fd.declarators) {
        const decl = d.declarator ? this.declare(d.declarator, base) : { type: base, span: d.span };
        const input: FieldInput = { name: decl.name, type: decl.type };
        if (d.bitWidth) {
          const w = this.constInt(d.bitWidth, 'bit-field width');
          if (w !== undefined) {
            const max = (sizeOf(decl.type) ?? 4) * 8;
            if (w < 0n) {
              this.error(d.bitWidth.span, 'TYPE_BITFIELD_WIDTH', `bit-field '${decl.name ?? ''}' has negative width (${w})`);
            } else if (w > BigInt(max)) {
              this.error(d.bitWidth.span, 'TYPE_BITFIELD_WIDTH', `bit-field width ${w} exceeds its type's ${max} bits`);
            } else input.bitWidth = Number(w);
          }
        }
        const attrs = [...d.attributes, ...fd.specs.attributes];
        const al = this.alignedAttr(attrs);
        if (al !== undefined) input.alignAttr = al;
        if (hasAttr(attrs, 'packed')) input.packed = true;
        if (sizeOf(decl.type) === undefined && strip(decl.type).k !== 'array') {
          this.error(d.span, 'TYPE_INCOMPLETE_FIELD', `field '${decl.name ?? ''}' has an incomplete type`);
        }
        out.push(input);
      }
    }
    return out;
  }

  /** `aligned(N)`; bare `aligned` means what clang uses for the BPF target: 16. */
  alignedAttr(attrs: readonly A.Attribute[]): number | undefined {
    const a = findAttr(attrs, 'aligned');
    if (!a) return undefined;
    if (a.args.length === 0) return 16;
    const v = this.constValue(a.args[0]);
    return v === undefined ? undefined : Number(v.value);
  }

  private enumType(spec: A.EnumSpec, outerAttrs: readonly A.Attribute[] = []): CType {
    if (spec.enumerators === undefined) {
      if (spec.name === undefined) return T.int;
      const tag = this.scope.lookupTag(spec.name);
      if (tag) return tag.type;
      const en: EnumType = { name: spec.name, complete: false, base: T.uint, values: new Map() };
      const t: CType = { k: 'enum', en };
      this.scope.tags.set(spec.name, { kind: 'enum', type: t, span: spec.span });
      return t;
    }
    let en: EnumType | undefined;
    let type: CType | undefined;
    if (spec.name !== undefined) {
      const existing = this.scope.tags.get(spec.name);
      if (existing?.type.k === 'enum' && !existing.type.en.complete) {
        en = existing.type.en;
        type = existing.type;
      } else if (existing) {
        this.error(spec.span, 'TYPE_REDEFINITION', `redefinition of 'enum ${spec.name}'`);
      }
    }
    if (!en || !type) {
      en = { name: spec.name, complete: false, base: T.uint, values: new Map() };
      type = { k: 'enum', en };
      if (spec.name !== undefined) this.scope.tags.set(spec.name, { kind: 'enum', type, span: spec.span });
    }
    let next = 0n;
    for (const e of spec.enumerators) {
      let v = next;
      if (e.value) {
        const c = this.constInt(e.value, `value of '${e.name}'`);
        if (c !== undefined) v = c;
      }
      en.values.set(e.name, v);
      // While the list is open, an enumerator has type int (or the smallest type holding it).
      this.scope.names.set(e.name, { kind: 'enumconst', name: e.name, value: v, type: enumConstType(v), span: e.span });
      next = v + 1n;
    }
    en.base = enumBase([...en.values.values()], hasAttr([...spec.attributes, ...outerAttrs], 'packed'));
    en.complete = true;
    // Once the list is closed, an enumerator that does not fit in int has the enum's type (clang).
    for (const e of spec.enumerators) {
      const v = en.values.get(e.name)!;
      if (v < -(1n << 31n) || v >= 1n << 31n) {
        this.scope.names.set(e.name, { kind: 'enumconst', name: e.name, value: v, type: en.base, span: e.span });
      }
    }
    return type;
  }

  /** Byte alignment of a type, honouring packed records (for `_Alignof`). */
  alignOf(t: CType): number {
    return alignOf(t);
  }
}

function enumConstType(v: bigint): IntType {
  if (v >= -(1n << 31n) && v < 1n << 31n) return T.int;
  if (v >= 0n && v < 1n << 32n) return T.uint;
  if (v >= -(1n << 63n) && v < 1n << 63n) return T.long;
  return T.ulong;
}

/** The integer type an enum is stored as: unsigned when nothing is negative (as clang), the smallest that fits when packed. */
function enumBase(values: bigint[], packed: boolean): IntType {
  const min = values.reduce((a, b) => (b < a ? b : a), 0n);
  const max = values.reduce((a, b) => (b > a ? b : a), 0n);
  const signedFits = (bits: bigint): boolean => min >= -(1n << (bits - 1n)) && max < 1n << (bits - 1n);
  const unsignedFits = (bits: bigint): boolean => max < 1n << bits;
  if (min < 0n) {
    if (packed && signedFits(8n)) return T.schar;
    if (packed && signedFits(16n)) return T.short;
    return signedFits(32n) ? T.int : T.long;
  }
  if (packed && unsignedFits(8n)) return T.uchar;
  if (packed && unsignedFits(16n)) return T.ushort;
  return unsignedFits(32n) ? T.uint : T.ulong;
}

/** Parameters of array type become pointers; of function type, pointers to functions. */
export function adjustParam(t: CType): CType {
  const s = strip(t);
  if (s.k === 'array') return withQuals(ptrTo(s.of), { const: t.const });
  if (s.k === 'func') return ptrTo(t);
  return t;
}
