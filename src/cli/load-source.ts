// Reads the C file named on the command line and runs the front end with the command line's -I/-D/-U/--include.

import * as fs from 'fs';
import * as path from 'path';
import { FrontendResult, runFrontend } from '../engine/frontend';
import type { CParser } from '../engine/parse/treesitter';
import { nodeIncludeHost } from '../host/node-include-host';
import type { CommonArgs } from './args';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The front end's result, or undefined after printing why the file could not be read. */
export function loadSource(args: CommonArgs & { file: string }, parser: CParser, io: CliIO): FrontendResult | undefined {
  let text: string;
  try {
    text = fs.readFileSync(args.file, 'utf8');
  } catch (e) {
    io.err(`xdp-lab: cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return undefined;
  }
  return runFrontend(parser, {
    file: args.file,
    text,
    host: nodeIncludeHost(),
    includeDirs: args.includeDirs.map(d => path.resolve(d)),
    macroOptions: args.macroOptions,
    forcedIncludes: args.forcedIncludes.map(f => path.resolve(f)),
  });
}
