// Recovering a function whose head tree-sitter swallowed into an ERROR: at file scope, garbage followed by a
// good function often comes out as ERROR(garbage + head) then a bare block. Re-parsing from each of the last
// tokens before the block finds where a clean function definition starts.

import type { CNode } from './cst';
import { Scanner } from './scan';

/** How many token starts before the block are tried (a function head with attributes blanked is shorter). */
const MAX_TRIES = 24;

function clean(n: CNode): boolean {
  if (n.type === 'ERROR' || n.missing) return false;
  return n.children.every(clean);
}

export interface Salvaged {
  /** Where the recovered function starts: the garbage before it stays an error. */
  from: number;
  fn: CNode;
}

/**
 * `reparse(start, end)` parses that stretch of the text on its own (offsets already moved back). Returns the
 * function definition ending with `block`, starting as early as possible inside `error`.
 */
export function salvageFunction(
  text: string,
  error: CNode,
  block: CNode,
  reparse: (start: number, end: number) => CNode | undefined,
): Salvaged | undefined {
  const sc = new Scanner(text.slice(0, block.start));
  sc.pos = error.start;
  const starts: number[] = [];
  for (let t = sc.next(); t.kind !== 'eof'; t = sc.next()) if (t.start > error.start) starts.push(t.start);
  for (const from of starts.slice(-MAX_TRIES)) {
    const root = reparse(from, block.end);
    const only = root?.children.length === 1 ? root.children[0] : undefined;
    if (only?.type === 'function_definition' && only.end === block.end && clean(only)) return { from, fn: only };
  }
  return undefined;
}
