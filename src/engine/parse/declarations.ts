// Declarations, function definitions and declaration specifiers (storage, qualifiers, the type specifier).
// Attributes are claimed by position: inner constructs first (parameters, pointers, record bodies), then each
// declarator takes what follows it, then the specifiers take what is left before the first declarator.

import type {
  Attribute, Declaration, DeclSpecs, Expr, FunctionDef, InitDeclarator, Qualifier, Span, Storage, TypeName, TypeSpec,
} from './ast';
import { takeAttributes } from './attributes';
import type { Ctx } from './context';
import { field, namedChildren, type CNode } from './cst';
import { declarator, noneAt } from './declarators';
import { expr, operandOf } from './expressions';
import { initializer } from './initializers';
import type { OperandPiece } from './pieces';
import { enumSpec, recordSpec } from './records';
import { compound } from './statements';

const STORAGE = new Map<string, Storage | 'inline'>([
  ['extern', 'extern'], ['static', 'static'], ['auto', 'auto'], ['register', 'register'],
  ['thread_local', 'thread_local'], ['__thread', 'thread_local'], ['_Thread_local', 'thread_local'],
  ['inline', 'inline'], ['__inline', 'inline'], ['__inline__', 'inline'], ['__forceinline', 'inline'],
]);

/** Qualifier keywords by spelling (the prepass turns `__const` etc. into the plain keyword). */
export const QUALIFIERS = new Map<string, Qualifier>([
  ['const', 'const'], ['constexpr', 'const'], ['volatile', 'volatile'], ['__volatile__', 'volatile'],
  ['restrict', 'restrict'], ['__restrict__', 'restrict'], ['__restrict', 'restrict'], ['_Atomic', 'atomic'],
]);

/** Keywords tree-sitter lists as primitive types; its other "primitive types" (size_t, uint32_t...) are typedefs. */
const KEYWORD_TYPES = new Set(['char', 'int', 'float', 'double', 'void', 'bool', 'short', 'long', 'signed', 'unsigned']);
/** Keywords tree-sitter does not know, so it reads them as type names. */
const EXTRA_KEYWORD_TYPES = new Set(['_Bool', '__int128']);

function emptySpecs(at: number): DeclSpecs {
  const span = { start: at, end: at };
  return { storage: [], qualifiers: [], inline: false, type: { kind: 'builtin', words: [], span }, attributes: [], span };
}

function addQualifier(ctx: Ctx, q: CNode, s: DeclSpecs): void {
  const word = ctx.tok(q);
  const known = QUALIFIERS.get(word);
  if (known) {
    if (!s.qualifiers.includes(known)) s.qualifiers.push(known);
    return;
  }
  if (word === '_Noreturn' || word === 'noreturn') {
    s.attributes.push({ name: 'noreturn', args: [], span: ctx.span(q) });
    return;
  }
  const alignas = namedChildren(q).find(c => c.type === 'alignas_qualifier');
  if (alignas) s.attributes.push(alignasAttr(ctx, alignas));
  // __extension__ and _Nonnull carry no meaning here.
}

/** `_Alignas(N)` / `_Alignas(type)` as `aligned(N)` / `aligned(_Alignof(type))`. */
function alignasAttr(ctx: Ctx, n: CNode): Attribute {
  const arg = namedChildren(n)[0];
  const span = ctx.span(n);
  const args: Expr[] = [];
  if (arg?.type === 'type_descriptor') args.push({ kind: 'alignof', type: typeName(ctx, arg), span: ctx.span(arg) });
  else if (arg) args.push(expr(ctx, arg));
  return { name: 'aligned', args, span };
}

/** The specifiers among the children of a declaration-like node (declaration, field, parameter, type name). */
export function specs(ctx: Ctx, n: CNode): DeclSpecs {
  const s = emptySpecs(n.start);
  let first = -1;
  let last = n.start;
  let typeSeen = false;
  for (const ch of n.children) {
    if (ch.field === 'type') {
      s.type = typeSpec(ctx, ch, s);
      typeSeen = true;
    } else if (ch.type === 'storage_class_specifier') {
      const st = STORAGE.get(ctx.tok(ch));
      if (st === 'inline') s.inline = true;
      else if (st && !s.storage.includes(st)) s.storage.push(st);
    } else if (ch.type === 'type_qualifier') {
      addQualifier(ctx, ch, s);
    } else if (ch.type === 'typedef' && !ch.named) {
      s.storage.push('typedef');
    } else if (ch.type !== 'ms_declspec_modifier' && ch.type !== 'attribute_specifier' && ch.type !== '__extension__') {
      continue;
    }
    if (first < 0) first = ch.start;
    last = ch.end;
  }
  s.span = { start: first < 0 ? n.start : first, end: last };
  if (!typeSeen) s.type = { kind: 'builtin', words: [], span: { start: s.span.end, end: s.span.end } };
  return s;
}

export function typeSpec(ctx: Ctx, n: CNode, s: DeclSpecs): TypeSpec {
  const span = ctx.span(n);
  switch (n.type) {
    case 'primitive_type': {
      const piece = ctx.typeofAt(n);
      if (piece) return typeofSpec(ctx, piece);
      const word = ctx.tok(n);
      return KEYWORD_TYPES.has(word) ? { kind: 'builtin', words: [word], span } : { kind: 'named', name: word, span };
    }
    case 'sized_type_specifier':
      return sizedType(ctx, n, s);
    case 'type_identifier':
      return nameSpec(ctx, n);
    case 'struct_specifier':
    case 'union_specifier':
      return recordSpec(ctx, n);
    case 'enum_specifier':
      return enumSpec(ctx, n);
    case 'macro_type_specifier': {
      const name = field(n, 'name');
      ctx.unsupported(n, `'${name ? ctx.tok(name) : '?'}(...)' used as a type (an unexpanded macro?)`);
      return { kind: 'builtin', words: [], span };
    }
    default:
      if (n.type !== 'ERROR') ctx.unsupported(n);
      return { kind: 'builtin', words: [], span };
  }
}

/** A type_identifier: a typedef name, a keyword tree-sitter does not know, or a typeof placeholder. */
function nameSpec(ctx: Ctx, n: CNode): TypeSpec {
  const piece = ctx.typeofAt(n);
  if (piece) return typeofSpec(ctx, piece);
  const name = ctx.tok(n);
  if (EXTRA_KEYWORD_TYPES.has(name)) return { kind: 'builtin', words: [name], span: ctx.span(n) };
  return { kind: 'named', name, span: ctx.span(n) };
}

/** `unsigned long long int`: words in source order; qualifiers written among them go to the specifiers. */
function sizedType(ctx: Ctx, n: CNode, s: DeclSpecs): TypeSpec {
  const words: string[] = [];
  for (const ch of n.children) {
    if (ch.type === 'type_qualifier') addQualifier(ctx, ch, s);
    else if (!ch.named) words.push(ch.type);
    else if (ch.field === 'type') {
      const word = ctx.tok(ch);
      if (KEYWORD_TYPES.has(word) || EXTRA_KEYWORD_TYPES.has(word)) words.push(word);
      else ctx.unsupported(ch, `'${word}' after '${words.join(' ')}'`);
    }
  }
  return { kind: 'builtin', words, span: ctx.span(n) };
}

/** typeof(ARG): ARG as a type, as an expression, or (a bare name) both, for the typer to choose. */
function typeofSpec(ctx: Ctx, piece: OperandPiece): TypeSpec {
  return { kind: 'typeof', ...operandOf(ctx, piece), span: { start: piece.start, end: piece.end } };
}

/** A type name made of one name (a typedef, read from the text) or, given `builtin`, that keyword. */
export function bareTypeName(ctx: Ctx, n: Span, builtin?: string): TypeName {
  const s = emptySpecs(n.start);
  const span = { start: n.start, end: n.end };
  s.type = builtin
    ? { kind: 'builtin', words: [builtin], span }
    : { kind: 'named', name: ctx.text.slice(n.start, n.end), span };
  s.span = span;
  return { specs: s, declarator: noneAt(n.end), span };
}

/** type_descriptor: specifiers plus an abstract declarator. */
export function typeName(ctx: Ctx, n: CNode): TypeName {
  if (n.type !== 'type_descriptor') {
    if (n.type !== 'ERROR') ctx.unsupported(n);
    return bareTypeName(ctx, n, 'int');
  }
  const s = specs(ctx, n);
  const d = field(n, 'declarator');
  return { specs: s, declarator: d ? declarator(ctx, d) : noneAt(s.span.end), span: ctx.span(n) };
}

/** Attributes written right after a record or enum body belong to that type. */
export function claimTrailingTypeAttrs(ctx: Ctx, s: DeclSpecs, typeNode: CNode | undefined, until: number): void {
  const t = s.type;
  if (!typeNode || t.kind === 'builtin' || t.kind === 'named' || t.kind === 'typeof') return;
  if (t.kind === 'enum' ? !t.enumerators : !t.fields) return;
  t.attributes.push(...takeAttributes(ctx, typeNode.end, until));
}

const NOT_DECLARATORS = new Set(['gnu_asm_expression', 'ms_call_modifier']);

/** declaration or type_definition; `lead` is where its leading attributes may start. */
export function declaration(ctx: Ctx, n: CNode, lead: number): Declaration {
  const s = specs(ctx, n);
  const decls = n.children.filter(c => c.field === 'declarator' && !NOT_DECLARATORS.has(c.type));
  const declarators: InitDeclarator[] = decls.map((d, i) => {
    const until = i + 1 < decls.length ? decls[i + 1].start : n.end;
    return initDeclarator(ctx, d, until);
  });
  const firstDecl = decls.length > 0 ? decls[0].start : n.end;
  claimTrailingTypeAttrs(ctx, s, field(n, 'type'), firstDecl);
  s.attributes.push(...takeAttributes(ctx, lead, firstDecl));
  return { kind: 'declaration', specs: s, declarators, span: ctx.span(n) };
}

function initDeclarator(ctx: Ctx, d: CNode, until: number): InitDeclarator {
  const span = ctx.span(d);
  if (d.type !== 'init_declarator') {
    const dd = declarator(ctx, d);
    return { declarator: dd, attributes: takeAttributes(ctx, d.start, until), span };
  }
  const inner = field(d, 'declarator');
  const value = field(d, 'value');
  const dd = inner ? declarator(ctx, inner) : noneAt(d.start);
  const out: InitDeclarator = { declarator: dd, attributes: [], span };
  if (value) out.init = initializer(ctx, value);
  out.attributes = takeAttributes(ctx, d.start, until);
  return out;
}

/** A type specifier standing alone before `;` (`struct s { ... };`). */
export function typeOnlyDeclaration(ctx: Ctx, n: CNode, lead: number, end: number): Declaration {
  const s = emptySpecs(n.start);
  s.type = typeSpec(ctx, n, s);
  s.span = ctx.span(n);
  claimTrailingTypeAttrs(ctx, s, n, end);
  s.attributes.push(...takeAttributes(ctx, lead, end));
  return { kind: 'declaration', specs: s, declarators: [], span: { start: n.start, end } };
}

export function functionDef(ctx: Ctx, n: CNode, lead: number): FunctionDef {
  const s = specs(ctx, n);
  const d = field(n, 'declarator');
  const body = field(n, 'body');
  if (n.children.some(c => c.type === 'declaration')) ctx.unsupported(n, 'K&R-style parameter declarations');
  const dd = d ? declarator(ctx, d) : noneAt(s.span.end);
  const declStart = d ? d.start : s.span.end;
  const bodyStart = body ? body.start : n.end;
  const after = takeAttributes(ctx, declStart, bodyStart);
  s.attributes.push(...takeAttributes(ctx, lead, declStart));
  const compoundBody = body ? compound(ctx, body) : { kind: 'compound' as const, items: [], span: { start: n.end, end: n.end } };
  return {
    kind: 'function',
    specs: s,
    declarator: dd,
    attributes: [...s.attributes, ...after],
    body: compoundBody,
    span: ctx.span(n),
  };
}
