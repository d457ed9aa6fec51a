// C's typedef-name ambiguity, settled with scope knowledge the parser does not have: tree-sitter reads
// `(value) && x` as a cast of `&&x` and `T * p` (T a typedef) as a multiplication. Once names resolve, we know.

import type * as A from '../parse/ast';
import type { Typer } from './typer';

const REINTERPRET: Partial<Record<A.UnaryOp, A.BinaryOp>> = { '-': '-', '+': '+', '*': '*', '&': '&' };

/** Returns the expression as C means it, given which names are typedefs here. */
export function disambiguate(e: A.Expr, ty: Typer): A.Expr {
  if (e.kind === 'cast') return castOfVariable(e, ty) ?? e;
  if (e.kind === 'binary') return binaryOfTypedef(e, ty) ?? e;
  return e;
}

/** `(x) OP y` where x is a variable was parsed as a cast of a unary expression. */
function castOfVariable(e: Extract<A.Expr, { kind: 'cast' }>, ty: Typer): A.Expr | undefined {
  const spec = e.type.specs.type;
  if (spec.kind !== 'named' || e.type.declarator.kind !== 'none' || ty.scope.isTypedef(spec.name)) return undefined;
  if (!ty.scope.lookup(spec.name)) return undefined;
  const left: A.Expr = { kind: 'ident', name: spec.name, span: spec.span };
  const arg = e.arg;
  if (arg.kind !== 'unary') return undefined;
  if (arg.op === '&' && arg.arg.kind === 'unary' && arg.arg.op === '&') {
    return { kind: 'binary', op: '&&', left, right: arg.arg.arg, span: e.span };
  }
  const op = REINTERPRET[arg.op];
  return op ? { kind: 'binary', op, left, right: arg.arg, span: e.span } : undefined;
}

/** `T * p` where T is a typedef was parsed as a multiplication: it is a cast of `*p`. */
function binaryOfTypedef(e: Extract<A.Expr, { kind: 'binary' }>, ty: Typer): A.Expr | undefined {
  if (e.left.kind !== 'ident' || !ty.scope.isTypedef(e.left.name)) return undefined;
  const unary: A.UnaryOp | undefined = e.op === '*' || e.op === '-' || e.op === '+' || e.op === '&' ? e.op : undefined;
  if (!unary) return undefined;
  const type: A.TypeName = {
    specs: { storage: [], qualifiers: [], inline: false, type: { kind: 'named', name: e.left.name, span: e.left.span }, attributes: [], span: e.left.span },
    declarator: { kind: 'none', span: e.left.span },
    span: e.left.span,
  };
  return { kind: 'cast', type, arg: { kind: 'unary', op: unary, arg: e.right, span: e.right.span }, span: e.span };
}
