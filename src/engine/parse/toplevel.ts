// The items of a translation unit. tree-sitter also accepts statements at file scope; those are reported.

import type { TopLevel } from './ast';
import type { Ctx } from './context';
import type { CNode } from './cst';
import { declaration, functionDef, typeOnlyDeclaration } from './declarations';
import { salvageFunction } from './salvage';
import { expressionStatement, TYPE_SPECIFIERS } from './statements';

const SALVAGE = new Set(['declaration', 'type_definition', 'function_definition']);
const NOT_A_DECLARATION = 'expected a declaration (a statement outside a function, or an unexpanded macro?)';

export function topLevelItems(ctx: Ctx, children: CNode[], lead: number, out: TopLevel[]): void {
  for (let i = 0; i < children.length; i++) {
    const ch = children[i];
    const next = children[i + 1];
    if (ch.type === 'ERROR' && next?.type === 'compound_statement' && salvage(ctx, ch, next, out)) {
      lead = next.end;
      i++;
      continue;
    }
    if (ch.named) item(ctx, ch, next, lead, out);
    if (TYPE_SPECIFIERS.has(ch.type) && children[i + 1]?.type === ';') i++;
    lead = children[i].end;
  }
}

/** ERROR then a bare block: a function whose head was swallowed. The error shrinks to the garbage before it. */
function salvage(ctx: Ctx, error: CNode, block: CNode, out: TopLevel[]): boolean {
  if (!ctx.reparse) return false;
  const found = salvageFunction(ctx.maskedText, error, block, ctx.reparse);
  if (!found) return false;
  topLevelItems(ctx, error.children.filter(c => SALVAGE.has(c.type) && c.end <= found.from), error.start, out);
  out.push(functionDef(ctx, found.fn, found.from));
  let end = found.from;
  while (end > error.start && /\s/.test(ctx.text[end - 1])) end--;
  error.end = end;
  error.children = error.children.filter(c => c.end <= end);
  return true;
}

function item(ctx: Ctx, n: CNode, next: CNode | undefined, lead: number, out: TopLevel[]): void {
  if (n.type === 'declaration' || n.type === 'type_definition') {
    out.push(declaration(ctx, n, lead));
  } else if (n.type === 'function_definition') {
    out.push(functionDef(ctx, n, lead));
  } else if (TYPE_SPECIFIERS.has(n.type)) {
    const end = next?.type === ';' ? next.end : n.end;
    // `x;` reads either as a useless declaration of type x or as an expression, depending on what tree-sitter
    // saw around it: both get the same diagnostic.
    if (n.type === 'type_identifier' && !ctx.typeofAt(n)) ctx.report({ start: n.start, end }, 'PARSE_SYNTAX', NOT_A_DECLARATION);
    else out.push(typeOnlyDeclaration(ctx, n, lead, end));
  } else if (n.type === 'expression_statement') {
    if (n.children.every(c => !c.named)) return; // a stray `;` is allowed at file scope
    const s = expressionStatement(ctx, n);
    if (s.kind === 'static-assert') out.push(s);
    else ctx.report(ctx.span(n), 'PARSE_SYNTAX', NOT_A_DECLARATION);
  } else if (n.type === 'ERROR') {
    // Keep the complete declarations and functions tree-sitter found inside the garbled stretch.
    topLevelItems(ctx, n.children.filter(c => SALVAGE.has(c.type)), n.start, out);
  } else if (n.type.endsWith('_statement')) {
    ctx.report(ctx.span(n), 'PARSE_SYNTAX', 'statements are only allowed inside functions');
  } else {
    ctx.unsupported(n);
  }
}
