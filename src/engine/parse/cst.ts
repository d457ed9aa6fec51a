// A plain-JS copy of the tree-sitter tree. Every property read on a web-tree-sitter node crosses into wasm, so the
// tree is copied once with a cursor (one pass, as few reads per node as possible) and the converters work on
// these objects, which can also be moved and trimmed (side parses, salvage) where wasm nodes cannot.

import type { Tree, TreeCursor } from 'web-tree-sitter';
import type { NodeTypeTable } from './treesitter';

export interface CNode {
  type: string;
  named: boolean;
  missing: boolean;
  /** Field name in the parent (tree-sitter's `fieldNameForChild`), if any. */
  field: string | undefined;
  /** UTF-16 offsets into the parsed text (shifted for side-parsed fragments, see sideparse.ts). */
  start: number;
  end: number;
  children: CNode[];
}

const ERROR_ID = 65535;

// Wasm calls are the cost of copying, so skip the ones whose answer is known: children of these parents never
// carry a field name (a missing entry only costs a call), and these named tokens never have children.
const FIELDLESS = new Set([
  'translation_unit', 'compound_statement', 'argument_list', 'parameter_list', 'expression_statement',
  'return_statement', 'parenthesized_expression', 'initializer_list', 'field_declaration_list', 'enumerator_list',
  'string_literal', 'char_literal', 'concatenated_string', 'type_qualifier', 'storage_class_specifier',
  'parenthesized_declarator', 'abstract_parenthesized_declarator', 'else_clause', 'field_designator',
  'subscript_designator', 'bitfield_clause', 'attribute_specifier', 'break_statement', 'continue_statement',
  'gnu_asm_qualifier', 'extension_expression', 'variadic_parameter', 'declaration_list',
]);
const LEAVES = new Set([
  'identifier', 'field_identifier', 'type_identifier', 'statement_identifier', 'primitive_type', 'number_literal',
  'string_content', 'escape_sequence', 'character', 'comment',
]);

interface Kind {
  type: string;
  named: boolean;
  leaf: boolean;
}

/** Per type id: name, namedness, and whether it is always a leaf; built once per table. */
const kindCache = new WeakMap<NodeTypeTable, Kind[]>();

function kindsOf(table: NodeTypeTable): Kind[] {
  let kinds = kindCache.get(table);
  if (!kinds) {
    kinds = table.names.map((type, id) => {
      const named = table.named[id];
      return { type, named, leaf: !named || LEAVES.has(type) };
    });
    kindCache.set(table, kinds);
  }
  return kinds;
}

const ERROR_KIND: Kind = { type: 'ERROR', named: true, leaf: false };

/**
 * Copies the subtree at the cursor's node; the cursor ends where it started. Comments are dropped. An inner node
 * ends where its last child ends, so `endIndex` is read only for leaves.
 */
function liftAt(c: TreeCursor, table: NodeTypeTable): CNode {
  const kinds = kindsOf(table);
  const make = (withField: boolean): { node: CNode; leaf: boolean } => {
    const id = c.nodeTypeId;
    const kind = id === ERROR_ID ? ERROR_KIND : kinds[id] ?? ERROR_KIND;
    const start = c.startIndex;
    const fieldId = withField ? c.currentFieldId : 0;
    const node: CNode = {
      type: kind.type,
      named: kind.named,
      missing: false,
      field: fieldId === 0 ? undefined : c.currentFieldName ?? undefined,
      start,
      end: start,
      children: [],
    };
    return { node, leaf: kind.leaf };
  };
  const finishLeaf = (n: CNode): void => {
    n.end = c.endIndex;
    // Only zero-width nodes can be MISSING.
    if (n.end === n.start) n.missing = c.nodeIsMissing;
  };
  const top = make(true);
  const stack: CNode[] = [top.node];
  let leaf = top.leaf;
  // The end of the last child seen under each open node (comments included, though they are not kept).
  for (;;) {
    const cur = stack[stack.length - 1];
    if (!leaf && c.gotoFirstChild()) {
      const m = make(!FIELDLESS.has(cur.type));
      if (m.node.type !== 'comment') cur.children.push(m.node);
      stack.push(m.node);
      leaf = m.leaf;
      continue;
    }
    if (cur.children.length === 0 && cur.end === cur.start) finishLeaf(cur);
    for (;;) {
      if (stack.length === 1) return top.node;
      const done = stack.pop() as CNode;
      const parent = stack[stack.length - 1];
      if (done.end > parent.end) parent.end = done.end;
      if (c.gotoNextSibling()) {
        const m = make(!FIELDLESS.has(parent.type));
        if (m.node.type !== 'comment') parent.children.push(m.node);
        stack.push(m.node);
        leaf = m.leaf;
        break;
      }
      c.gotoParent();
    }
  }
}

/** Copies a whole tree. */
export function liftTree(tree: Tree, table: NodeTypeTable): CNode {
  const c = tree.walk();
  try {
    const root = liftAt(c, table);
    // The root also spans trailing blanks, which no child covers.
    root.end = c.endIndex;
    return root;
  } finally {
    c.delete();
  }
}

// ---- Reading the copy ---------------------------------------------------------------------------------------

export function field(n: CNode, name: string): CNode | undefined {
  for (const ch of n.children) if (ch.field === name) return ch;
  return undefined;
}

export function namedChildren(n: CNode): CNode[] {
  return n.children.filter(ch => ch.named);
}

/** Moves a subtree by `delta` (side-parsed fragments are mapped back onto the main text this way). */
export function shiftTree(n: CNode, delta: number): void {
  n.start += delta;
  n.end += delta;
  for (const ch of n.children) shiftTree(ch, delta);
}

/**
 * A `(typeof(x))` placeholder is `int` plus blanks (pieces.ts): the nodes tree-sitter made of the keyword are
 * stretched over the blanks, so they span the whole typeof as the other placeholders do.
 */
function stretchKeyword(root: CNode, start: number, end: number): void {
  const kwEnd = start + 3;
  let cur: CNode | undefined = root;
  while (cur) {
    cur = cur.children.find(c => c.start <= start && c.end >= kwEnd);
    if (cur && cur.end === kwEnd) cur.end = end;
  }
}

export function stretchKeywords(root: CNode, pieces: ReadonlyArray<{ start: number; end: number; keyword?: boolean }>): void {
  for (const p of pieces) if (p.keyword && p.start >= root.start && p.end <= root.end) stretchKeyword(root, p.start, p.end);
}

/** The outermost node spanning exactly [start, end), searching down from `n`. */
export function nodeSpanning(n: CNode, start: number, end: number): CNode | undefined {
  let cur: CNode | undefined = n;
  while (cur) {
    if (cur.start === start && cur.end === end) return cur;
    cur = cur.children.find(ch => ch.start <= start && ch.end >= end && ch.end > ch.start);
  }
  return undefined;
}
