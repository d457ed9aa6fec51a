// Expressions. Parentheses are dropped (the inner expression keeps its own span); GNU forms: statement
// expressions, `a ?: b`, `__extension__`, asm, and the typeof/offsetof placeholders left by the prepass.

import type { AsmOperand, AssignOp, BinaryOp, Designator, Expr, Span, TypeName, UnaryOp } from './ast';
import type { Ctx } from './context';
import { field, namedChildren, type CNode } from './cst';
import { bareTypeName, typeName } from './declarations';
import { initList } from './initializers';
import { charLiteral, numberLiteral, stringLiteral } from './literals';
import type { OffsetofPiece, OperandPiece } from './pieces';
import { compound } from './statements';

/** Stand-in for an expression that did not parse (the syntax error is reported separately). */
export function errorExpr(n: { start: number; end: number }): Expr {
  return { kind: 'int', value: 0n, suffix: '', decimal: true, span: { start: n.start, end: n.end } };
}

function opText(ctx: Ctx, n: CNode): string {
  const op = field(n, 'operator');
  return op ? ctx.tok(op) : '';
}

/** The expression inside a parenthesized_expression, or a statement expression. */
function paren(ctx: Ctx, n: CNode): Expr {
  const inner = namedChildren(n)[0];
  if (!inner) return errorExpr(n);
  if (inner.type === 'compound_statement') return { kind: 'stmt-expr', body: compound(ctx, inner), span: ctx.span(n) };
  return expr(ctx, inner);
}

function sub(ctx: Ctx, n: CNode, name: string, parent: CNode): Expr {
  const f = field(n, name);
  return f ? expr(ctx, f) : errorExpr({ start: parent.end, end: parent.end });
}

export function expr(ctx: Ctx, n: CNode): Expr {
  const span = ctx.span(n);
  switch (n.type) {
    case 'identifier':
      return identifier(ctx, n);
    case 'number_literal':
      return numberLiteral(ctx, n);
    case 'char_literal':
      return charLiteral(ctx, n);
    case 'string_literal':
    case 'concatenated_string':
      return stringLiteral(ctx, n);
    case 'true':
    case 'false':
      return { kind: 'int', value: n.type === 'true' ? 1n : 0n, suffix: '', decimal: true, span };
    case 'null':
      return nullPointer(span);
    case 'binary_expression':
      return { kind: 'binary', op: opText(ctx, n) as BinaryOp, left: sub(ctx, n, 'left', n), right: sub(ctx, n, 'right', n), span };
    case 'assignment_expression':
      return { kind: 'assign', op: opText(ctx, n) as AssignOp, left: sub(ctx, n, 'left', n), right: sub(ctx, n, 'right', n), span };
    case 'unary_expression':
    case 'pointer_expression': {
      const op = opText(ctx, n) as UnaryOp;
      return bindFirst((arg, s) => ({ kind: 'unary', op, arg, span: s }), sub(ctx, n, 'argument', n), span);
    }
    case 'update_expression': {
      const op = field(n, 'operator');
      const prefix = op !== undefined && op === n.children[0];
      return { kind: 'update', op: opText(ctx, n) === '--' ? '--' : '++', prefix, arg: sub(ctx, n, 'argument', n), span };
    }
    case 'conditional_expression': {
      const then = field(n, 'consequence');
      const e: Expr = { kind: 'cond', cond: sub(ctx, n, 'condition', n), else: sub(ctx, n, 'alternative', n), span };
      if (then) e.then = expr(ctx, then);
      return e;
    }
    case 'comma_expression':
      return { kind: 'comma', left: sub(ctx, n, 'left', n), right: sub(ctx, n, 'right', n), span };
    case 'call_expression':
      return call(ctx, n);
    case 'field_expression': {
      const f = field(n, 'field');
      return { kind: 'member', object: sub(ctx, n, 'argument', n), field: f ? ctx.tok(f) : '', arrow: opText(ctx, n) === '->', span };
    }
    case 'subscript_expression':
      return { kind: 'index', object: sub(ctx, n, 'argument', n), index: sub(ctx, n, 'index', n), span };
    case 'cast_expression': {
      const type = typeOf(ctx, n);
      return bindFirst((arg, s) => ({ kind: 'cast', type, arg, span: s }), sub(ctx, n, 'value', n), span);
    }
    case 'sizeof_expression':
    case 'alignof_expression':
      return sizeofLike(ctx, n);
    case 'compound_literal_expression': {
      const v = field(n, 'value');
      const init = v ? initList(ctx, v) : { kind: 'init-list' as const, items: [], span };
      return { kind: 'compound-literal', type: typeOf(ctx, n), init, span };
    }
    case 'parenthesized_expression':
      return paren(ctx, n);
    case 'extension_expression': {
      const inner = namedChildren(n)[0];
      return inner ? expr(ctx, inner) : errorExpr(n);
    }
    case 'gnu_asm_expression':
      return asm(ctx, n);
    case 'ERROR':
      return errorExpr(n);
    default:
      ctx.unsupported(n);
      return errorExpr(n);
  }
}

/**
 * tree-sitter lets only names, calls, members, subscripts, `*p` and parentheses stand left of `=`, so
 * `(long)x = 4` comes out as `(long)(x = 4)`. C applies the cast (or unary operator) first: put it back there.
 */
function bindFirst(wrap: (arg: Expr, span: Span) => Expr, arg: Expr, span: Span): Expr {
  if (arg.kind !== 'assign') return wrap(arg, span);
  return { ...arg, left: wrap(arg.left, { start: span.start, end: arg.left.span.end }), span };
}

function identifier(ctx: Ctx, n: CNode): Expr {
  if (n.missing) return errorExpr(n);
  const off = ctx.offsetofAt(n);
  if (off) return offsetof(ctx, off);
  const align = ctx.alignofAt(n);
  if (align) return { kind: 'alignof', ...operandOf(ctx, align), span: ctx.span(n) };
  if (ctx.typeofAt(n)) {
    ctx.report(ctx.span(n), 'PARSE_SYNTAX', 'a typeof(...) type cannot be used as a value');
    return errorExpr(n);
  }
  return { kind: 'ident', name: ctx.tok(n), span: ctx.span(n) };
}

function nullPointer(span: Span): Expr {
  const at = { start: span.start, end: span.start };
  const voidPtr: TypeName = {
    specs: { storage: [], qualifiers: [], inline: false, type: { kind: 'builtin', words: ['void'], span: at }, attributes: [], span: at },
    declarator: { kind: 'pointer', qualifiers: [], attributes: [], inner: { kind: 'none', span: at }, span: at },
    span: at,
  };
  return { kind: 'cast', type: voidPtr, arg: { kind: 'int', value: 0n, suffix: '', decimal: true, span }, span };
}

function typeOf(ctx: Ctx, n: CNode): TypeName {
  const t = field(n, 'type');
  return t ? typeName(ctx, t) : bareTypeName(ctx, n, 'int');
}

function call(ctx: Ctx, n: CNode): Expr {
  const span = ctx.span(n);
  const fn = field(n, 'function');
  const argList = field(n, 'arguments');
  const args: Expr[] = [];
  for (const a of argList ? argList.children : []) {
    if (!a.named) continue;
    if (a.type === 'compound_statement') ctx.unsupported(a, 'a block as a call argument');
    else args.push(expr(ctx, a));
  }
  return { kind: 'call', callee: fn ? expr(ctx, fn) : errorExpr(n), args, span };
}

/**
 * sizeof (and _Alignof if it ever reaches here: the prepass takes them apart). `sizeof(x)` with a bare identifier
 * may name a type or a variable: both readings are given.
 */
function sizeofLike(ctx: Ctx, n: CNode): Expr {
  const kind = n.type === 'sizeof_expression' ? 'sizeof' : 'alignof';
  const span = ctx.span(n);
  const t = field(n, 'type');
  if (t) {
    const e: Extract<Expr, { kind: 'sizeof' | 'alignof' }> = { kind, type: typeName(ctx, t), span };
    const bare = bareName(t);
    if (bare && !ctx.typeofAt(bare)) e.expr = { kind: 'ident', name: ctx.tok(bare), span: ctx.span(bare) };
    return e;
  }
  const v = field(n, 'value');
  if (!v) return { kind, expr: errorExpr(n), span };
  const inner = v.type === 'parenthesized_expression' ? namedChildren(v)[0] : undefined;
  if (inner?.type === 'identifier' && plainName(ctx, inner)) {
    return { kind, type: bareTypeName(ctx, inner), expr: identifier(ctx, inner), span };
  }
  return { kind, expr: expr(ctx, v), span };
}

/** An identifier that is a name as written, not a placeholder left by the prepass. */
function plainName(ctx: Ctx, n: CNode): boolean {
  return !n.missing && !ctx.offsetofAt(n) && !ctx.alignofAt(n) && !ctx.typeofAt(n);
}

/** A typeof/_Alignof argument: a type, an expression, or (a bare name, type or variable) both. */
export function operandOf(ctx: Ctx, piece: OperandPiece): { type?: TypeName; expr?: Expr } {
  const node = piece.arg.node;
  if (!node) {
    const what = piece.kind === 'typeof' ? 'typeof' : '_Alignof';
    ctx.report({ start: piece.arg.start, end: piece.arg.end }, 'PARSE_SYNTAX', `cannot parse the argument of ${what}`);
    return {};
  }
  if (node.type === 'type_descriptor') {
    const bare = bareName(node);
    const type = typeName(ctx, node);
    return bare && !ctx.typeofAt(bare) ? { type, expr: { kind: 'ident', name: ctx.tok(bare), span: ctx.span(bare) } } : { type };
  }
  if (node.type === 'identifier' && plainName(ctx, node)) return { type: bareTypeName(ctx, node), expr: identifier(ctx, node) };
  return { expr: expr(ctx, node) };
}

/** The type_identifier of a type_descriptor that is nothing but a name (`x` in `_Alignof(x)`). */
function bareName(t: CNode): CNode | undefined {
  if (t.type !== 'type_descriptor' || t.children.length !== 1) return undefined;
  const only = t.children[0];
  return only.type === 'type_identifier' ? only : undefined;
}

/** offsetof(TYPE, PATH); a malformed one is reported and stands in as 0, so nothing further trips over it. */
function offsetof(ctx: Ctx, piece: OffsetofPiece): Expr {
  const span = { start: piece.start, end: piece.end };
  const tn = piece.type.node;
  let type: TypeName | undefined;
  if (tn?.type === 'type_descriptor') type = typeName(ctx, tn);
  else if (tn?.type === 'identifier') type = bareTypeName(ctx, tn);
  else ctx.report({ start: piece.type.start, end: piece.type.end }, 'PARSE_SYNTAX', 'expected a type as the first argument of offsetof');
  const path: Designator[] = [];
  const pn = piece.path.node;
  const pathOk = pn !== undefined && memberPath(ctx, pn, path);
  if (!pathOk) {
    ctx.report({ start: piece.path.start, end: piece.path.end }, 'PARSE_SYNTAX', 'expected a member name (like a.b[2]) as the second argument of offsetof');
  }
  return type && pathOk ? { kind: 'offsetof', type, path, span } : errorExpr(span);
}

/** Flattens `a.b[2].c` into designators; false if it is not such a path. */
function memberPath(ctx: Ctx, n: CNode, out: Designator[]): boolean {
  switch (n.type) {
    case 'identifier':
      out.push({ kind: 'field', name: ctx.tok(n), span: ctx.span(n) });
      return true;
    case 'field_expression': {
      const obj = field(n, 'argument');
      const f = field(n, 'field');
      if (!obj || !f || opText(ctx, n) !== '.' || !memberPath(ctx, obj, out)) return false;
      out.push({ kind: 'field', name: ctx.tok(f), span: ctx.span(f) });
      return true;
    }
    case 'subscript_expression': {
      const obj = field(n, 'argument');
      const idx = field(n, 'index');
      if (!obj || !idx || !memberPath(ctx, obj, out)) return false;
      out.push({ kind: 'index', index: expr(ctx, idx), span: { start: obj.end, end: n.end } });
      return true;
    }
    default:
      return false;
  }
}

function asm(ctx: Ctx, n: CNode): Expr {
  const code = field(n, 'assembly_code');
  const text = code ? (stringLiteral(ctx, code) as { value: string }).value : '';
  const volatile = n.children.some(c => c.type === 'gnu_asm_qualifier' && /volatile/.test(ctx.tok(c)));
  const operands = (list: CNode | undefined): AsmOperand[] =>
    namedChildren(list ?? n)
      .filter(o => list !== undefined && (o.type === 'gnu_asm_output_operand' || o.type === 'gnu_asm_input_operand'))
      .map(o => {
        const c = field(o, 'constraint');
        const v = field(o, 'value');
        const constraint = c ? (stringLiteral(ctx, c) as { value: string }).value : '';
        return { constraint, expr: v ? expr(ctx, v) : errorExpr(o), span: ctx.span(o) };
      });
  const outputs = operands(field(n, 'output_operands'));
  const inputs = operands(field(n, 'input_operands'));
  return { kind: 'asm', text, volatile, outputs, inputs, span: ctx.span(n) };
}
