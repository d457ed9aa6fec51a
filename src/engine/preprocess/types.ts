// The preprocessor's contract. The engine never touches the file system: includes are answered by a host.

import type { Range } from '../diagnostics';

/** Answers #include look-ups. The CLI backs it with Node fs, the extension with workspace.fs, tests with a map. */
export interface IncludeHost {
  /** Text of the file at this path, or undefined if there is none. Paths are host paths (absolute or as given). */
  readFile(path: string): string | undefined;
  /** Directory part of a path, and joining, in the host's path syntax. */
  dirname(path: string): string;
  join(dir: string, name: string): string;
}

/** One -D NAME[=VALUE] (value undefined means "1") or -U NAME. */
export type MacroOption = { op: 'define'; name: string; value?: string } | { op: 'undef'; name: string };

export interface PreprocessOptions {
  /** Path of the main file (used in ranges) and its text. */
  file: string;
  text: string;
  host: IncludeHost;
  /** -I directories, in order. */
  includeDirs?: string[];
  /** -D NAME[=VALUE] in command-line order; value undefined means "1". */
  defines?: Array<{ name: string; value?: string }>;
  /** -U NAME, applied after all -D (the order between -D and -U is lost here; see macroOptions). */
  undefines?: string[];
  /**
   * -D and -U in command-line order, applied in that order after the predefined macros, as clang does
   * (`-U X -D X` leaves X defined). When present, `defines` and `undefines` are ignored.
   */
  macroOptions?: MacroOption[];
  /** --include FILE: processed before the main file, as if #included at its top. */
  forcedIncludes?: string[];
  /** Built-in headers, by include name ("linux/bpf.h"); looked up before -I dirs for <...>. */
  builtinHeaders?: Readonly<Record<string, string>>;
}

/** A loop hint found in #pragma or _Pragma; `at` is an output offset; applies to the next loop after it. */
export interface LoopHint {
  at: number;
  kind: 'unroll' | 'unroll-full' | 'unroll-count' | 'nounroll';
  count?: number;
  range: Range;
}

/**
 * Maps every output offset back to a source location. Plain text maps offset-for-offset; the whole text of a
 * macro expansion maps to the invocation's range (name through closing parenthesis).
 */
export interface SourceMap {
  /** Original range of the output span [start, end). A span inside one copied run maps exactly. */
  toSource(start: number, end: number): Range;
  /** The main file's path: built-in headers appear as "<builtin>/linux/bpf.h". */
  readonly mainFile: string;
}

export interface PreprocessOutput {
  text: string;
  map: SourceMap;
  loopHints: LoopHint[];
  /** Every file read, main file first, in the order first opened, with its text (for line/col conversion). */
  files: Array<{ path: string; text: string }>;
  /** Macros defined at the end of the translation unit (name → replacement text), for hovers and tests. */
  macros: Map<string, { params?: string[]; variadic?: boolean; body: string; range: Range }>;
}
