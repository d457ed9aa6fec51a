// struct/union/enum specifiers and their bodies.

import type { EnumSpec, FieldDecl, RecordSpec } from './ast';
import { takeAttributes } from './attributes';
import type { Ctx } from './context';
import { field, namedChildren, type CNode } from './cst';
import { claimTrailingTypeAttrs, specs } from './declarations';
import { declarator } from './declarators';
import { errorExpr, expr } from './expressions';

export function recordSpec(ctx: Ctx, n: CNode): RecordSpec {
  const name = field(n, 'name');
  const body = field(n, 'body');
  const spec: RecordSpec = {
    kind: n.type === 'union_specifier' ? 'union' : 'struct',
    attributes: [],
    span: ctx.span(n),
  };
  if (name) spec.name = ctx.tok(name);
  if (body) spec.fields = fieldList(ctx, body);
  spec.attributes = takeAttributes(ctx, n.start, body ? body.start : n.end);
  return spec;
}

function fieldList(ctx: Ctx, body: CNode): FieldDecl[] {
  const out: FieldDecl[] = [];
  let lead = body.start + 1;
  for (const ch of body.children) {
    if (ch.type === 'field_declaration') {
      out.push(fieldDecl(ctx, ch, lead));
      lead = ch.end;
    } else if (ch.named && ch.type !== 'ERROR') {
      ctx.unsupported(ch);
    }
  }
  return out;
}

interface Entry {
  start: number;
  decl?: CNode;
  bits?: CNode;
}

/** `int a : 3, *b;` — declarators paired with the bit-field widths that follow them. */
function fieldDecl(ctx: Ctx, n: CNode, lead: number): FieldDecl {
  const s = specs(ctx, n);
  const entries: Entry[] = [];
  let cur: Entry | undefined;
  for (const ch of n.children) {
    if (ch.field === 'declarator') {
      // An unnamed bit-field (`int : 3`) comes as a MISSING field_identifier.
      cur = { start: ch.start, decl: ch.missing ? undefined : ch };
      entries.push(cur);
    } else if (ch.type === 'bitfield_clause') {
      if (!cur || cur.bits) {
        cur = { start: ch.start };
        entries.push(cur);
      }
      cur.bits = ch;
    } else if (ch.type === ',') {
      cur = undefined;
    }
  }
  const declarators = entries.map((e, i) => {
    const until = i + 1 < entries.length ? entries[i + 1].start : n.end;
    const d: FieldDecl['declarators'][number] = { attributes: [], span: { start: e.start, end: e.start } };
    if (e.decl) {
      d.declarator = declarator(ctx, e.decl);
      d.span.end = e.decl.end;
    }
    if (e.bits) {
      const w = namedChildren(e.bits)[0];
      d.bitWidth = w ? expr(ctx, w) : errorExpr({ start: e.bits.end, end: e.bits.end });
      d.span.end = e.bits.end;
    }
    d.attributes = takeAttributes(ctx, e.start, until);
    return d;
  });
  const firstDecl = entries.length > 0 ? entries[0].start : n.end;
  claimTrailingTypeAttrs(ctx, s, field(n, 'type'), firstDecl);
  s.attributes.push(...takeAttributes(ctx, lead, firstDecl));
  return { specs: s, declarators, span: ctx.span(n) };
}

export function enumSpec(ctx: Ctx, n: CNode): EnumSpec {
  const name = field(n, 'name');
  const body = field(n, 'body');
  const spec: EnumSpec = { kind: 'enum', attributes: [], span: ctx.span(n) };
  if (name) spec.name = ctx.tok(name);
  if (field(n, 'underlying_type')) ctx.unsupported(n, 'enum with an underlying type');
  if (body) {
    spec.enumerators = [];
    for (const e of body.children) {
      if (e.type !== 'enumerator') {
        if (e.named && e.type !== 'ERROR') ctx.unsupported(e);
        continue;
      }
      const en = field(e, 'name');
      const value = field(e, 'value');
      const item: NonNullable<EnumSpec['enumerators']>[number] = { name: en ? ctx.tok(en) : '', span: ctx.span(e) };
      if (value) item.value = expr(ctx, value);
      spec.enumerators.push(item);
    }
  }
  spec.attributes = takeAttributes(ctx, n.start, body ? body.start : n.end);
  return spec;
}
