// Statements and block items. tree-sitter nests the statements after `case X:` (and after a label) inside that
// node; here a case/default/label keeps only the first statement as its body and the rest follow it as siblings
// in the enclosing block, so the lowering sees switch bodies as one flat sequence:
//   case 1: a(); b(); case 2: c();  →  [case 1 {a()}, b(), case 2 {c()}]
// A case followed directly by a declaration (C23) gets no body; the declaration follows it.

import type { CompoundStmt, Declaration, Expr, StaticAssert, Stmt } from './ast';
import type { Ctx } from './context';
import { field, namedChildren, type CNode } from './cst';
import { declaration, typeOnlyDeclaration } from './declarations';
import { errorExpr, expr } from './expressions';
import { stringLiteral } from './literals';

export type BlockItem = Stmt | Declaration | StaticAssert;

/** Type specifiers that may stand alone before `;` (`struct s { ... };`). */
export const TYPE_SPECIFIERS = new Set([
  'struct_specifier', 'union_specifier', 'enum_specifier', 'sized_type_specifier', 'primitive_type', 'type_identifier',
  'macro_type_specifier',
]);

function isStmt(item: BlockItem): item is Stmt {
  return item.kind !== 'declaration' && item.kind !== 'static-assert';
}

export function compound(ctx: Ctx, n: CNode): CompoundStmt {
  const items: BlockItem[] = [];
  itemsFrom(ctx, n.children, n.start + 1, items);
  return { kind: 'compound', items, span: ctx.span(n) };
}

/** Converts a run of sibling nodes (a block's children, or what follows `case X:`) into block items. */
function itemsFrom(ctx: Ctx, children: CNode[], lead: number, out: BlockItem[]): void {
  for (let i = 0; i < children.length; i++) {
    const ch = children[i];
    if (!ch.named) continue;
    if (ch.type === 'declaration' || ch.type === 'type_definition') {
      out.push(declaration(ctx, ch, lead));
    } else if (TYPE_SPECIFIERS.has(ch.type)) {
      const semi = children[i + 1]?.type === ';' ? children[++i] : undefined;
      const end = semi ? semi.end : ch.end;
      // `x;` reads either as an expression or as a useless declaration of type x, depending on what tree-sitter
      // saw around it: always take it as the expression.
      if (ch.type === 'type_identifier' && !ctx.typeofAt(ch)) {
        out.push({ kind: 'expr', expr: { kind: 'ident', name: ctx.tok(ch), span: ctx.span(ch) }, span: { start: ch.start, end } });
      } else {
        out.push(typeOnlyDeclaration(ctx, ch, lead, end));
      }
    } else if (ch.type === 'ERROR') {
      // Keep whatever complete statements tree-sitter recognised inside the garbled stretch.
      itemsFrom(ctx, ch.children.filter(c => c.type !== 'ERROR' && isBlockItemType(c.type)), ch.start, out);
    } else if (ch.type === 'function_definition') {
      ctx.unsupported(ch, 'nested function definition');
    } else {
      stmtItems(ctx, ch, out);
    }
    lead = children[i].end;
  }
}

function isBlockItemType(type: string): boolean {
  return type === 'declaration' || type === 'type_definition' || type.endsWith('_statement');
}

/** One statement, wrapped in a block if it had to be split (a case or label in a non-block position). */
export function stmt(ctx: Ctx, n: CNode): Stmt {
  const items: BlockItem[] = [];
  stmtItems(ctx, n, items);
  if (items.length === 1 && isStmt(items[0])) return items[0];
  if (items.length === 0) return { kind: 'expr', span: ctx.span(n) };
  return { kind: 'compound', items, span: ctx.span(n) };
}

/** A case or label: the first following item becomes its body if it is a statement; the rest are siblings. */
function labelled(ctx: Ctx, n: CNode, head: Extract<Stmt, { kind: 'case' | 'default' | 'label' }>, out: BlockItem[]): void {
  const inner: BlockItem[] = [];
  const rest = n.children.filter(c => c.field !== 'value' && c.field !== 'label');
  itemsFrom(ctx, rest, n.start, inner);
  if (inner.length > 0 && isStmt(inner[0])) head.body = inner.shift() as Stmt;
  out.push(head, ...inner);
}

function caseHead(ctx: Ctx, n: CNode): Extract<Stmt, { kind: 'case' | 'default' }> {
  const span = ctx.span(n);
  const value = field(n, 'value');
  if (!value) return { kind: 'default', span };
  const op = field(value, 'operator');
  if (value.type === 'binary_expression' && op && ctx.isCaseRange(op)) {
    const left = field(value, 'left');
    const right = field(value, 'right');
    return {
      kind: 'case',
      value: left ? expr(ctx, left) : errorExpr(value),
      last: right ? expr(ctx, right) : errorExpr(value),
      span,
    };
  }
  return { kind: 'case', value: expr(ctx, value), span };
}

function stmtItems(ctx: Ctx, n: CNode, out: BlockItem[]): void {
  const span = ctx.span(n);
  switch (n.type) {
    case 'case_statement':
      labelled(ctx, n, caseHead(ctx, n), out);
      return;
    case 'labeled_statement': {
      const label = field(n, 'label');
      labelled(ctx, n, { kind: 'label', label: label ? ctx.tok(label) : '', span }, out);
      return;
    }
    case 'declaration':
    case 'type_definition':
      out.push(declaration(ctx, n, n.start));
      return;
    case 'attributed_statement': {
      const inner = n.children.find(c => c.named && c.type !== 'attribute_declaration');
      if (inner) stmtItems(ctx, inner, out);
      return;
    }
    case 'expression_statement':
      out.push(expressionStatement(ctx, n));
      return;
    case 'ERROR':
      return;
    default: {
      const s = plainStmt(ctx, n);
      if (s) out.push(s);
    }
  }
}

/** `_Static_assert(...)` reads as a call to tree-sitter; asm statements read as expressions. */
export function expressionStatement(ctx: Ctx, n: CNode): Stmt | StaticAssert {
  const span = ctx.span(n);
  const e = namedChildren(n)[0];
  if (!e) return { kind: 'expr', span };
  if (e.type === 'call_expression') {
    const callee = field(e, 'function');
    const name = callee?.type === 'identifier' ? ctx.tok(callee) : '';
    if (name === '_Static_assert' || name === 'static_assert') return staticAssert(ctx, e, span);
  }
  const x = expr(ctx, e);
  if (x.kind === 'asm') return { kind: 'asm', text: x.text, volatile: x.volatile, outputs: x.outputs, inputs: x.inputs, span };
  return { kind: 'expr', expr: x, span };
}

function staticAssert(ctx: Ctx, call: CNode, span: StaticAssert['span']): StaticAssert {
  const args = namedChildren(field(call, 'arguments') ?? call).filter(a => a.type !== 'ERROR');
  const sa: StaticAssert = { kind: 'static-assert', cond: args[0] ? expr(ctx, args[0]) : errorExpr(call), span };
  const msg = args[1];
  if (msg?.type === 'string_literal' || msg?.type === 'concatenated_string') {
    const s = stringLiteral(ctx, msg);
    if (s.kind === 'string') sa.message = s.value;
  } else if (msg) {
    ctx.report(ctx.span(msg), 'PARSE_SYNTAX', 'the message of _Static_assert must be a string literal');
  }
  return sa;
}

function sub(ctx: Ctx, n: CNode, name: string): Stmt {
  const f = field(n, name);
  return f ? stmt(ctx, f) : { kind: 'expr', span: { start: n.end, end: n.end } };
}

function cond(ctx: Ctx, n: CNode): Expr {
  const c = field(n, 'condition');
  return c ? expr(ctx, c) : errorExpr({ start: n.end, end: n.end });
}

function optExpr(ctx: Ctx, n: CNode | undefined): Expr | undefined {
  return n ? expr(ctx, n) : undefined;
}

function plainStmt(ctx: Ctx, n: CNode): Stmt | undefined {
  const span = ctx.span(n);
  switch (n.type) {
    case 'compound_statement':
      return compound(ctx, n);
    case 'if_statement': {
      const s: Stmt = { kind: 'if', cond: cond(ctx, n), then: sub(ctx, n, 'consequence'), span };
      const alt = field(n, 'alternative');
      const elseBody = alt ? namedChildren(alt)[0] : undefined;
      if (elseBody) s.else = stmt(ctx, elseBody);
      return s;
    }
    case 'while_statement':
      return { kind: 'while', cond: cond(ctx, n), body: sub(ctx, n, 'body'), span };
    case 'do_statement':
      return { kind: 'do', body: sub(ctx, n, 'body'), cond: cond(ctx, n), span };
    case 'for_statement':
      return forStmt(ctx, n);
    case 'switch_statement':
      return { kind: 'switch', cond: cond(ctx, n), body: sub(ctx, n, 'body'), span };
    case 'break_statement':
      return { kind: 'break', span };
    case 'continue_statement':
      return { kind: 'continue', span };
    case 'return_statement': {
      const s: Stmt = { kind: 'return', span };
      const v = namedChildren(n)[0];
      if (v && v.type !== 'ERROR') s.value = expr(ctx, v);
      return s;
    }
    case 'goto_statement': {
      const label = field(n, 'label');
      return { kind: 'goto', label: label ? ctx.tok(label) : '', span };
    }
    default:
      ctx.unsupported(n);
      return undefined;
  }
}

function forStmt(ctx: Ctx, n: CNode): Stmt {
  const s: Stmt = { kind: 'for', body: sub(ctx, n, 'body'), span: ctx.span(n) };
  const init = field(n, 'initializer');
  if (init) s.init = init.type === 'declaration' ? declaration(ctx, init, init.start) : expr(ctx, init);
  const c = optExpr(ctx, field(n, 'condition'));
  if (c) s.cond = c;
  const step = optExpr(ctx, field(n, 'update'));
  if (step) s.step = step;
  return s;
}
