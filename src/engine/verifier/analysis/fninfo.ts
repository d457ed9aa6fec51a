// Everything about one function the explorer needs again and again, computed once per verification.

import type { IrFunction } from '../../ir/ir';
import type { FrameView } from '../domain/state-compare';
import { predecessorCounts } from './cfg';
import { branchTests, type BranchTest } from './conditions';
import { findLoops, type Loop } from './loops';
import { computeLiveness, computeRelevance, type RegSets } from './relevance';
import { computeSlotLiveness, type ParamEscapes, type SlotLiveness } from './slots';

export interface FnInfo {
  fn: IrFunction;
  /** Blocks where paths meet or loops start: the explorer compares states there. */
  prunePoint: boolean[];
  loops: Loop[];
  /** The loop a header block starts, by block id. */
  loopAt: Map<number, Loop>;
  relevance: RegSets;
  liveness: RegSets;
  slots: SlotLiveness;
  tests: Array<BranchTest | undefined>;
  /** What pruning compares, filled in by the explorer and kept with the analyses it derives from: per block entry, */
  blockViews: Array<FrameView | undefined>;
  /** per call site (block * 65536 + index after the call) for a caller waiting there, */
  callViews: Map<number, FrameView>;
  /** and for the caller itself once the call returned there (the result written). */
  resumeViews: Map<number, FrameView>;
}

export function analyseFunction(fn: IrFunction, isProgram: boolean, escapes: ParamEscapes): FnInfo {
  const preds = predecessorCounts(fn);
  const loops = findLoops(fn);
  const loopAt = new Map(loops.map(l => [l.header, l]));
  const prunePoint = fn.blocks.map(b => preds[b.id] >= 2 || loopAt.has(b.id));
  return {
    fn, prunePoint, loops, loopAt, relevance: computeRelevance(fn, !isProgram), liveness: computeLiveness(fn), tests: branchTests(fn),
    slots: computeSlotLiveness(fn, escapes), blockViews: [], callViews: new Map(), resumeViews: new Map(),
  };
}
