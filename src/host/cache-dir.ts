// Where the CLI keeps what it saves between runs (parsed header items, front-end results, compiled code).

import * as os from 'os';
import * as path from 'path';

/** The folder, or undefined when caching is turned off (XDP_LAB_NO_CACHE, or no home to put it in). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.XDP_LAB_NO_CACHE) return undefined;
  if (env.XDP_LAB_CACHE_DIR) return env.XDP_LAB_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : undefined);
  return base ? path.join(base, 'xdp-lab') : undefined;
}
