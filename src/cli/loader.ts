// dist/cli.js: starts the CLI bundle (dist/cli-main.js) from V8's compiled code kept from the last run. Compiling
// the 1.3 MB bundle (and the functions a run needs) is a fifth of a short run's start-up; V8's code cache
// skips it. The cache is tied to the bundle's size and time and to the Node version, written after a run that had
// none (or whose cache V8 refused), and ignored whenever anything about it is off: then the bundle just loads as
// any module would. XDP_LAB_NO_CACHE turns it off like the CLI's other caches.

import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';
import { cacheDir, writeAtomically } from '../host/cache-dir';

const MAIN = path.join(__dirname, 'cli-main.js');

function start(): void {
  const dir = cacheDir();
  let source: string;
  let stat: fs.Stats;
  try {
    source = fs.readFileSync(MAIN, 'utf8');
    stat = fs.statSync(MAIN);
  } catch {
    require(MAIN);
    return;
  }
  // Code run from a code cache cannot use import(): the build replaces the bundle's few (scripts/build.mjs).
  if (!dir || /\bimport\(/.test(source)) {
    require(MAIN);
    return;
  }
  const file = path.join(dir, `code-${process.version}-${stat.size}-${Math.round(stat.mtimeMs)}.bin`);
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(file);
  } catch {
    cached = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: MAIN, cachedData: cached });
  if (!cached || script.cachedDataRejected) process.once('exit', () => save(dir, file, script));
  const m = new Module(MAIN, module);
  m.filename = MAIN;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(m.exports, m.exports, Module.createRequire(MAIN), m, MAIN, __dirname);
}

/** After the run, so the functions it compiled are in the cache too. Never throws. */
function save(dir: string, file: string, script: vm.Script): void {
  if (!writeAtomically(file, script.createCachedData())) return;
  // Caches of earlier builds are of no use any more.
  try {
    for (const f of fs.readdirSync(dir)) {
      if (f.startsWith('code-') && f.endsWith('.bin') && path.join(dir, f) !== file) fs.rmSync(path.join(dir, f), { force: true });
    }
  } catch {
    // They stay; the next successful write tries again.
  }
}

start();
