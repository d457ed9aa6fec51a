// Running frames through a model and looking at the journeys.

import { PathModel, type IngestPacket } from '../../src/engine/path/model';
import type { HookRunner } from '../../src/engine/path/runner';
import type { Scenario } from '../../src/engine/path/scenario-types';
import type { Journey, PathStep, StageName } from '../../src/engine/path/stages';

/** Feeds every packet, then finishes; returns all journeys (checked to come out in input order). */
export function runAll(model: PathModel, packets: IngestPacket[]): Journey[] {
  const out: Journey[] = [];
  for (const p of packets) out.push(...model.ingest(p));
  out.push(...model.finish());
  out.forEach((j, i) => {
    if (j.index !== i) throw new Error(`journey ${j.index} came out at position ${i}`);
  });
  return out;
}

/** One packet through a fresh model. */
export function runOne(scenario: Scenario, runner: HookRunner, bytes: Uint8Array, extra: Partial<IngestPacket> = {}): Journey {
  const m = new PathModel(scenario, runner);
  const [j] = runAll(m, [{ bytes, tsNs: 0, ...extra }]);
  return j;
}

export function stages(j: Journey): StageName[] {
  return j.path.map(s => s.stage);
}

/** The step type(s) that can carry stage S (the netfilter and TC steps share one type across stages). */
type StepFor<S extends StageName, P = PathStep> = P extends { stage: infer T } ? (S extends T ? P : never) : never;

export function stepOf<S extends StageName>(j: Journey, stage: S): StepFor<S> | undefined {
  return j.path.find(s => s.stage === stage) as StepFor<S> | undefined;
}

export function stepsOf<S extends StageName>(j: Journey, stage: S): Array<StepFor<S>> {
  return j.path.filter(s => s.stage === stage) as Array<StepFor<S>>;
}
