// Shared by the parse tests: one parser per process, an identity SourceMap, and an AST walker that checks spans
// against the text they claim to cover.

import type { SourceMap } from '../../src/engine/preprocess/types';
import type { TranslationUnit } from '../../src/engine/parse/ast';
import { loadCParser, type CParser } from '../../src/engine/parse/treesitter';

let parserP: Promise<CParser> | undefined;

export function testParser(): Promise<CParser> {
  parserP ??= loadCParser();
  return parserP;
}

/** Maps output offsets to themselves in file "t.c", like a preprocessor that changed nothing. */
export const identityMap: SourceMap = {
  mainFile: 't.c',
  toSource: (start, end) => ({ file: 't.c', start, end }),
};

interface Spanned {
  span: { start: number; end: number };
}

function isSpanned(v: unknown): v is Spanned & Record<string, unknown> {
  return typeof v === 'object' && v !== null && 'span' in v;
}

/**
 * Every span lies inside the text, and the nodes that name something cover that name: identifiers, typedef
 * names, members, field designators, attributes, number literals.
 */
export function spanProblems(text: string, tu: TranslationUnit): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (isSpanned(v)) check(v);
    for (const x of Object.values(v)) visit(x);
  };
  const check = (n: Spanned & Record<string, unknown>): void => {
    const { start, end } = n.span;
    if (!(start >= 0 && start <= end && end <= text.length)) {
      out.push(`bad span ${start}-${end} on ${String(n.kind ?? n.name)}`);
      return;
    }
    const slice = text.slice(start, end);
    const kind = n.kind;
    if (kind === 'ident' && slice !== n.name) out.push(`ident '${String(n.name)}' spans '${slice}'`);
    if (kind === 'named' && slice !== n.name) out.push(`type name '${String(n.name)}' spans '${slice}'`);
    if (kind === 'member' && !slice.endsWith(String(n.field))) out.push(`member '${String(n.field)}' spans '${slice}'`);
    if (kind === 'field' && !slice.includes(String(n.name))) out.push(`designator '${String(n.name)}' spans '${slice}'`);
    if (kind === 'int' && !/^([0-9]|true|false|NULL|nullptr)/.test(slice)) out.push(`int literal spans '${slice}'`);
    // _Alignas(N) and _Noreturn come through as `aligned` and `noreturn` attributes.
    const keywordAttr = /^(_Alignas|alignas|_Noreturn|noreturn)\b/.test(slice);
    if (kind === undefined && Array.isArray(n.args) && typeof n.name === 'string' && !slice.includes(n.name) && !keywordAttr) {
      out.push(`attribute '${n.name}' spans '${slice}'`);
    }
  };
  visit(tu);
  return out;
}
