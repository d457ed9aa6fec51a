// A prepass resumed from the previous text's (resume.ts) must equal a fresh prepass of the new text, wherever the
// edit is: before, inside or after attributes, typeof/offsetof operands, case ranges, enum bases, comments.

import { strict as assert } from 'assert';
import { prepass, prepassFrom } from '../../src/engine/parse/prepass';
import { commonPrefix, resumePrepass } from '../../src/engine/parse/resume';

const SOURCE = `struct s { int a; } __attribute__((packed, aligned(4)));
typedef __typeof__(sizeof(int)) size_t;
static __always_inline int f(int x) __attribute__((section("t"))) { return x; }
enum e : unsigned char { A, B };
int g(struct s *p) {
  switch (p->a) { case 1 ... 3: return offsetof(struct s, a); default: break; }
  [[gnu::unused]] __const__ int y = 0;
  /* a comment ( with [ brackets */
  return (typeof(p->a))y;
}
char LICENSE[] __attribute__((section("license"))) = "GPL";
int h(void) { return 1; }
`;

/** Resumed from `old` to `text` and back. */
function samePrepass(text: string, old: string, what: string): void {
  for (const [from, to] of [[old, text], [text, old]]) {
    const r = resumePrepass(to, { text: from, pre: prepass(from), entries: [] });
    assert.deepEqual(r.pre, prepass(to), what);
  }
}

describe('resumed prepass', () => {
  it('equals a fresh prepass after an edit anywhere', () => {
    for (let at = 0; at <= SOURCE.length; at += 3) {
      const inserted = SOURCE.slice(0, at) + '(' + SOURCE.slice(at);
      samePrepass(inserted, SOURCE, `'(' inserted at ${at}`);
      const removed = SOURCE.slice(0, at) + SOURCE.slice(at + 1);
      samePrepass(removed, SOURCE, `character removed at ${at}`);
      const comment = SOURCE.slice(0, at) + '/*' + SOURCE.slice(at);
      samePrepass(comment, SOURCE, `'/*' inserted at ${at}`);
    }
  });

  it('sees a comment closed far after a bracket search that crossed its opening', () => {
    const open = 'int a;\nint b __attribute__((x /* ));\nint c;\n';
    samePrepass(`${open}int d; */ int e;\n`, `${open}int d; int e;\n`, 'comment closed later');
  });

  it('equals a fresh prepass from every chunk the shared beginning allows', () => {
    const edited = SOURCE.replace('return 1;', 'return 2 + 2;');
    const old = prepass(SOURCE);
    const shared = commonPrefix(SOURCE, edited);
    let tried = 0;
    for (let k = 0; k < old.marks.length && old.marks[k].reach <= shared; k++) {
      assert.deepEqual(prepassFrom(edited, old, k), prepass(edited), `resumed after chunk ${k}`);
      tried++;
    }
    assert.ok(tried >= 5, 'most chunks come before the edit');
  });

  it('finds the common beginning of two texts', () => {
    const long = 'x'.repeat(10000);
    assert.equal(commonPrefix(long, `${long}y`), 10000);
    assert.equal(commonPrefix(`${long}a`, `${long}b`), 10000);
    assert.equal(commonPrefix(`a${long}`, `b${long}`), 0);
    assert.equal(commonPrefix('', 'abc'), 0);
  });
});
