// Dispatch of one directive line met by a FileReader in an active region.

import type { Range } from '../diagnostics';
import { headerName } from './builtins';
import { COND_DIRECTIVES, condDirective } from './ifgroups';
import type { Token } from './lexer';
import { bodyText, parseDefine, sameDefinition, type DefineError, type Macro } from './macros';
import { EXTRA_NAMES } from './predefined';
import type { Preprocessor } from './preprocessor';
import { lineEnd, type FileReader } from './reader';

/** Directives accepted and ignored. */
const IGNORED = new Set(['line', 'ident', 'sccs', 'assert', 'unassert']);

export function runDirective(pp: Preprocessor, r: FileReader): void {
  const toks = r.tokens;
  const ctx = r.ctx;
  const hashIdx = r.pos;
  const end = lineEnd(toks, hashIdx);
  r.pos = end;
  const hash = toks[hashIdx];
  const live = !pp.collecting;
  if (live) pp.emit.gapTo(ctx, hash.start);
  const range: Range = { file: ctx.path, start: hash.start, end: toks[end - 1].end };
  const nameTok = hashIdx + 1 < end ? toks[hashIdx + 1] : null;
  if (nameTok !== null && nameTok.text === 'define') define(pp, r, hashIdx, end, range);
  else if (nameTok !== null) dispatch(pp, r, nameTok, toks.slice(hashIdx + 2, end), range);
  const regionEnd = toks[r.pos - 1].end;
  if (live) pp.emit.blank(ctx, hash.start, regionEnd);
  else ctx.hidden.push({ start: hash.start, end: regionEnd });
  r.consumedEnd = regionEnd;
}

function dispatch(pp: Preprocessor, r: FileReader, nameTok: Token, args: Token[], range: Range): void {
  const name = nameTok.text;
  if (COND_DIRECTIVES.has(name)) {
    condDirective(pp, r, name, args, range);
    return;
  }
  switch (name) {
    case 'undef': return undef(pp, r, args, range);
    case 'include':
    case 'include_next': return include(pp, r, args, range, name === 'include_next');
    case 'error':
    case 'warning': {
      const sev = name === 'error' ? 'error' : 'warning';
      const text = bodyText(args);
      pp.report(sev, name === 'error' ? 'PP_ERROR_DIRECTIVE' : 'PP_WARNING_DIRECTIVE', range, text || `#${name}`);
      return;
    }
    case 'pragma': return pp.applyPragma(args, range, pp.emit.out.length);
    default:
      if (IGNORED.has(name) || nameTok.kind === 'num') return;
      // clang and gcc both reject an unknown directive in a group that is compiled (skipped groups never get here).
      pp.report('error', 'PP_UNKNOWN_DIRECTIVE', r.rangeOf(nameTok), `invalid preprocessing directive '#${name}'`);
  }
}

/** Parses a #define line, reusing the parse from an earlier run over the same (cached) tokens. */
function parsedDefine(r: FileReader, hashIdx: number, end: number): Macro | DefineError {
  const memo = r.ctx.lex.memo;
  const hit = memo.get(hashIdx) as Macro | DefineError | undefined;
  if (hit !== undefined && (!('name' in hit) || hit.range.file === r.ctx.path)) return hit;
  const m = parseDefine(r.tokens.slice(hashIdx + 2, end), r.ctx.path);
  memo.set(hashIdx, m);
  return m;
}

function define(pp: Preprocessor, r: FileReader, hashIdx: number, end: number, range: Range): void {
  const m = parsedDefine(r, hashIdx, end);
  if ('message' in m) {
    pp.report('error', 'PP_BAD_DEFINE', m.at === null ? range : r.rangeOf(m.at), m.message);
    return;
  }
  const old = pp.macros.get(m.name);
  if (old !== undefined && old.builtin !== undefined) {
    pp.report('warning', 'PP_MACRO_REDEFINED', m.range, `redefining builtin macro '${m.name}'`);
  } else if (old !== undefined && !sameDefinition(old, m) && !EXTRA_NAMES.has(m.name)) {
    pp.report('warning', 'PP_MACRO_REDEFINED', m.range, `'${m.name}' macro redefined`, old.range,
      'previous definition is here');
  }
  pp.macros.set(m.name, m);
}

function undef(pp: Preprocessor, r: FileReader, args: Token[], range: Range): void {
  const name = args[0];
  if (name === undefined || name.kind !== 'id') {
    pp.report('error', 'PP_BAD_DEFINE', name === undefined ? range : r.rangeOf(name),
      name === undefined ? 'macro name missing' : 'macro name must be an identifier');
    return;
  }
  if (args.length > 1) {
    pp.report('warning', 'PP_EXTRA_TOKENS', r.rangeOf(args[1]), 'extra tokens at end of #undef directive');
  }
  if (pp.macros.get(name.text)?.builtin !== undefined) {
    pp.report('warning', 'PP_UNDEF_BUILTIN', r.rangeOf(name), `undefining builtin macro '${name.text}'`);
  }
  pp.macros.delete(name.text);
}

function include(pp: Preprocessor, r: FileReader, args: Token[], range: Range, next: boolean): void {
  const h = headerName(args) ?? headerName(pp.expander.expandAll(args));
  if (h === null) {
    pp.report('error', 'PP_BAD_INCLUDE', range, 'expected "FILENAME" or <FILENAME>');
    return;
  }
  if (pp.collecting) {
    pp.report('error', 'PP_BAD_INCLUDE', range, '#include inside the arguments of a macro invocation');
    return;
  }
  pp.include({ name: h.name, angled: h.angled, next }, range, r.ctx);
}
