// The items of a translation unit. tree-sitter also accepts statements at file scope; those are reported.

import type { TopLevel } from './ast';
import type { Ctx } from './context';
import type { CNode } from './cst';
import { declaration, functionDef, typeOnlyDeclaration } from './declarations';
import { expressionStatement, TYPE_SPECIFIERS } from './statements';

const SALVAGE = new Set(['declaration', 'type_definition', 'function_definition']);

export function topLevelItems(ctx: Ctx, children: CNode[], lead: number, out: TopLevel[]): void {
  for (let i = 0; i < children.length; i++) {
    const ch = children[i];
    if (ch.named) item(ctx, ch, children[i + 1], lead, out);
    if (TYPE_SPECIFIERS.has(ch.type) && children[i + 1]?.type === ';') i++;
    lead = children[i].end;
  }
}

function item(ctx: Ctx, n: CNode, next: CNode | undefined, lead: number, out: TopLevel[]): void {
  if (n.type === 'declaration' || n.type === 'type_definition') {
    out.push(declaration(ctx, n, lead));
  } else if (n.type === 'function_definition') {
    out.push(functionDef(ctx, n, lead));
  } else if (TYPE_SPECIFIERS.has(n.type)) {
    out.push(typeOnlyDeclaration(ctx, n, lead, next?.type === ';' ? next.end : n.end));
  } else if (n.type === 'expression_statement') {
    const s = expressionStatement(ctx, n);
    if (s.kind === 'static-assert') out.push(s);
    else ctx.report(ctx.span(n), 'PARSE_SYNTAX', 'expected a declaration (a statement outside a function, or an unexpanded macro?)');
  } else if (n.type === 'ERROR') {
    // Keep the complete declarations and functions tree-sitter found inside the garbled stretch.
    topLevelItems(ctx, n.children.filter(c => SALVAGE.has(c.type)), n.start, out);
  } else if (n.type.endsWith('_statement')) {
    ctx.report(ctx.span(n), 'PARSE_SYNTAX', 'statements are only allowed inside functions');
  } else {
    ctx.unsupported(n);
  }
}
