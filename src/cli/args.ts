// Command-line parsing. -I/-D/-U/--include mean what they mean to clang (joined or separate forms), since
// users copy them from their Makefiles.

import type { MacroOption } from '../engine/preprocess';

export interface CommonArgs {
  file?: string;
  includeDirs: string[];
  /** -D and -U in command-line order: clang applies them in that order. */
  macroOptions: MacroOption[];
  forcedIncludes: string[];
  json: boolean;
  ir: boolean;
  timings: boolean;
}

export class UsageError extends Error {}

export function parseCommonArgs(argv: readonly string[]): CommonArgs {
  const a: CommonArgs = { includeDirs: [], macroOptions: [], forcedIncludes: [], json: false, ir: false, timings: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string): string => {
      if (arg.length > flag.length && !arg.startsWith('--')) return arg.slice(flag.length);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (arg === '--json') a.json = true;
    else if (arg === '--ir') a.ir = true;
    else if (arg === '--timings') a.timings = true;
    else if (arg.startsWith('-I')) a.includeDirs.push(value('-I'));
    else if (arg.startsWith('-D')) {
      const d = value('-D');
      const eq = d.indexOf('=');
      a.macroOptions.push(eq < 0 ? { op: 'define', name: d } : { op: 'define', name: d.slice(0, eq), value: d.slice(eq + 1) });
    } else if (arg.startsWith('-U')) a.macroOptions.push({ op: 'undef', name: value('-U') });
    else if (arg === '--include' || arg === '-include') a.forcedIncludes.push(value(arg));
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else if (a.file === undefined) a.file = arg;
    else throw new UsageError(`unexpected argument '${arg}' (one source file at a time)`);
  }
  return a;
}
