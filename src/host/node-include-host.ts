// The IncludeHost for Node (CLI, tests): real files through fs, with a cache so one run reads each file once.

import * as fs from 'fs';
import * as path from 'path';
import type { IncludeHost } from '../engine/preprocess/types';

export function nodeIncludeHost(): IncludeHost {
  const cache = new Map<string, string | undefined>();
  return {
    readFile(p: string): string | undefined {
      if (cache.has(p)) return cache.get(p);
      let text: string | undefined;
      try {
        text = fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      cache.set(p, text);
      return text;
    },
    dirname: p => path.dirname(p),
    join: (d, n) => path.join(d, n),
  };
}
