// Results of pure scalar operations remembered by their operands. Paths share the value objects of the state
// they were copied from, so the same instruction on many paths sees the very same operands again; bigint
// arithmetic on bounds and known bits costs far more than two lookups. An operand that is a plain constant (no id,
// not configuration) is keyed by its number, since immediates are made afresh at every use. Being keyed by the
// operand objects themselves, a hit returns exactly what computing again would.

import type { Scalar } from './scalar';

type Key = Scalar | bigint;

/** Entries per first operand before its table starts over (a value combined with many others, such as UNKNOWN). */
const MAX_PER_OPERAND = 64;

export class ScalarMemo {
  private readonly byFirst = new WeakMap<Scalar, Map<Key, Scalar>>();

  get(a: Scalar, b: Scalar): Scalar | undefined {
    return this.byFirst.get(a)?.get(keyOf(b));
  }

  set(a: Scalar, b: Scalar, r: Scalar): void {
    let m = this.byFirst.get(a);
    if (!m) this.byFirst.set(a, (m = new Map()));
    else if (m.size >= MAX_PER_OPERAND) m.clear();
    m.set(keyOf(b), r);
  }
}

function keyOf(b: Scalar): Key {
  return b.umin === b.umax && b.id === undefined && !b.cfg ? b.umin : b;
}
