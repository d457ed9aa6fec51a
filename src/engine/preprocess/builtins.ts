// Built-in macros whose value depends on where they are used: __FILE__, __LINE__, __COUNTER__ and the
// __has_include / __has_builtin / __has_attribute family.

import type { Range, Severity } from '../diagnostics';
import type { Token } from './lexer';
import type { Macro } from './macros';
import { isKeyword, KNOWN_ATTRIBUTES, KNOWN_BUILTINS, KNOWN_FEATURES } from './predefined';
import { isPunct, synth, type TokenStream } from './stream';

export interface BuiltinEnv {
  currentFile(): string;
  mainFile(): string;
  includeLevel(): number;
  nextCounter(): number;
  /** 1-based line of a range's start in its file. */
  lineAt(r: Range): number;
  hasInclude(name: string, angled: boolean, next: boolean): boolean;
  expandAll(toks: Token[]): Token[];
  originOf(first: Token, last: Token): Range;
  report(severity: Severity, code: string, range: Range, message: string): void;
}

/** Fixed so that output does not change from run to run. */
const FIXED_DATE = '"Jan  1 1970"';
const FIXED_TIME = '"00:00:00"';
const FIXED_TIMESTAMP = '"Thu Jan  1 00:00:00 1970"';

const quote = (s: string): string => '"' + s.replace(/[\\"]/g, '\\$&') + '"';

export function builtinTokens(env: BuiltinEnv, m: Macro, name: Token, src: TokenStream): Token[] | null {
  const here = name.origin ?? { file: env.currentFile(), start: name.start, end: name.end };
  const tok = (kind: 'num' | 'str', text: string, at: Range = here): Token[] => [synth(kind, text, name.space, at)];
  switch (m.builtin) {
    case 'file': return tok('str', quote(env.currentFile()));
    case 'base-file': return tok('str', quote(env.mainFile()));
    case 'file-name': return tok('str', quote(env.currentFile().replace(/^.*[\\/]/, '')));
    // Like clang: the line where the outermost invocation ends (its closing parenthesis).
    case 'line': return tok('num', String(env.lineAt({ ...here, start: Math.max(here.start, here.end - 1) })));
    case 'counter': return tok('num', String(env.nextCounter()));
    case 'include-level': return tok('num', String(env.includeLevel()));
    case 'date': return tok('str', FIXED_DATE);
    case 'time': return tok('str', FIXED_TIME);
    case 'timestamp': return tok('str', FIXED_TIMESTAMP);
    default: break;
  }
  const operand = readOperand(env, m, name, src);
  if (operand === null) return tok('num', '0');
  const value = hasValue(env, m, operand.toks) ? '1' : '0';
  return tok('num', value, env.originOf(name, operand.rparen));
}

function readOperand(env: BuiltinEnv, m: Macro, name: Token, src: TokenStream): { toks: Token[]; rparen: Token } | null {
  const at = name.origin ?? { file: env.currentFile(), start: name.start, end: name.end };
  if (!isPunct(src.peek(), '(')) {
    env.report('error', 'PP_BUILTIN_SYNTAX', at, `missing '(' after '${m.name}'`);
    return null;
  }
  src.next();
  const toks: Token[] = [];
  let depth = 0;
  for (let t = src.next(); t !== null; t = src.next()) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')') && depth-- === 0) return { toks, rparen: t };
    toks.push(t);
  }
  env.report('error', 'PP_BUILTIN_SYNTAX', at, `missing ')' after '${m.name}' operand`);
  return null;
}

const bare = (name: string): string => name.replace(/^__(.*)__$/, '$1');

function hasValue(env: BuiltinEnv, m: Macro, toks: Token[]): boolean {
  switch (m.builtin) {
    case 'has-include':
    case 'has-include-next': {
      const h = headerName(toks) ?? headerName(env.expandAll(toks));
      return h !== null && env.hasInclude(h.name, h.angled, m.builtin === 'has-include-next');
    }
    case 'has-builtin': return toks.length === 1 && KNOWN_BUILTINS.has(toks[0].text);
    case 'has-attribute':
    case 'has-c-attribute': {
      const last = toks[toks.length - 1];
      return last !== undefined && last.kind === 'id' && KNOWN_ATTRIBUTES.has(bare(last.text));
    }
    case 'has-feature':
    case 'has-extension': return toks.length === 1 && KNOWN_FEATURES.has(bare(toks[0].text));
    case 'is-identifier': return toks.length === 1 && toks[0].kind === 'id' && !isKeyword(toks[0].text);
    default: return false;
  }
}

/** `"name"` or `<name>` as tokens; the angled form is re-spelled from its pieces. */
export function headerName(toks: readonly Token[]): { name: string; angled: boolean } | null {
  const first = toks[0];
  if (first === undefined) return null;
  if (first.kind === 'str' && first.text.startsWith('"')) return { name: first.text.slice(1, -1), angled: false };
  if (!isPunct(first, '<')) return null;
  const parts: string[] = [];
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i];
    if (isPunct(t, '>')) return { name: parts.join(''), angled: true };
    if (i > 1 && t.space) parts.push(' ');
    parts.push(t.text);
  }
  return null;
}
