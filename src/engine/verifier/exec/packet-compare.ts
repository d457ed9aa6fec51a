// The comparison that proves packet ranges, as the kernel's find_good_pkt_pointers does it: on the side where
// `p <= data_end` (or `p < data_end`) holds, every pointer sharing p's id may reach p's fixed offset (one byte
// more for a strict `<`). All forms are recognised: p > end, p >= end, p < end, p <= end and the same with the
// operands swapped; negations arrive here as swapped branches. Metadata pointers are proven against `data`.

import type { CmpCC } from '../../ir/ir';
import type { State } from '../domain/state';
import type { PacketPtr, Value } from '../domain/value';
import type { Sides } from './branch';
import type { Exec } from './env';

const MAX_PACKET_OFF = 0xffffn;

/** Which side proves what: 'true'/'false' side, and whether the bound is strict (right-open). */
type Proof = { side: 'true' | 'false'; open: boolean } | undefined;

/** p cc bound, p on the left. */
function leftProof(cc: CmpCC): Proof {
  switch (cc) {
    case 'gt': return { side: 'false', open: false };
    case 'lt': return { side: 'true', open: true };
    case 'ge': return { side: 'false', open: true };
    case 'le': return { side: 'true', open: false };
    default: return undefined;
  }
}

/** bound cc p, p on the right. */
function rightProof(cc: CmpCC): Proof {
  switch (cc) {
    case 'gt': return { side: 'true', open: true };
    case 'lt': return { side: 'false', open: false };
    case 'ge': return { side: 'true', open: false };
    case 'le': return { side: 'false', open: true };
    default: return undefined;
  }
}

/** Whether `bound` is what `p` is checked against: data_end for the packet, the unmoved data pointer for metadata. */
function isBound(p: PacketPtr, bound: Value): boolean {
  if (p.space === 'data') return bound.k === 'pkt_end';
  return bound.k === 'pkt' && bound.space === 'data' && bound.off === 0 && bound.var.umax === 0n;
}

export function packetCompare(x: Exec, cc: CmpCC, a: Value, b: Value): Sides | undefined {
  let p: PacketPtr;
  let proof: Proof;
  if (a.k === 'pkt' && isBound(a, b)) {
    p = a;
    proof = leftProof(cc);
  } else if (b.k === 'pkt' && isBound(b, a)) {
    p = b;
    proof = rightProof(cc);
  } else {
    return undefined;
  }
  const onTrue = x.st.copy();
  const onFalse = x.st;
  if (proof) prove(proof.side === 'true' ? onTrue : onFalse, p, proof.open, x);
  return [onTrue, onFalse];
}

function prove(st: State, p: PacketPtr, open: boolean, x: Exec): void {
  if (p.off < 0 || (p.off === 0 && open)) return;
  if (p.var.umax > MAX_PACKET_OFF || p.var.umax + BigInt(p.off) > MAX_PACKET_OFF) return;
  st.growRange(p.space, p.id, p.off + (open ? 1 : 0), x.loc);
}
