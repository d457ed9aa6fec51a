// Text edits that insert a statement before or after the line of a source range, indented like that line, or an
// initializer into a declaration. Only offered when the source text is at hand and the insertion point is plainly
// a statement boundary (or the end of a simple declarator).

import type { Range } from '../../diagnostics';
import type { TextEdit } from './types';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', Math.max(offset - 1, 0)) + 1;
}

function indentAt(text: string, start: number): string {
  const m = /^[ \t]*/.exec(text.slice(start));
  return m ? m[0] : '';
}

function indented(lines: readonly string[], indent: string): string {
  return lines.map(l => indent + l).join('\n') + '\n';
}

/** Inserts `lines` on their own lines just before the line holding `at`. */
export function insertBefore(text: string, at: Range, lines: readonly string[]): TextEdit | undefined {
  const start = lineStart(text, at.start);
  const indent = indentAt(text, start);
  const rest = text.slice(start + indent.length);
  if (/^(\}|else\b|case\b|default\b)/.test(rest)) return undefined;
  return { range: { file: at.file, start, end: start }, newText: indented(lines, indent) };
}

/** Inserts `lines` after the statement that contains `at` (up to its `;` at nesting depth 0). */
export function insertAfterStatement(text: string, at: Range, lines: readonly string[]): TextEdit | undefined {
  let depth = 0;
  let i = at.end;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return undefined;
      depth--;
    } else if (c === ';' && depth === 0) break;
  }
  if (i >= text.length) return undefined;
  const eol = text.indexOf('\n', i);
  if (eol < 0) return undefined;
  const indent = indentAt(text, lineStart(text, at.start));
  return { range: { file: at.file, start: eol + 1, end: eol + 1 }, newText: indented(lines, indent) };
}

/**
 * Adds an initializer to a local's declarator (` = 0`, or ` = {}` for a struct, union or array): `__u32 key;`
 * becomes `__u32 key = 0;`. Only for a plain declarator (the name, maybe array bounds, then `;` or `,`).
 */
export function insertInitializer(text: string, name: Range, aggregate: boolean): TextEdit | undefined {
  let i = name.end;
  while (text[i] === '[') {
    const close = text.indexOf(']', i);
    if (close < 0 || text.slice(i, close).includes('\n')) return undefined;
    i = close + 1;
  }
  let j = i;
  while (text[j] === ' ' || text[j] === '\t') j++;
  if (text[j] !== ';' && text[j] !== ',') return undefined;
  return { range: { file: name.file, start: i, end: i }, newText: aggregate ? ' = {}' : ' = 0' };
}
