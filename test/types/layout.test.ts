// Record layouts computed by OUR type engine (src/engine/types) against clang -target bpf, read back from BTF:
// the kernel's UAPI structs (ours from the built-in headers, clang's from the system headers) and a corpus
// of tricky hand-written records (the same text for both).

import { strict as assert } from 'node:assert';
import { clangLayouts } from '../support/clang-layout';
import { HeaderDirs, layoutOracleMissing, prepareHeaderDirs, skipUnless, systemHeadersMissing } from '../headers/header-dirs';
import { LAYOUT_CORPUS } from './layout-corpus';
import { layoutDiff } from './layout-diff';
import { ourLayouts } from './our-layout';
import { NEWER_MEMBERS, UAPI_PRELUDE, UAPI_STRUCTS as UAPI_RECORDS, VMLINUX_STRUCTS as VMLINUX_RECORDS } from '../support/uapi-records';

describe('type engine layouts: kernel UAPI records vs clang on the system headers', function () {
  let dirs: HeaderDirs | undefined;

  before(function () {
    skipUnless(this, [layoutOracleMissing(), systemHeadersMissing()]);
    dirs = prepareHeaderDirs();
  });

  after(() => dirs?.cleanup());

  const compare = async (oursPrelude: string, records: string[]): Promise<void> => {
    const ours = await ourLayouts(oursPrelude, records);
    assert.deepEqual(ours.errors, [], 'our front end reported errors');
    const theirs = clangLayouts(UAPI_PRELUDE, { ...dirs!.system, structs: records });
    const diffs = records.flatMap((r) => {
      const mine = ours.layouts.get(r);
      return mine ? layoutDiff(r, mine, theirs.get(r)!, NEWER_MEMBERS[r]) : [`${r}: no probe global in our module`];
    });
    assert.deepEqual(diffs, []);
  };

  it('linux/*.h records', () => compare(UAPI_PRELUDE, UAPI_RECORDS));

  it('vmlinux.h records', () => compare('#include <vmlinux.h>', VMLINUX_RECORDS));
});

describe('type engine layouts: tricky records vs clang', function () {
  before(function () {
    skipUnless(this, [layoutOracleMissing()]);
  });

  for (const c of LAYOUT_CORPUS) {
    it(c.title, async () => {
      const theirs = clangLayouts(c.source, { includeDirs: [], nostdinc: true, structs: c.records });
      const ours = await ourLayouts(c.source, c.records);
      assert.deepEqual(ours.errors, [], 'our front end reported errors');
      const diffs = c.records.flatMap((r) => {
        const mine = ours.layouts.get(r);
        return mine ? layoutDiff(r, mine, theirs.get(r)!) : [`${r}: no probe global in our module`];
      });
      if (c.knownGap) {
        assert.notDeepEqual(diffs, [], `known gap now matches clang: remove knownGap (${c.knownGap})`);
        return;
      }
      assert.deepEqual(diffs, []);
    });
  }

  it('the comparison notices a wrong layout', async () => {
    // Same member names, different offsets: the diff must not be empty.
    const theirs = clangLayouts('struct q { char a; int b; };', { includeDirs: [], nostdinc: true, structs: ['q'] });
    const ours = await ourLayouts('struct q { char a; int b; } __attribute__((packed));', ['q']);
    assert.notDeepEqual(layoutDiff('q', ours.layouts.get('q')!, theirs.get('q')!), []);
  });
});
