// GNU `__attribute__((...))` and C23 `[[...]]` attributes. The prepass blanked them out of the text, so each
// converter claims the ones lying inside its own stretch of text (Ctx.takeAttrPieces), inner constructs first.

import type { Attribute } from './ast';
import type { Ctx } from './context';
import { expr } from './expressions';
import type { AttrItem } from './pieces';

/** "__packed__" → "packed"; "__aligned" stays as GCC spells it. */
export function attrName(raw: string): string {
  const m = /^__(.+)__$/.exec(raw);
  return m ? m[1] : raw;
}

function toAttribute(ctx: Ctx, item: AttrItem): Attribute {
  const span = { start: item.start, end: item.end };
  const attr: Attribute = { name: attrName(item.name), args: [], span };
  const args = item.args;
  if (!args) return attr;
  if (!args.node) {
    ctx.report({ start: args.start, end: args.end }, 'PARSE_SYNTAX', `cannot parse the arguments of attribute '${item.name}'`);
    return attr;
  }
  for (const a of args.node.children) if (a.named) attr.args.push(expr(ctx, a));
  return attr;
}

/** Attributes written in [start, end) that no inner construct claimed. */
export function takeAttributes(ctx: Ctx, start: number, end: number): Attribute[] {
  const out: Attribute[] = [];
  for (const piece of ctx.takeAttrPieces(start, end)) for (const item of piece.items) out.push(toAttribute(ctx, item));
  return out;
}
