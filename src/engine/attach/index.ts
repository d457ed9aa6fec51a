// The packet path over the interpreter: sessions for the CLI and the view, and the HookRunner they use.
export { createPathSession } from './session';
export type { AttachedProgram, IngestOptions, PathPacketResult, PathSession, PathSessionOptions } from './session';
export { InterpRunner, type ProgramRun } from './runner';
export { formatJourney } from '../path/format';
export type { Journey, PathStep, Fate, StageName } from '../path/stages';
export type { PathCounters } from '../path/counters';
export { parseScenarioText, validateScenario } from '../path/scenario';
export type { Scenario } from '../path/scenario-types';
