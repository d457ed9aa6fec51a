// The converter never throws and never trips its internal-error net, whatever tree-sitter makes of broken
// input; and the item cache never changes the answer. Inputs: the fixtures, truncated and mutated.

import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { parse } from '../../src/engine/parse';
import { loadCParser } from '../../src/engine/parse/treesitter';
import { identityMap, spanProblems } from './helpers';

const dir = path.join(__dirname, '..', 'fixtures', 'parse');

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = ['{', '}', '(', ')', ';', ',', '__attribute__((', 'typeof(', 'offsetof(', 'case 1 ... ', '"', "'", '/*', '[[', '@'];

function mutants(text: string, seed: number): string[] {
  const rand = rng(seed);
  const out: string[] = [];
  for (let i = 1; i <= 12; i++) out.push(text.slice(0, Math.floor((text.length * i) / 13)));
  for (let i = 0; i < 800; i++) {
    const at = Math.floor(rand() * text.length);
    if (rand() < 0.5) out.push(text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 8)));
    else out.push(text.slice(0, at) + NOISE[Math.floor(rand() * NOISE.length)] + text.slice(at));
  }
  return out;
}

describe('parse robustness', function () {
  this.timeout(120000);

  for (const file of readdirSync(dir).filter(f => f.endsWith('.c')).sort()) {
    it(`survives broken versions of ${file}`, async () => {
      const p = await loadCParser();
      try {
        const text = readFileSync(path.join(dir, file), 'utf8');
        mutants(text, file.length * 101 + 7).forEach((m, i) => {
          const fresh = parse(m, p, identityMap, { cache: false });
          const internal = fresh.diagnostics.filter(d => d.code === 'PARSE_INTERNAL');
          assert.deepEqual(internal, [], `mutant ${i} of ${file}`);
          assert.deepEqual(spanProblems(m, fresh.value).filter(x => x.startsWith('bad span')), [], `mutant ${i} of ${file}`);
          // Parsing the original first fills the cache with its items; the mutant must still come out the same.
          parse(text, p, identityMap);
          assert.deepEqual(parse(m, p, identityMap), fresh, `mutant ${i} of ${file} (cached)`);
        });
      } finally {
        p.dispose();
      }
    });
  }
});
