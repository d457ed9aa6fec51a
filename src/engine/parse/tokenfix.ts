// Literal tokens tree-sitter would split or reject, which C reads as one (bad) token: `0x`, `1abc`, `0xfgh`,
// `''`. The prepass swaps them for zeros of the same length, so the parse goes on; the converter then reads the
// original spelling at that place and reports it (literals.ts).

import type { Tok } from './scan';

const HEX = "[0-9a-fA-F]+(?:'[0-9a-fA-F]+)*";
const DEC = "[0-9]+(?:'[0-9]+)*";
/** tree-sitter-c's number_literal token (grammar.js), as a whole-string pattern, leading sign left out. */
const TS_NUMBER = new RegExp(
  `^(?:0[xXbB])?(?:(?:${DEC}|0[bB]${DEC}|0[xX]${HEX})(?:\\.(?:${HEX})?)?|\\.${DEC})(?:[eEpP](?:[-+]?${HEX})?)?[uUlLwWfFbBdD]*$`,
);
const EMPTY_CHAR = /^(?:L|u|U|u8)?''$/;

/** The replacement for a literal token, or undefined if tree-sitter reads it as one token. */
export function literalFix(text: string, tok: Tok): string | undefined {
  if (tok.kind !== 'number' && tok.kind !== 'char') return undefined;
  const spelling = text.slice(tok.start, tok.end);
  const ok = tok.kind === 'number' ? TS_NUMBER.test(spelling) : !EMPTY_CHAR.test(spelling);
  return ok ? undefined : '0'.repeat(spelling.length);
}
