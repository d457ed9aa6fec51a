// Closures for calls: helper calls (arguments into the machine's argument registers, the helper model, the
// result back) and calls of local functions.

import type { Step } from './compile-arith';
import type { CFunc } from './compile';
import { callFunction } from './exec';
import type { HelperSpec } from './helpers/spec';
import { KEEPS_LENT_PACKET } from './helpers/table';
import type { Machine } from './machine';
import { hiOf, hiOfNumber, loOf, loOfNumber } from './value';

export function helperStep(m: Machine, L: Int32Array, H: Int32Array, spec: HelperSpec, args: number[], d: number, site: string): Step {
  const impl = spec.impl;
  const argLo = m.argLo;
  const argHi = m.argHi;
  const n = args.length;
  const a = args.concat([]);
  const changes = spec.changesPacket === true;
  const reason = `${spec.name} (${site}) may have moved the packet`;
  const owns = !KEEPS_LENT_PACKET.has(spec.id);
  const pkt = m.pkt;
  return () => {
    if (owns && pkt.lent) pkt.own();
    for (let j = 0; j < 5; j++) {
      if (j < n) {
        argLo[j] = L[a[j]];
        argHi[j] = H[a[j]];
      } else {
        argLo[j] = 0;
        argHi[j] = 0;
      }
    }
    m.callSite = site;
    let r: number | bigint;
    try {
      r = impl(m);
    } finally {
      if (changes) m.pkt.moved(reason);
    }
    if (d < 0) return;
    if (typeof r === 'number') {
      if ((r | 0) === r) {
        L[d] = r;
        H[d] = r >> 31;
      } else {
        L[d] = loOfNumber(r);
        H[d] = hiOfNumber(r);
      }
    } else {
      L[d] = loOf(r);
      H[d] = hiOf(r);
    }
  };
}

export function callfnStep(m: Machine, L: Int32Array, H: Int32Array, target: CFunc, args: number[], d: number): Step {
  const argLo = m.argLo;
  const argHi = m.argHi;
  const n = Math.min(args.length, 5);
  const a = args.slice(0, n);
  return () => {
    for (let j = 0; j < n; j++) {
      argLo[j] = L[a[j]];
      argHi[j] = H[a[j]];
    }
    callFunction(m, target);
    if (d >= 0) {
      L[d] = m.retLo;
      H[d] = m.retHi;
    }
  };
}
