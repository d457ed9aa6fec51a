// A packet path session: the scenario's machine (or the default one), its programs prepared over shared maps,
// and the path model driven by captured frames. Frames go in one at a time; journeys come out in input order as
// soon as they are complete, each with what its program runs printed. Nothing is kept for a packet once its
// journey is handed out.

import type { Diagnostic, Range } from '../diagnostics';
import type { IrModule } from '../ir/ir';
import { dumpMaps, initMaps } from '../interp';
import type { SourceFile } from '../interp/source-names';
import type { MapContents, PrepareOptions } from '../interp/types';
import { zeroStack, type PathCounters } from '../path/counters';
import { PathModel } from '../path/model';
import { validateScenario } from '../path/scenario';
import { defaultScenario, type Hook, type Scenario } from '../path/scenario-types';
import type { Journey } from '../path/stages';
import { Topology } from '../path/topology';
import { interpDevices, interpRoutes } from './devices';
import { scenarioMapContents } from './map-init';
import { findProgram, hookType, prepareAttached, type AttachRequest, type ProgramSet } from './programs';
import { InterpRunner, type ProgramRun } from './runner';

export interface PathSessionOptions {
  module: IrModule;
  /** Source texts (FrontendResult.pp.files), so run-time errors name file:line:column. */
  files?: readonly SourceFile[];
  /** The machine (`--scenario lab.json`, parsed); checked again here. Without it: the default machine. */
  scenario?: unknown;
  /** The scenario's file name, for diagnostics that belong to it. */
  scenarioFile?: string;
  /** Without a scenario: where the program runs. Default: xdp if the object has an XDP program, else tc-ingress. */
  hook?: Hook;
  /** Without a scenario: the program (function or section name). Default: the first one that fits the hook. */
  programName?: string;
  /** Overrides the scenario's direction. Default without a scenario: egress for a tc-egress program, else ingress. */
  direction?: 'ingress' | 'egress';
  /** Without a scenario: native (driver) or generic XDP. Default native. */
  xdpMode?: 'native' | 'generic';
  /** Map contents (`--maps init.json`), applied after the scenario's (an entry set by both takes this one). */
  maps?: MapContents;
  /** The maps file's name, for diagnostics about its contents. */
  mapsFile?: string;
  budget?: number;
  seed?: number;
  printkLimit?: number;
  /** Keep what each program run printed and emitted for its packet's output. Default true. */
  keepRuns?: boolean;
}

/** One finished packet: its journey and the program runs on the way (printk, events, errors). */
export interface PathPacketResult {
  journey: Journey;
  runs: ProgramRun[];
}

/** A program as attached in the session. */
export interface AttachedProgram {
  iface: string;
  hook: Hook;
  /** The name the scenario used, and the function it resolved to. */
  program: string;
  function: string;
  section: string;
  mode: 'native' | 'generic' | 'cls_bpf' | 'tcx';
}

export interface IngestOptions {
  /** Interface the frame arrives on (or leaves from, egress); default the scenario's first. */
  ifname?: string;
  direction?: 'ingress' | 'egress';
}

export interface PathSession {
  /** Problems with the scenario, the programs or the map contents. With an error the session runs nothing. */
  readonly diagnostics: Diagnostic[];
  readonly ok: boolean;
  /** The machine in use (the default one when none was given); undefined when the scenario was rejected. */
  readonly scenario: Scenario | undefined;
  readonly attached: AttachedProgram[];
  /** Feeds one Ethernet frame (copied) with its capture time in ns; returns the journeys completed so far. */
  ingest(frame: Uint8Array, tsNs: bigint | number, where?: IngestOptions): PathPacketResult[];
  /** Runs everything still queued; returns the remaining journeys. */
  finish(): PathPacketResult[];
  counters(): PathCounters;
  /** Every map's and global section's contents (shared by all attached programs). */
  mapsDump(): MapContents;
}

function error(code: string, range: Range, message: string): Diagnostic {
  return { code, severity: 'error', stage: 'interp', range, message };
}

/** The machine without a scenario: the program at the requested hook on one interface. */
function defaultMachine(o: PathSessionOptions, at: Range): { scenario?: Scenario; diagnostics: Diagnostic[] } {
  const progs = o.module.programs;
  let hook = o.hook;
  let name = o.programName;
  if (name !== undefined) {
    const found = findProgram(o.module, name);
    if (found && !Array.isArray(found)) hook ??= found.type === 'xdp' ? 'xdp' : 'tc-ingress';
  } else {
    hook ??= progs.some(p => p.type === 'xdp') || progs.length === 0 ? 'xdp' : 'tc-ingress';
    const want = hookType(hook);
    name = progs.find(p => p.type === want)?.name;
    if (name === undefined) {
      const known = progs.map(p => `${p.name} (${p.section})`).join(', ') || 'none';
      return { diagnostics: [error('PATH_ATTACH', at, `no ${want === 'xdp' ? 'XDP' : 'TC'} program to attach at ${hook} (programs: ${known})`)] };
    }
  }
  hook ??= 'xdp';
  const direction = o.direction ?? (hook === 'tc-egress' ? 'egress' : 'ingress');
  return { scenario: defaultScenario({ hook, program: name, direction, xdpMode: o.xdpMode }), diagnostics: [] };
}

function chooseScenario(o: PathSessionOptions, at: Range): { scenario?: Scenario; diagnostics: Diagnostic[] } {
  if (o.scenario === undefined) return defaultMachine(o, at);
  const v = validateScenario(o.scenario);
  if (!v.value) return { diagnostics: v.errors.map(e => error('PATH_SCENARIO', at, `${e.path}: ${e.message}`)) };
  const scenario = o.direction !== undefined ? { ...v.value, direction: o.direction } : v.value;
  return { scenario, diagnostics: [] };
}

class Session implements PathSession {
  readonly diagnostics: Diagnostic[] = [];
  readonly attached: AttachedProgram[] = [];
  readonly scenario: Scenario | undefined;
  private readonly model: PathModel | undefined;
  private readonly runner: InterpRunner | undefined;
  private readonly programs: ProgramSet | undefined;
  private started = false;

  constructor(o: PathSessionOptions) {
    const at: Range = { file: o.scenarioFile ?? o.files?.[0]?.path ?? '', start: 0, end: 0 };
    const chosen = chooseScenario(o, at);
    this.diagnostics.push(...chosen.diagnostics);
    this.scenario = chosen.scenario;
    const s = chosen.scenario;
    if (!s) return;
    const topo = new Topology(s);
    const prep: PrepareOptions = {
      cpus: topo.cpus, devices: interpDevices(topo), routes: interpRoutes(topo, s),
      ...(o.files ? { files: o.files } : {}), ...(o.budget !== undefined ? { budget: o.budget } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.printkLimit !== undefined ? { printkLimit: o.printkLimit } : {}),
    };
    const requests: AttachRequest[] = (s.programs ?? []).map((attach, i) => ({
      attach, origin: o.scenario !== undefined ? `$.programs[${i}]` : `${attach.hook}`,
    }));
    const set = prepareAttached(o.module, requests, prep, at);
    this.diagnostics.push(...set.diagnostics);
    this.programs = set;
    this.describeAttached(o.module, s);
    this.initMaps(o, s, set, at);
    if (!this.ok) return;
    this.runner = new InterpRunner(set, o.keepRuns ?? true);
    this.model = new PathModel(s, this.runner);
  }

  get ok(): boolean {
    return !this.diagnostics.some(d => d.severity === 'error');
  }

  ingest(frame: Uint8Array, tsNs: bigint | number, where: IngestOptions = {}): PathPacketResult[] {
    if (!this.model || !this.runner) return [];
    if (!this.started) {
      this.runner.t0 = typeof tsNs === 'bigint' ? tsNs : BigInt(Math.round(tsNs));
      this.started = true;
    }
    const journeys = this.model.ingest({ bytes: frame.slice(), tsNs, ...where });
    return this.handOut(journeys);
  }

  finish(): PathPacketResult[] {
    return this.model ? this.handOut(this.model.finish()) : [];
  }

  counters(): PathCounters {
    return this.model ? this.model.counters() : { interfaces: [], cpus: [], stack: zeroStack() };
  }

  mapsDump(): MapContents {
    return this.programs?.owner ? dumpMaps(this.programs.owner) : {};
  }

  private handOut(journeys: Journey[]): PathPacketResult[] {
    const runner = this.runner as InterpRunner;
    return journeys.map(journey => ({ journey, runs: runner.take(journey.index) }));
  }

  private describeAttached(module: IrModule, s: Scenario): void {
    for (const p of s.programs ?? []) {
      const found = findProgram(module, p.program);
      if (!found || Array.isArray(found)) continue;
      const mode = p.hook === 'xdp' ? p.mode ?? 'native' : p.tcMode ?? 'cls_bpf';
      this.attached.push({ iface: p.iface, hook: p.hook, program: p.program, function: found.name, section: found.section, mode });
    }
  }

  /** The scenario's map contents, then the maps file's, into the shared maps. */
  private initMaps(o: PathSessionOptions, s: Scenario, set: ProgramSet, at: Range): void {
    const fromScenario = scenarioMapContents(o.module, s);
    for (const i of fromScenario.issues) this.diagnostics.push(error('PATH_MAP_INIT', at, `${i.path}: ${i.message}`));
    if (!set.owner) return;
    for (const msg of initMaps(set.owner, fromScenario.contents)) this.diagnostics.push(error('PATH_MAP_INIT', at, `$.maps: ${msg}`));
    if (!o.maps) return;
    const mapsAt: Range = { file: o.mapsFile ?? at.file, start: 0, end: 0 };
    for (const msg of initMaps(set.owner, o.maps)) this.diagnostics.push(error('PATH_MAP_INIT', mapsAt, msg));
  }
}

/** Builds a session; never throws (an internal failure becomes an INTERNAL diagnostic). */
export function createPathSession(o: PathSessionOptions): PathSession {
  try {
    return new Session(o);
  } catch (e) {
    const at: Range = { file: o.scenarioFile ?? o.files?.[0]?.path ?? '', start: 0, end: 0 };
    const d: Diagnostic = { code: 'INTERNAL', severity: 'error', stage: 'interp', range: at, message: `internal error setting up the packet path: ${(e as Error).message}` };
    return {
      diagnostics: [d], ok: false, scenario: undefined, attached: [],
      ingest: () => [], finish: () => [], counters: () => ({ interfaces: [], cpus: [], stack: zeroStack() }), mapsDump: () => ({}),
    };
  }
}
