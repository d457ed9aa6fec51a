// One preprocessing run: the macro table, the stack of open files, the output, and the glue between the
// expander, the directives and the emitter.

import { diag, type Diagnostic, type Range, type Severity } from '../diagnostics';
import { builtinTokens, type BuiltinEnv } from './builtins';
import { copyDiagnostic, findCheckpoint, fitsTokens, optionsKey, storeCheckpoint, type Checkpoint } from './checkpoint';
import { evaluate } from './conditions';
import { runDirective } from './directives';
import { Emitter } from './emit';
import { Expander, type ExpandEnv } from './expand';
import { HidesetTable } from './hideset';
import type { CondHost, CondKind } from './ifgroups';
import { IncludeResolver, NOT_SEARCHED, type Found, type IncludeRequest, type Includer } from './includes';
import { lexFile, lexFragment, lineOf, type LexedFile, type Token } from './lexer';
import { bodyText, parseDefine, type Macro } from './macros';
import { parsePragma, unquote } from './pragmas';
import { predefinedMacros } from './predefined';
import { FileReader, type FileCtx } from './reader';
import { isPunct, synth, TokenStream } from './stream';
import type { LoopHint, PreprocessOptions, PreprocessOutput } from './types';

const MAX_INCLUDE_DEPTH = 200;
const COMMAND_LINE = '<command line>';

export class Preprocessor implements ExpandEnv, BuiltinEnv, CondHost {
  readonly macros: Map<string, Macro>;
  readonly hidesets = new HidesetTable();
  readonly emit = new Emitter();
  readonly expander: Expander;
  readonly diagnostics: Diagnostic[] = [];
  collecting = 0;
  private readonly resolver: IncludeResolver;
  private readonly files: Array<{ path: string; text: string }> = [];
  private readonly fileIndex = new Map<string, number>();
  private readonly lexByPath = new Map<string, LexedFile>();
  private readonly stack: FileCtx[] = [];
  private readonly onceFiles = new Set<string>();
  private readonly loopHints: LoopHint[] = [];
  private readonly pushedMacros = new Map<string, Array<Macro | undefined>>();
  private readonly problemsReported = new Set<number>();
  private counter = 0;
  /** An #include went past MAX_INCLUDE_DEPTH (see lexToEnter). */
  private depthReached = false;
  /** The main file was #included (by itself or a header): its saved state would hold its old text. */
  private mainIncluded = false;
  /** Where the main file's lexing problems start and end in `diagnostics`. */
  private mainProblemsAt = 0;
  private mainProblemsEnd = 0;
  /** State after the main file's last top-level #include so far, to save for later runs. */
  private checkpoint: Checkpoint | null = null;

  constructor(private readonly opts: PreprocessOptions, private readonly useCheckpoints: boolean) {
    this.macros = new Map(predefinedMacros());
    this.expander = new Expander(this);
    this.resolver = new IncludeResolver(opts.host, opts.includeDirs ?? [], opts.builtinHeaders ?? {});
  }

  run(): PreprocessOutput {
    const o = this.opts;
    const main: Found = { path: o.file, text: o.text, builtinKey: null, searchIndex: NOT_SEARCHED };
    const saved = this.useCheckpoints ? findCheckpoint(o) : undefined;
    if (saved === undefined || !this.resume(saved)) {
      this.register(main.path, main.text);
      this.commandLine();
      for (const name of o.forcedIncludes ?? []) this.forcedInclude(name);
      this.processFile(main, 0);
    }
    if (this.checkpoint !== null) storeCheckpoint(this.checkpoint);
    const { text, map } = this.emit.out.finish(this.files.map(f => f.path), o.file);
    const table = this.macros;
    let macros: PreprocessOutput['macros'] | null = null;
    // The macro table is for hovers and tests; it is built on first use, not on every keystroke.
    return {
      text, map, loopHints: this.loopHints, files: this.files,
      get macros() {
        macros ??= macroSummary(table);
        return macros;
      },
    };
  }

  // ---- reporting and small queries used by the expander, builtins and directives ----

  report(severity: Severity, code: string, range: Range, message: string, related?: Range, relatedMsg?: string): void {
    const d = diag('preprocess', severity, code, range, message);
    if (related !== undefined) d.related = [{ range: related, message: relatedMsg ?? '' }];
    this.diagnostics.push(d);
  }

  currentFile(): string {
    return this.stack.length > 0 ? this.stack[this.stack.length - 1].path : this.opts.file;
  }

  mainFile(): string {
    return this.opts.file;
  }

  includeLevel(): number {
    return Math.max(0, this.stack.length - 1);
  }

  nextCounter(): number {
    return this.counter++;
  }

  lineAt(r: Range): number {
    const lex = this.lexByPath.get(r.file);
    return lex === undefined ? 1 : lineOf(lex, r.start);
  }

  beginCollect(): void {
    this.collecting++;
  }

  endCollect(): void {
    this.collecting--;
  }

  builtin(m: Macro, name: Token, src: TokenStream): Token[] | null {
    this.beginCollect();
    try {
      return builtinTokens(this, m, name, src);
    } finally {
      this.endCollect();
    }
  }

  expandAll(toks: Token[]): Token[] {
    return this.expander.expandAll(toks);
  }

  originOf(first: Token, last: Token): Range {
    return this.expander.originOf(first, last);
  }

  hasInclude(name: string, angled: boolean, next: boolean): boolean {
    return this.resolver.resolve({ name, angled, next }, this.includer()) !== null;
  }

  private includer(): Includer {
    const top = this.stack[this.stack.length - 1];
    return top ?? { path: this.opts.file, builtinKey: null, searchIndex: NOT_SEARCHED };
  }

  // ---- files ----

  private register(path: string, text: string): number {
    let idx = this.fileIndex.get(path);
    if (idx === undefined) {
      idx = this.files.length;
      this.files.push({ path, text });
      this.fileIndex.set(path, idx);
    }
    return idx;
  }

  private fileIdxOf(path: string): number {
    return this.fileIndex.get(path) ?? 0;
  }

  include(req: IncludeRequest, range: Range, from: FileCtx): void {
    const found = this.resolver.resolve(req, from);
    if (found === null) {
      if (req.angled) {
        this.report('warning', 'PP_UNKNOWN_HEADER', range,
          `'${req.name}' is not a built-in header and was not found in the include directories; continuing without it`);
      } else {
        this.report('error', 'PP_INCLUDE_NOT_FOUND', range, `'${req.name}' file not found`);
      }
      return;
    }
    if (found.path === this.opts.file) this.mainIncluded = true;
    const lex = this.lexToEnter(found);
    if (lex === null) return;
    if (from.depth + 1 > MAX_INCLUDE_DEPTH) {
      this.report('error', 'PP_INCLUDE_DEPTH', range, `#include nested too deeply (more than ${MAX_INCLUDE_DEPTH} levels)`);
      this.depthReached = true;
      return;
    }
    this.enterFile(found, lex, from.depth + 1);
  }

  private forcedInclude(name: string): void {
    const main: Includer = { path: this.opts.file, builtinKey: null, searchIndex: NOT_SEARCHED };
    const direct = this.resolver.read(name);
    const found: Found | null = direct !== undefined
      ? { path: name, text: direct, builtinKey: null, searchIndex: NOT_SEARCHED }
      : this.resolver.resolve({ name, angled: false, next: false }, main);
    if (found === null) {
      this.report('error', 'PP_INCLUDE_NOT_FOUND', { file: COMMAND_LINE, start: 0, end: 0 }, `'${name}' file not found`);
      return;
    }
    this.processFile(found, 1);
  }

  private processFile(f: Found, depth: number): void {
    const lex = this.lexToEnter(f);
    if (lex !== null) this.enterFile(f, lex, depth);
  }

  /**
   * The file's tokens, or null if it is not to be read again: it had #pragma once, its include guard is defined,
   * or the depth limit was hit and it was read before. The last follows clang: it keeps a file that includes
   * itself twice from recursing 2^depth times. Guards are checked before the depth, so only the directive that
   * really recurses is reported.
   */
  private lexToEnter(f: Found): LexedFile | null {
    if (this.onceFiles.has(f.path)) return null;
    if (this.depthReached && this.fileIndex.has(f.path)) return null;
    const lex = lexFile(f.text);
    if (lex.guard !== null && this.macros.has(lex.guard)) return null;
    return lex;
  }

  private enterFile(f: Found, lex: LexedFile, depth: number): void {
    const fileIdx = this.register(f.path, f.text);
    this.lexByPath.set(f.path, lex);
    const ctx: FileCtx = {
      path: f.path, fileIdx, lex, builtinKey: f.builtinKey, searchIndex: f.searchIndex, depth, emittedEnd: 0, owed: 0,
      hidden: [],
    };
    const isMain = depth === 0;
    if (isMain) this.mainProblemsAt = this.diagnostics.length;
    this.reportLexProblems(ctx);
    if (isMain) this.mainProblemsEnd = this.diagnostics.length;
    const reader = new FileReader(ctx, isMain ? r => this.mainDirective(r) : r => runDirective(this, r));
    this.readFile(ctx, reader);
  }

  private readFile(ctx: FileCtx, reader: FileReader): void {
    this.stack.push(ctx);
    try {
      this.loop(ctx, reader, new TokenStream(reader));
    } finally {
      this.stack.pop();
    }
    for (const c of reader.conds) this.report('error', 'PP_UNTERMINATED_IF', c.range, 'unterminated conditional directive');
    this.emit.finishFile(ctx);
  }

  // ---- the checkpoint after the main file's last top-level #include (checkpoint.ts) ----

  private mainDirective(r: FileReader): void {
    const hashIdx = r.pos;
    runDirective(this, r);
    if (this.useCheckpoints && isInclude(r.tokens, hashIdx) && !isInclude(r.tokens, r.pos) && this.mayCheckpoint(r)) {
      this.checkpoint = this.capture(r);
    }
  }

  /** Only between two tokens of the main file itself, with nothing pending in the expander. */
  private mayCheckpoint(r: FileReader): boolean {
    return this.collecting === 0 && this.stack.length === 1 && !this.mainIncluded && !this.depthReached
      && r.ctx.lex.guard === null && r.ctx.hidden.length === 0 && r.pos < r.tokens.length;
  }

  private capture(r: FileReader): Checkpoint {
    const o = this.opts;
    const toks = r.tokens;
    const files = this.files.slice(1);
    const lexByPath = new Map(this.lexByPath);
    lexByPath.delete(o.file);
    const problems = new Set(this.problemsReported);
    problems.delete(0);
    return {
      file: o.file, options: optionsKey(o), builtins: o.builtinHeaders, prefix: o.text.slice(0, toks[r.pos].start),
      hostLog: [...this.resolver.log],
      tokIndex: r.pos, lastEnd: toks[r.pos - 1].end, consumedEnd: r.consumedEnd,
      conds: r.conds.map(c => ({ ...c })), emittedEnd: r.ctx.emittedEnd, owed: r.ctx.owed,
      macros: new Map(this.macros),
      pushedMacros: new Map([...this.pushedMacros].map(([k, v]) => [k, [...v]])),
      onceFiles: new Set(this.onceFiles), files, lexByPath,
      problemsReported: problems, loopHints: [...this.loopHints], counter: this.counter,
      diagsBefore: this.diagnostics.slice(0, this.mainProblemsAt).map(copyDiagnostic),
      diagsAfter: this.diagnostics.slice(this.mainProblemsEnd).map(copyDiagnostic),
      emit: this.emit.save(),
    };
  }

  /** Continues from a saved state whose main-file prefix matches; false (nothing changed) if the tokens do not fit. */
  private resume(cp: Checkpoint): boolean {
    const o = this.opts;
    const lex = lexFile(o.text);
    if (!fitsTokens(cp, lex)) return false;
    this.register(o.file, o.text);
    for (const f of cp.files) this.register(f.path, f.text);
    for (const [k, m] of cp.macros) this.macros.set(k, m);
    for (const k of [...this.macros.keys()]) if (!cp.macros.has(k)) this.macros.delete(k);
    for (const [k, v] of cp.pushedMacros) this.pushedMacros.set(k, [...v]);
    for (const f of cp.onceFiles) this.onceFiles.add(f);
    for (const [k, v] of cp.lexByPath) this.lexByPath.set(k, v);
    this.lexByPath.set(o.file, lex);
    for (const i of cp.problemsReported) this.problemsReported.add(i);
    this.loopHints.push(...cp.loopHints);
    this.counter = cp.counter;
    this.resolver.replay(cp.hostLog);
    this.emit.load(cp.emit);
    for (const d of cp.diagsBefore) this.diagnostics.push(copyDiagnostic(d));
    const ctx: FileCtx = {
      path: o.file, fileIdx: 0, lex, builtinKey: null, searchIndex: NOT_SEARCHED, depth: 0,
      emittedEnd: cp.emittedEnd, owed: cp.owed, hidden: [],
    };
    this.mainProblemsAt = this.diagnostics.length;
    this.reportLexProblems(ctx);
    this.mainProblemsEnd = this.diagnostics.length;
    for (const d of cp.diagsAfter) this.diagnostics.push(copyDiagnostic(d));
    const reader = new FileReader(ctx, r => this.mainDirective(r));
    reader.pos = cp.tokIndex;
    reader.consumedEnd = cp.consumedEnd;
    for (const c of cp.conds) reader.conds.push({ ...c });
    this.readFile(ctx, reader);
    return true;
  }

  private reportLexProblems(ctx: FileCtx): void {
    if (this.problemsReported.has(ctx.fileIdx)) return;
    this.problemsReported.add(ctx.fileIdx);
    for (const p of ctx.lex.problems) {
      this.report('error', 'PP_LEX', { file: ctx.path, start: p.start, end: p.end }, p.message);
    }
  }

  /** The main loop over one file: expand macros, act on _Pragma, write everything else. */
  private loop(ctx: FileCtx, reader: FileReader, stream: TokenStream): void {
    const macros = this.macros;
    for (let t = stream.next(); t !== null; t = stream.next()) {
      if (t.kind === 'id') {
        if (t.text === '_Pragma' && this.pragmaOperator(t, stream, ctx)) {
          this.emit.account(ctx, reader.consumedEnd);
          continue;
        }
        if (macros.has(t.text) && this.expander.tryExpand(t, stream)) {
          if (t.origin === null) this.emit.gapTo(ctx, t.start);
          this.emit.account(ctx, reader.consumedEnd);
          continue;
        }
      }
      if (t.origin === null) this.emit.fileToken(ctx, t);
      else this.emit.expansionToken(t, this.fileIdxOf(t.origin.file));
    }
  }

  // ---- conditions ----

  condition(kind: CondKind, args: Token[], range: Range): boolean {
    if (kind === 'ifdef' || kind === 'ifndef' || kind === 'elifdef' || kind === 'elifndef') {
      const name = args[0];
      if (name === undefined || name.kind !== 'id') {
        const msg = name === undefined ? 'macro name missing' : 'macro name must be an identifier';
        this.report('error', 'PP_IF_EXPR', name === undefined ? range : this.rangeOf(name), msg);
        return false;
      }
      if (args.length > 1) {
        this.report('warning', 'PP_EXTRA_TOKENS', this.rangeOf(args[1]), `extra tokens at end of #${kind} directive`);
      }
      return this.macros.has(name.text) === (kind === 'ifdef' || kind === 'elifdef');
    }
    if (args.length === 0) {
      this.report('error', 'PP_IF_EXPR', range, `#${kind} with no expression`);
      return false;
    }
    const toks = this.expandCondition(args, range);
    if (toks === null) return false;
    const r = evaluate(toks);
    if (r.ok) return r.value.v !== 0n;
    this.report('error', r.error.code, r.error.at === null ? range : this.rangeOf(r.error.at), r.error.message);
    return false;
  }

  private rangeOf(t: Token): Range {
    return t.origin ?? { file: this.currentFile(), start: t.start, end: t.end };
  }

  /** Macro-expands an #if line, replacing `defined X` / `defined(X)` (even when produced by a macro). */
  private expandCondition(args: Token[], range: Range): Token[] | null {
    const s = new TokenStream(null);
    s.push(args);
    const out: Token[] = [];
    for (let t = s.next(); t !== null; t = s.next()) {
      if (t.kind === 'id' && t.text === 'defined') {
        const v = this.definedOperand(s, t, range);
        if (v === null) return null;
        out.push(synth('num', v ? '1' : '0', t.space, t.origin));
        continue;
      }
      if (t.kind === 'id' && this.expander.tryExpand(t, s)) continue;
      out.push(t);
    }
    return out;
  }

  private definedOperand(s: TokenStream, at: Token, range: Range): boolean | null {
    let n = s.next();
    const paren = isPunct(n, '(');
    if (paren) n = s.next();
    if (n === null || n.kind !== 'id') {
      this.report('error', 'PP_IF_EXPR', n === null ? range : this.rangeOf(n), "macro name missing after 'defined'");
      return null;
    }
    if (paren && !isPunct(s.next(), ')')) {
      this.report('error', 'PP_IF_EXPR', this.rangeOf(at), "missing ')' after 'defined'");
      return null;
    }
    return this.macros.has(n.text);
  }

  // ---- pragmas ----

  /** `_Pragma("...")`, whose operand may come from a macro; returns false if no '(' follows. */
  private pragmaOperator(t: Token, stream: TokenStream, ctx: FileCtx): boolean {
    if (!isPunct(stream.peek(), '(')) return false;
    if (t.origin === null) this.emit.gapTo(ctx, t.start);
    const at = this.emit.out.length;
    const parts: Token[] = [];
    let rparen: Token | null = null;
    this.beginCollect();
    try {
      stream.next();
      for (let u = stream.next(); u !== null; u = stream.next()) {
        if (u.kind === 'id' && this.expander.tryExpand(u, stream)) continue;
        if (isPunct(u, ')')) {
          rparen = u;
          break;
        }
        parts.push(u);
      }
    } finally {
      this.endCollect();
    }
    const range = this.expander.originOf(t, rparen ?? t);
    if (rparen === null || parts.length !== 1 || parts[0].kind !== 'str') {
      this.report('error', 'PP_PRAGMA', range, '_Pragma takes a parenthesized string literal');
      return true;
    }
    this.applyPragma(lexFragment(unquote(parts[0].text)), range, at);
    return true;
  }

  applyPragma(toks: Token[], range: Range, at: number): void {
    const act = parsePragma(toks, n => this.unrollCount(n));
    switch (act.kind) {
      case 'once': this.onceFiles.add(this.currentFile()); return;
      case 'hint': {
        const hint: LoopHint = { at, kind: act.hint, range };
        if (act.count !== undefined) hint.count = act.count;
        this.loopHints.push(hint);
        return;
      }
      case 'push-macro': {
        const stack = this.pushedMacros.get(act.name) ?? [];
        stack.push(this.macros.get(act.name));
        this.pushedMacros.set(act.name, stack);
        return;
      }
      case 'pop-macro': {
        const stack = this.pushedMacros.get(act.name);
        if (stack === undefined || stack.length === 0) return;
        const m = stack.pop();
        if (m === undefined) this.macros.delete(act.name);
        else this.macros.set(act.name, m);
        return;
      }
      case 'diagnostic': this.report(act.severity, 'PP_PRAGMA_DIAGNOSTIC', range, act.message); return;
      // clang rejects an unroll hint whose argument it cannot use.
      case 'bad-hint': this.report('error', 'PP_PRAGMA', range, act.message); return;
      default: return;
    }
  }

  private unrollCount(toks: Token[]): number | null {
    if (toks.length === 0) return null;
    const r = evaluate(this.expander.expandAll(toks));
    if (!r.ok || r.value.v < 0n || r.value.v > 0x7fffffffn) return null;
    return Number(r.value.v);
  }

  // ---- command line and results ----

  /** -D and -U: in command-line order when given as macroOptions, else all -D then all -U. */
  private commandLine(): void {
    const o = this.opts;
    if (o.macroOptions !== undefined) {
      for (const op of o.macroOptions) {
        if (op.op === 'define') this.commandLineDefine(op.name, op.value);
        else this.macros.delete(op.name);
      }
      return;
    }
    for (const d of o.defines ?? []) this.commandLineDefine(d.name, d.value);
    for (const name of o.undefines ?? []) this.macros.delete(name);
  }

  private commandLineDefine(name: string, value: string | undefined): void {
    const m = parseDefine(lexFragment(`${name} ${value ?? '1'}`), COMMAND_LINE);
    if ('message' in m) {
      this.report('error', 'PP_BAD_DEFINE', { file: COMMAND_LINE, start: 0, end: 0 }, `-D${name}: ${m.message}`);
      return;
    }
    this.macros.set(m.name, m);
  }
}

/** Is token i the '#' of an #include line? */
function isInclude(toks: readonly Token[], i: number): boolean {
  const t = toks[i];
  const n = toks[i + 1];
  return t !== undefined && t.bol && t.kind === 'punct' && t.text === '#' && n !== undefined && !n.bol
    && (n.text === 'include' || n.text === 'include_next');
}

/** Name → definition as text, for hovers; built-in dynamic macros are left out. */
function macroSummary(table: ReadonlyMap<string, Macro>): PreprocessOutput['macros'] {
  const out: PreprocessOutput['macros'] = new Map();
  for (const [name, m] of table) {
    if (m.builtin !== undefined) continue;
    const entry: { params?: string[]; variadic?: boolean; body: string; range: Range } = {
      body: bodyText(m.body), range: m.range,
    };
    if (m.params !== null) {
      entry.params = m.params[m.params.length - 1] === '__VA_ARGS__' && m.variadic ? m.params.slice(0, -1) : m.params;
      if (m.variadic) entry.variadic = true;
    }
    out.set(name, entry);
  }
  return out;
}
