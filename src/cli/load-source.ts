// Reads the C file named on the command line and runs the front end with the command line's -I/-D/-U/--include.

import * as fs from 'fs';
import * as path from 'path';
import { FrontendResult, runFrontend } from '../engine/frontend';
import type { CParser } from '../engine/parse/treesitter';
import { addVerdict, frontKey, loadFront, RecordingHost, saveFront, type Stored } from '../host/frontend-cache-store';
import type { ProgramVerdict } from '../engine/verifier';
import { nodeIncludeHost } from '../host/node-include-host';
import type { CommonArgs } from './args';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** What `run` needs of the front end's result (all a cached result keeps). */
export interface RunFront {
  module: FrontendResult['module'];
  diagnostics: FrontendResult['diagnostics'];
  pp: { files: FrontendResult['pp']['files'] };
  /** The verifier's findings for a program, from the cache, or a fresh verification (then kept for next time). */
  verify?: (name: string, fresh: () => ProgramVerdict | undefined) => ProgramVerdict | undefined;
}

/** Where front-end results are kept between runs, and the build they belong to. */
export interface FrontCache {
  dir: string;
  build: string;
}

/** The front end's result, or undefined after printing why the file could not be read. */
export function loadSource(args: CommonArgs & { file: string }, parser: CParser, io: CliIO): FrontendResult | undefined {
  const text = readSource(args.file, io);
  return text === undefined ? undefined : runFrontend(parser, { ...frontOptions(args), file: args.file, text, host: nodeIncludeHost() });
}

/**
 * loadSource() through the on-disk cache of front-end results: the parser is loaded only when the cache has no
 * entry for this file, text, options and header contents (host/frontend-cache-store.ts).
 */
export async function loadSourceCached(args: CommonArgs & { file: string }, parser: () => Promise<CParser>, io: CliIO, cache: FrontCache | undefined): Promise<RunFront | undefined> {
  const text = readSource(args.file, io);
  if (text === undefined) return undefined;
  const options = frontOptions(args);
  if (!cache) return runFrontend(await parser(), { ...options, file: args.file, text, host: nodeIncludeHost() });
  const key = frontKey(cache.build, args.file, text, options);
  const verify = (stored: Stored) => (name: string, fresh: () => ProgramVerdict | undefined) => {
    const had = stored.entry.verdicts?.[name];
    if (had) return had;
    const v = fresh();
    if (v) addVerdict(cache.dir, stored, v);
    return v;
  };
  const hit = loadFront(cache.dir, key, nodeIncludeHost());
  if (hit) return { module: hit.entry.module, diagnostics: hit.entry.diagnostics, pp: { files: hit.entry.files }, verify: verify(hit) };
  const host = new RecordingHost(nodeIncludeHost());
  const fr = runFrontend(await parser(), { ...options, file: args.file, text, host });
  const stored = saveFront(cache.dir, key, host.answers, { module: fr.module, files: fr.pp.files, diagnostics: fr.diagnostics });
  return { module: fr.module, diagnostics: fr.diagnostics, pp: fr.pp, verify: verify(stored) };
}

function readSource(file: string, io: CliIO): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`xdp-lab: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return undefined;
  }
}

function frontOptions(args: CommonArgs) {
  return {
    includeDirs: args.includeDirs.map(d => path.resolve(d)),
    macroOptions: args.macroOptions,
    forcedIncludes: args.forcedIncludes.map(f => path.resolve(f)),
  };
}
