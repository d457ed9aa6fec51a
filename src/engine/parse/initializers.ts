// Initializers: brace lists with designators (`.a.b = 1`, `[2] = x`, GNU `[0 ... 3] = y` and `a: 1`), nested.

import type { Designator, InitList, Initializer } from './ast';
import type { Ctx } from './context';
import { field, namedChildren, type CNode } from './cst';
import { errorExpr, expr } from './expressions';

export function initializer(ctx: Ctx, n: CNode): Initializer {
  return n.type === 'initializer_list' ? initList(ctx, n) : expr(ctx, n);
}

export function initList(ctx: Ctx, n: CNode): InitList {
  const list: InitList = { kind: 'init-list', items: [], span: ctx.span(n) };
  if (n.type !== 'initializer_list') {
    if (n.type !== 'ERROR') ctx.unsupported(n);
    return list;
  }
  for (const ch of n.children) {
    if (!ch.named || ch.type === 'ERROR') continue;
    if (ch.type !== 'initializer_pair') {
      list.items.push({ designators: [], value: initializer(ctx, ch), span: ctx.span(ch) });
      continue;
    }
    const value = field(ch, 'value');
    list.items.push({
      designators: designators(ctx, ch),
      value: value ? initializer(ctx, value) : errorExpr({ start: ch.end, end: ch.end }),
      span: ctx.span(ch),
    });
  }
  return list;
}

function designators(ctx: Ctx, pair: CNode): Designator[] {
  const out: Designator[] = [];
  for (const d of pair.children) {
    if (d.field !== 'designator') continue;
    const span = ctx.span(d);
    switch (d.type) {
      case 'field_designator': {
        const name = namedChildren(d)[0];
        out.push({ kind: 'field', name: name ? ctx.tok(name) : '', span });
        break;
      }
      case 'field_identifier': // GNU `name: value`
        out.push({ kind: 'field', name: ctx.tok(d), span });
        break;
      case 'subscript_designator': {
        const index = namedChildren(d)[0];
        out.push({ kind: 'index', index: index ? expr(ctx, index) : errorExpr(d), span });
        break;
      }
      case 'subscript_range_designator': {
        const start = field(d, 'start');
        const end = field(d, 'end');
        out.push({
          kind: 'index',
          index: start ? expr(ctx, start) : errorExpr(d),
          last: end ? expr(ctx, end) : errorExpr(d),
          span,
        });
        break;
      }
      default:
        if (d.type !== 'ERROR') ctx.unsupported(d);
    }
  }
  return out;
}
