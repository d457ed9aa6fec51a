// The C syntax tree the later stages work on: plain objects, no tree-sitter nodes, so the tree can be freed and
// the typer and lowering run in pure JS. Spans are offsets into the PREPROCESSED text; map them with the
// preprocessor's SourceMap only when a diagnostic or an IR step needs an original range.

export interface Span {
  start: number;
  end: number;
}

/** `__attribute__((name(args)))`; args kept as expressions (strings for section names, numbers for aligned). */
export interface Attribute {
  name: string; // without surrounding underscores: "__packed__" -> "packed"
  args: Expr[];
  span: Span;
}

// ---- Types as written ---------------------------------------------------------------------------------------

export type Qualifier = 'const' | 'volatile' | 'restrict' | 'atomic';
export type Storage = 'typedef' | 'extern' | 'static' | 'auto' | 'register' | 'thread_local';

export interface DeclSpecs {
  storage: Storage[];
  qualifiers: Qualifier[];
  inline: boolean;
  type: TypeSpec;
  attributes: Attribute[];
  span: Span;
}

export type TypeSpec =
  /** Keywords in source order, e.g. ["unsigned","long","long"], ["void"], ["_Bool"]; [] means implicit int. */
  | { kind: 'builtin'; words: string[]; span: Span }
  /** A typedef name (tree-sitter cannot tell typedef names from variables; see typeof/sizeof notes). */
  | { kind: 'named'; name: string; span: Span }
  | RecordSpec
  | EnumSpec
  /** typeof/__typeof__: the argument as an expression when it parses as one, else as a type. */
  | { kind: 'typeof'; expr?: Expr; type?: TypeName; span: Span };

export interface RecordSpec {
  kind: 'struct' | 'union';
  name?: string;
  /** Undefined for a reference or forward declaration (`struct iphdr *p`), defined (maybe empty) for a body. */
  fields?: FieldDecl[];
  attributes: Attribute[];
  span: Span;
}

export interface EnumSpec {
  kind: 'enum';
  name?: string;
  enumerators?: Array<{ name: string; value?: Expr; span: Span }>;
  attributes: Attribute[];
  span: Span;
}

export interface FieldDecl {
  specs: DeclSpecs;
  /** Empty for an anonymous struct/union member. */
  declarators: Array<{ declarator?: Declarator; bitWidth?: Expr; attributes: Attribute[]; span: Span }>;
  span: Span;
}

/**
 * Declarators mirror tree-sitter's nesting with parentheses dropped. The declared type is built from the outside
 * in: type(pointer{inner}, base) = type(inner, pointer to base); array and function likewise; ident ends it.
 * So `int *a[4]` is pointer{inner: array{inner: ident a}} → a is array of 4 pointers to int, and
 * `int (*a)[4]` is array{inner: pointer{inner: ident a}} → a is pointer to array of 4 int.
 */
export type Declarator =
  | { kind: 'ident'; name: string; span: Span }
  /** Abstract declarator end (type names, unnamed parameters). */
  | { kind: 'none'; span: Span }
  | { kind: 'pointer'; qualifiers: Qualifier[]; attributes: Attribute[]; inner: Declarator; span: Span }
  | { kind: 'array'; size?: Expr; qualifiers: Qualifier[]; inner: Declarator; span: Span }
  | { kind: 'function'; params: ParamDecl[]; variadic: boolean; inner: Declarator; span: Span };

export interface ParamDecl {
  specs: DeclSpecs;
  declarator: Declarator;
  span: Span;
}

export interface TypeName {
  specs: DeclSpecs;
  declarator: Declarator; // kind 'none' at its core
  span: Span;
}

// ---- Declarations -------------------------------------------------------------------------------------------

export interface InitDeclarator {
  declarator: Declarator;
  init?: Initializer;
  attributes: Attribute[];
  span: Span;
}

export interface Declaration {
  kind: 'declaration';
  specs: DeclSpecs;
  declarators: InitDeclarator[];
  span: Span;
}

export interface FunctionDef {
  kind: 'function';
  specs: DeclSpecs;
  declarator: Declarator; // a function declarator around the name
  /** Attributes written anywhere on the definition (before, between specs, after the declarator). */
  attributes: Attribute[];
  body: CompoundStmt;
  span: Span;
}

export interface StaticAssert {
  kind: 'static-assert';
  cond: Expr;
  message?: string;
  span: Span;
}

export type TopLevel = Declaration | FunctionDef | StaticAssert;

export interface TranslationUnit {
  items: TopLevel[];
  span: Span;
}

export type Initializer = Expr | InitList;

export interface InitList {
  kind: 'init-list';
  items: Array<{ designators: Designator[]; value: Initializer; span: Span }>;
  span: Span;
}

export type Designator =
  | { kind: 'field'; name: string; span: Span }
  | { kind: 'index'; index: Expr; last?: Expr; span: Span }; // [a ... b] GNU range when last is set

// ---- Statements ---------------------------------------------------------------------------------------------

export interface CompoundStmt {
  kind: 'compound';
  items: Array<Stmt | Declaration | StaticAssert>;
  span: Span;
}

export type Stmt =
  | CompoundStmt
  | { kind: 'expr'; expr?: Expr; span: Span } // expr undefined: empty statement ";"
  | { kind: 'if'; cond: Expr; then: Stmt; else?: Stmt; span: Span }
  | { kind: 'while'; cond: Expr; body: Stmt; span: Span }
  | { kind: 'do'; body: Stmt; cond: Expr; span: Span }
  | { kind: 'for'; init?: Declaration | Expr; cond?: Expr; step?: Expr; body: Stmt; span: Span }
  | { kind: 'switch'; cond: Expr; body: Stmt; span: Span }
  | { kind: 'case'; value: Expr; last?: Expr; body?: Stmt; span: Span } // `case 1 ... 3:` GNU range
  | { kind: 'default'; body?: Stmt; span: Span }
  | { kind: 'break'; span: Span }
  | { kind: 'continue'; span: Span }
  | { kind: 'return'; value?: Expr; span: Span }
  | { kind: 'goto'; label: string; span: Span }
  | { kind: 'label'; label: string; body?: Stmt; span: Span }
  | { kind: 'asm'; text: string; volatile: boolean; outputs: AsmOperand[]; inputs: AsmOperand[]; span: Span };

/** One operand of a GNU asm statement: `"+r"(off)`; `%0`, `%1`… count outputs first, then inputs. */
export interface AsmOperand {
  constraint: string;
  expr: Expr;
  span: Span;
}

// ---- Expressions --------------------------------------------------------------------------------------------

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '<<' | '>>' | '&' | '|' | '^'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '<<=' | '>>=' | '&=' | '|=' | '^=';
export type UnaryOp = '-' | '+' | '!' | '~' | '*' | '&';

export type Expr =
  | { kind: 'ident'; name: string; span: Span }
  /** Integer literal: value as written (before type rules), suffix lowercased ("", "u", "l", "ul", "ll", "ull"), radix 10 or other. */
  | { kind: 'int'; value: bigint; suffix: string; decimal: boolean; span: Span }
  | { kind: 'float'; value: number; raw: string; span: Span }
  | { kind: 'char'; value: number; span: Span }
  /** String literal(s), adjacent ones concatenated; value decoded (escapes applied) as a JS string of char codes 0-255 (UTF-8 bytes). */
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'assign'; op: AssignOp; left: Expr; right: Expr; span: Span }
  | { kind: 'unary'; op: UnaryOp; arg: Expr; span: Span }
  | { kind: 'update'; op: '++' | '--'; prefix: boolean; arg: Expr; span: Span }
  | { kind: 'cond'; cond: Expr; then?: Expr; else: Expr; span: Span } // GNU `a ?: b` has then undefined
  | { kind: 'comma'; left: Expr; right: Expr; span: Span }
  | { kind: 'call'; callee: Expr; args: Expr[]; span: Span }
  | { kind: 'member'; object: Expr; field: string; arrow: boolean; span: Span }
  | { kind: 'index'; object: Expr; index: Expr; span: Span }
  | { kind: 'cast'; type: TypeName; arg: Expr; span: Span }
  /** sizeof expr, or sizeof(type); `sizeof(x)` where x may be a variable or a typedef comes as type {named x}. */
  | { kind: 'sizeof'; expr?: Expr; type?: TypeName; span: Span }
  | { kind: 'alignof'; expr?: Expr; type?: TypeName; span: Span }
  /** offsetof(type, a.b[2].c): the member path. */
  | { kind: 'offsetof'; type: TypeName; path: Designator[]; span: Span }
  | { kind: 'compound-literal'; type: TypeName; init: InitList; span: Span }
  | { kind: 'stmt-expr'; body: CompoundStmt; span: Span }
  /** asm used as an expression (rare); statement asm is a Stmt. */
  | { kind: 'asm'; text: string; volatile: boolean; outputs: AsmOperand[]; inputs: AsmOperand[]; span: Span };
