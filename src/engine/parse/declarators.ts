// Declarators, concrete and abstract, following the convention in ast.ts: tree-sitter's nesting with the
// parentheses dropped, so the declared type is built from the outside in.

import type { Declarator, ParamDecl, Qualifier } from './ast';
import { takeAttributes } from './attributes';
import type { Ctx } from './context';
import { field, type CNode } from './cst';
import { QUALIFIERS, specs } from './declarations';
import { expr } from './expressions';

/** The end of an abstract declarator: where a name would have been written. */
export function noneAt(pos: number): Declarator {
  return { kind: 'none', span: { start: pos, end: pos } };
}

const NAMES = new Set(['identifier', 'field_identifier', 'type_identifier', 'primitive_type']);

export function declarator(ctx: Ctx, n: CNode): Declarator {
  const span = ctx.span(n);
  if (NAMES.has(n.type)) return n.missing ? noneAt(n.start) : { kind: 'ident', name: ctx.tok(n), span };
  switch (n.type) {
    case 'pointer_declarator':
    case 'abstract_pointer_declarator': {
      const inner = field(n, 'declarator');
      const d = inner ? declarator(ctx, inner) : noneAt(n.end);
      const attributes = takeAttributes(ctx, n.start, inner ? inner.start : n.end);
      return { kind: 'pointer', qualifiers: qualifiers(ctx, n), attributes, inner: d, span };
    }
    case 'array_declarator':
    case 'abstract_array_declarator': {
      const inner = field(n, 'declarator');
      const size = field(n, 'size');
      const d: Declarator = {
        kind: 'array',
        qualifiers: qualifiers(ctx, n),
        inner: inner ? declarator(ctx, inner) : noneAt(n.start),
        span,
      };
      // `[*]` (VLA of unspecified size) comes as an anonymous '*' size.
      if (size?.named) d.size = expr(ctx, size);
      return d;
    }
    case 'function_declarator':
    case 'abstract_function_declarator':
      return functionDeclarator(ctx, n);
    case 'parenthesized_declarator':
    case 'abstract_parenthesized_declarator':
    case 'attributed_declarator': {
      const inner = n.children.find(c => c.named && c.type !== 'ms_call_modifier' && c.type !== 'attribute_declaration');
      return inner ? declarator(ctx, inner) : noneAt(n.end);
    }
    default:
      if (n.type !== 'ERROR') ctx.unsupported(n);
      return noneAt(n.start);
  }
}

function qualifiers(ctx: Ctx, n: CNode): Qualifier[] {
  const out: Qualifier[] = [];
  const add = (q: Qualifier): void => {
    if (!out.includes(q)) out.push(q);
  };
  for (const ch of n.children) {
    if (ch.type === 'ms_pointer_modifier') {
      if (ch.children.some(c => c.type === 'ms_restrict_modifier')) add('restrict');
      continue;
    }
    if (ch.type !== 'type_qualifier') continue;
    const q = QUALIFIERS.get(ctx.tok(ch));
    if (q) add(q);
  }
  return out;
}

function functionDeclarator(ctx: Ctx, n: CNode): Declarator {
  const inner = field(n, 'declarator');
  const list = field(n, 'parameters');
  const params: ParamDecl[] = [];
  let variadic = false;
  const decls = list ? list.children.filter(c => c.type === 'parameter_declaration') : [];
  // Each parameter owns the attributes from the end of the previous one to the start of the next.
  decls.forEach((p, i) => {
    const lead = i > 0 ? decls[i - 1].end : (list as CNode).start + 1;
    const until = i + 1 < decls.length ? decls[i + 1].start : (list as CNode).end;
    params.push(parameter(ctx, p, lead, until));
  });
  for (const p of list ? list.children : []) {
    if (p.type === 'parameter_declaration') {
      continue;
    } else if (p.type === 'variadic_parameter') {
      variadic = true;
    } else if (p.type === 'identifier') {
      ctx.unsupported(p, 'K&R-style parameter list');
    } else if (p.named && p.type !== 'ERROR') {
      ctx.unsupported(p);
    }
  }
  for (const extra of n.children) {
    // `f(void) MACRO` / `f(void) MACRO(x)`: something unexpanded after the parameters.
    if ((extra.type === 'identifier' || extra.type === 'call_expression') && extra.field === undefined) {
      ctx.unsupported(extra, `'${ctx.tok(extra)}' after a parameter list (an unexpanded macro?)`);
    }
  }
  return {
    kind: 'function',
    params,
    variadic,
    inner: inner ? declarator(ctx, inner) : noneAt(n.start),
    span: ctx.span(n),
  };
}

function parameter(ctx: Ctx, p: CNode, lead: number, until: number): ParamDecl {
  const s = specs(ctx, p);
  const d = field(p, 'declarator');
  const dd = d ? declarator(ctx, d) : noneAt(s.span.end);
  s.attributes.push(...takeAttributes(ctx, lead, until));
  return { specs: s, declarator: dd, span: ctx.span(p) };
}
