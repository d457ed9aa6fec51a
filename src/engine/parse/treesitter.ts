// Loading the tree-sitter C grammar (wasm). This is the only part of the parse stage that reads files: the two
// .wasm files come from `wasmDir` (the bundled CLI and extension ship them in dist/) or from node_modules.

import * as path from 'path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/** A ready C parser. Trees it returns must be freed with `tree.delete()`. */
export interface CParser {
  readonly language: Language;
  /** Per-id node type names and namedness, read once from the grammar (see cst.ts). */
  readonly types: NodeTypeTable;
  parseTree(text: string): Tree;
  dispose(): void;
}

export interface NodeTypeTable {
  names: string[];
  named: boolean[];
}

const WEB_WASM = 'web-tree-sitter.wasm';
const C_WASM = 'tree-sitter-c.wasm';

let runtime: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

function wasmPaths(wasmDir: string | undefined): { web: string; c: string } {
  if (wasmDir !== undefined) return { web: path.join(wasmDir, WEB_WASM), c: path.join(wasmDir, C_WASM) };
  return {
    web: require.resolve(`web-tree-sitter/${WEB_WASM}`),
    c: require.resolve(`tree-sitter-c/${C_WASM}`),
  };
}

function initRuntime(webWasm: string): Promise<void> {
  // The emscripten runtime can only be initialised once per process: the first caller's wasm wins.
  runtime ??= Parser.init({ locateFile: () => webWasm });
  return runtime;
}

function loadLanguage(cWasm: string): Promise<Language> {
  let p = languages.get(cWasm);
  if (!p) {
    p = Language.load(cWasm);
    languages.set(cWasm, p);
  }
  return p;
}

function typeTable(language: Language): NodeTypeTable {
  const count = language.nodeTypeCount;
  const names: string[] = [];
  const named: boolean[] = [];
  for (let id = 0; id < count; id++) {
    names.push(language.types[id] ?? '');
    named.push(language.nodeTypeIsNamed(id));
  }
  return { names, named };
}

export async function loadCParser(opts?: { wasmDir?: string }): Promise<CParser> {
  const paths = wasmPaths(opts?.wasmDir);
  await initRuntime(paths.web);
  const language = await loadLanguage(paths.c);
  const parser = new Parser();
  parser.setLanguage(language);
  const types = typeTable(language);
  return {
    language,
    types,
    parseTree(text: string): Tree {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree (no language set?)');
      return tree;
    },
    dispose(): void {
      parser.delete();
    },
  };
}
