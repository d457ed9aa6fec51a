// Differential constant evaluation: ~230 integer constant expressions, each evaluated by clang -target bpf
// and by our front end (src/engine/types/consteval.ts via global initialisers), comparing the value and the
// size and signedness of the expression's type. Both compile the same text against our built-in headers, so
// a difference is the type engine's.

import { strict as assert } from 'node:assert';
import { clangMissing, HeaderDirs, prepareHeaderDirs, skipUnless } from '../headers/header-dirs';
import { CONST_CASES, CONST_PRELUDE, TYPE_ONLY_CASES } from './consteval-cases';
import { clangConstants, ConstCase, ConstResult, ourConstants, probeSource } from './const-oracle';

const CASES: ConstCase[] = [
  ...CONST_CASES.map((expr) => ({ expr, value: true })),
  ...TYPE_ONLY_CASES.map((expr) => ({ expr, value: false })),
];

function describeResult(r: ConstResult, withValue: boolean): string {
  const type = `${r.size ?? '?'}-byte ${r.unsigned === undefined ? '?' : r.unsigned ? 'unsigned' : 'signed'}`;
  return withValue ? `${r.value ?? '(none)'} : ${type}` : type;
}

describe('type engine constants vs clang', function () {
  let dirs: HeaderDirs | undefined;
  let theirs: ConstResult[] = [];
  let ours: Awaited<ReturnType<typeof ourConstants>> | undefined;

  before(async function () {
    skipUnless(this, [clangMissing()]);
    dirs = prepareHeaderDirs();
    const probe = probeSource(CONST_PRELUDE, CASES);
    const includeArgs = ['-nostdinc', ...dirs.ours.includeDirs.flatMap((d) => ['-I', d])];
    theirs = clangConstants(probe, CASES.length, includeArgs);
    ours = await ourConstants(probe, CASES.length);
  });

  after(() => dirs?.cleanup());

  it('clang produced every probe (the oracle itself works)', () => {
    const missing = CASES.filter((c, i) => theirs[i].size === undefined || (c.value && theirs[i].value === undefined));
    assert.deepEqual(missing.map((c) => c.expr), []);
    // Spot checks written down from the C standard, so a broken probe cannot pass silently.
    const at = (e: string): ConstResult => theirs[CASES.findIndex((c) => c.expr === e)];
    assert.deepEqual(at('-1 < 1u'), { value: 0n, size: 4, unsigned: false });
    assert.deepEqual(at('0x80000000'), { value: 2147483648n, size: 4, unsigned: true });
  });

  CASES.forEach((c, i) => {
    it(c.value ? c.expr : `type of ${c.expr}`, () => {
      const mine = ours!.results[i];
      const clang = theirs[i];
      const errs = ours!.errors[i];
      const note = errs.length ? `; our errors: ${errs.join(' | ')}` : '';
      const pick = (r: ConstResult): ConstResult => (c.value ? r : { size: r.size, unsigned: r.unsigned });
      assert.deepEqual(
        pick(mine),
        pick(clang),
        `${c.expr}: ours ${describeResult(mine, c.value)}, clang ${describeResult(clang, c.value)}${note}`,
      );
      assert.deepEqual(errs, []);
    });
  });
});
