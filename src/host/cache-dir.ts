// Where the CLI keeps what it saves between runs (parsed header items, front-end results, compiled code).

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The folder, or undefined when caching is turned off (XDP_LAB_NO_CACHE, or no home to put it in). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.XDP_LAB_NO_CACHE) return undefined;
  if (env.XDP_LAB_CACHE_DIR) return env.XDP_LAB_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : undefined);
  return base ? path.join(base, 'xdp-lab') : undefined;
}

/**
 * Writes a cache file whole or not at all: to a temporary name, then renamed (two runs at once each leave a whole
 * file). False when it could not; a cache that is not written only means work again next time.
 */
export function writeAtomically(file: string, bytes: Uint8Array): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing more to do.
    }
    return false;
  }
}
