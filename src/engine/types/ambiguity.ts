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

/**
 * `T * p` where T is a typedef was parsed as a multiplication: it is a cast of `*p`. With several casts,
 * `(T1)(T2)*p`, the left side comes as the call `T1(T2)`.
 */
function binaryOfTypedef(e: Extract<A.Expr, { kind: 'binary' }>, ty: Typer): A.Expr | undefined {
  const chain = typedefChain(e.left, ty);
  if (!chain) return undefined;
  const unary: A.UnaryOp | undefined = e.op === '*' || e.op === '-' || e.op === '+' || e.op === '&' ? e.op : undefined;
  if (!unary) return undefined;
  let out: A.Expr = { kind: 'unary', op: unary, arg: e.right, span: e.right.span };
  for (let i = chain.length - 1; i >= 0; i--) out = { kind: 'cast', type: namedType(chain[i]), arg: out, span: { start: chain[i].span.start, end: e.span.end } };
  return out;
}

/** `T` or `T1(T2(...))` made only of typedef names: the casts they stand for, outermost first. */
function typedefChain(e: A.Expr, ty: Typer): Array<Extract<A.Expr, { kind: 'ident' }>> | undefined {
  if (e.kind === 'ident') return ty.scope.isTypedef(e.name) ? [e] : undefined;
  if (e.kind !== 'call' || e.callee.kind !== 'ident' || e.args.length !== 1 || !ty.scope.isTypedef(e.callee.name)) return undefined;
  const rest = typedefChain(e.args[0], ty);
  return rest ? [e.callee, ...rest] : undefined;
}

function namedType(id: Extract<A.Expr, { kind: 'ident' }>): A.TypeName {
  return {
    specs: { storage: [], qualifiers: [], inline: false, type: { kind: 'named', name: id.name, span: id.span }, attributes: [], span: id.span },
    declarator: { kind: 'none', span: id.span },
    span: id.span,
  };
}
