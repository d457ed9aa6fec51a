// #if / #ifdef / #ifndef / #elif / #elifdef / #elifndef / #else / #endif, and skipping groups that are out.

import type { Range, Severity } from '../diagnostics';
import type { Token } from './lexer';
import { isDirectiveStart, lineEnd, type CondFrame, type FileReader } from './reader';

export type CondKind = 'if' | 'ifdef' | 'ifndef' | 'elif' | 'elifdef' | 'elifndef';

export interface CondHost {
  /** Value of a condition (reports its own errors, which count as false). */
  condition(kind: CondKind, args: Token[], range: Range): boolean;
  report(severity: Severity, code: string, range: Range, message: string): void;
}

export const COND_DIRECTIVES: ReadonlySet<string> = new Set([
  'if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif',
]);

const isElif = (name: string): boolean => name === 'elif' || name === 'elifdef' || name === 'elifndef';

/** Runs a conditional directive met in an active region. */
export function condDirective(host: CondHost, r: FileReader, name: string, args: Token[], range: Range): void {
  if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
    const value = host.condition(name, args, range);
    r.conds.push({ range, taken: value, sawElse: false });
    if (!value) skipGroups(host, r);
    return;
  }
  const frame = r.conds[r.conds.length - 1];
  if (frame === undefined) {
    host.report('error', 'PP_STRAY_CONDITIONAL', range, `#${name} without #if`);
    return;
  }
  if (name === 'endif') {
    extraTokens(host, args, 'endif', r);
    r.conds.pop();
    return;
  }
  // An active group ends at #else/#elif: everything up to #endif is skipped.
  if (!checkOrder(host, frame, name, range)) return;
  if (name === 'else') extraTokens(host, args, 'else', r);
  skipGroups(host, r);
}

/** #elif or #else after #else is an error; records a seen #else. */
function checkOrder(host: CondHost, frame: CondFrame, name: string, range: Range): boolean {
  if (frame.sawElse) {
    host.report('error', 'PP_ELSE_AFTER_ELSE', range, `#${name} after #else`);
    return false;
  }
  if (name === 'else') frame.sawElse = true;
  return true;
}

function extraTokens(host: CondHost, args: Token[], name: string, r: FileReader): void {
  if (args.length === 0) return;
  host.report('warning', 'PP_EXTRA_TOKENS', r.rangeOf(args[0]), `extra tokens at end of #${name} directive`);
}

/**
 * Skips from r.pos to the next #elif/#else/#endif of the innermost conditional and acts on it; repeats until a
 * group is taken or the conditional ends. Leaves r.pos after the last directive line handled.
 */
function skipGroups(host: CondHost, r: FileReader): void {
  const toks = r.tokens;
  for (;;) {
    const at = nextBranch(toks, r.pos);
    if (at < 0) {
      r.pos = toks.length;
      return;
    }
    const end = lineEnd(toks, at);
    r.pos = end;
    const name = toks[at + 1].text;
    const args = toks.slice(at + 2, end);
    const range = { file: r.ctx.path, start: toks[at].start, end: toks[end - 1].end };
    const frame = r.conds[r.conds.length - 1];
    // Like clang, trailing tokens are checked only on the lines that end the skipping: the closing #endif and
    // an #else that is entered.
    if (name === 'endif') {
      extraTokens(host, args, 'endif', r);
      r.conds.pop();
      return;
    }
    if (!checkOrder(host, frame, name, range)) continue;
    if (frame.taken) continue;
    if (name === 'else') {
      extraTokens(host, args, 'else', r);
      frame.taken = true;
      return;
    }
    if (isElif(name) && host.condition(name as CondKind, args, range)) {
      frame.taken = true;
      return;
    }
  }
}

/** Index of the '#' of the next #elif/#else/#endif at nesting depth 0 from `from`, or -1. */
function nextBranch(toks: readonly Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < toks.length; i++) {
    if (!isDirectiveStart(toks[i])) continue;
    const n = toks[i + 1];
    if (n === undefined || n.bol) continue;
    const name = n.text;
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') depth++;
    else if (name === 'endif') {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && (name === 'else' || isElif(name))) return i;
  }
  return -1;
}
