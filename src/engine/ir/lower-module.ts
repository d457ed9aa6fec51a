// A translation unit → IrModule: globals (with their sections and initial bytes), helper declarations, maps,
// the license, every function's CFG, and the programs (functions placed in a program section).

import type { Diagnostic, Range } from '../diagnostics';
import type * as A from '../parse/ast';
import type { LoopHint } from '../preprocess/types';
import { sectionOf } from '../types/attributes';
import { CType, EnumType, RecordType, sizeOf, strip } from '../types/ctype';
import { builtinPrefixLength, firstChanged, lookupEdit, lookupPrefix, PrefixState, rememberItems, storeEdit, storePrefix } from './prefix-cache';
import { Typer } from '../types/typer';
import { ModuleContext } from './context';
import { constScalar, globalBytes, isZero } from './global-init';
import type { IrFunction, IrModule, MapInfo, ProgramInfo } from './ir';
import { completeArray, isConstObject } from './lower-decl';
import { functionDeclarator, lowerFunction } from './lower-function';
import { staticAssert } from './lower-stmt';
import { btfMapInfo, legacyMapInfo } from './maps';
import { programTypeOf } from './programs';

/**
 * `cache` (the main file's path and the preprocessed text) enables reuse of the built-in-header prefix across runs on the same file; the
 * result is the same with or without it.
 */
export function lowerModule(
  tu: A.TranslationUnit,
  toRange: (s: A.Span) => Range,
  loopHints: LoopHint[],
  cache?: { key: string; text: string; source?: string; files?: ReadonlyArray<{ path: string; text: string }> },
): { module: IrModule; diagnostics: Diagnostic[] } {
  const typer = new Typer(toRange);
  const m: ModuleContext = {
    typer,
    toRange,
    diagnostics: [],
    globals: [],
    globalNames: new Set(),
    functions: [],
    helpers: new Map(),
    homes: new Map(),
    loopHints: [...loopHints].sort((a, b) => a.at - b.at),
    stringCount: 0,
    reported: new Set(),
  };
  const maps: MapInfo[] = [];
  const programs: ProgramInfo[] = [];
  let license: string | undefined;

  const deferred = new Map<string, Deferred>();
  const guarded = (span: A.Span, f: () => void): void => {
    try {
      f();
    } catch (err) {
      // A bug in lowering one item must not lose the rest of the file.
      m.diagnostics.push({
        code: 'INTERNAL', severity: 'error', stage: 'ir', range: toRange(span),
        message: `internal error while lowering this declaration: ${(err as Error).message}`,
      });
    }
  };
  const items = tu.items;
  const k = cache === undefined ? 0 : builtinPrefixLength(items, it => toRange(it.span).file.startsWith('<builtin>'));
  // Where to save a state for the next run: before the first item this run changed (inside the main file).
  const main = cache?.source !== undefined ? { path: cache.key, text: cache.source } : undefined;
  const changed = cache === undefined || !main ? undefined : firstChanged(cache.key, items, k);
  const sourceEnd = (count: number): number | undefined => {
    const r = toRange(items[count - 1].span);
    return r.file === cache?.key ? r.end : undefined;
  };
  const edit = cache === undefined || !main || !cache.files ? undefined : lookupEdit<Deferred>(cache.key, items, cache.text, main, cache.files, sourceEnd);
  const saved = edit ?? (cache === undefined ? undefined : lookupPrefix<Deferred>(cache.key, items, k, cache.text));
  let start = 0;
  if (saved) {
    typer.loadState(saved.typer);
    m.globals.push(...saved.globals);
    for (const n of saved.globalNames) m.globalNames.add(n);
    m.functions.push(...saved.functions);
    for (const [n, id] of saved.helpers) m.helpers.set(n, id);
    for (const [id, h] of saved.homes) m.homes.set(id, h);
    m.stringCount = saved.stringCount;
    for (const r of saved.reported) m.reported.add(r);
    m.diagnostics.push(...saved.diagnostics);
    maps.push(...saved.maps);
    programs.push(...saved.programs);
    license = saved.license;
    for (const [n, d] of saved.deferred) deferred.set(n, d);
    m.loopHints = m.loopHints.filter(h => h.at >= saved.end);
    start = saved.count;
  }
  for (let i = start; i < items.length; i++) {
    if (cache !== undefined && !saved && i === k && k > 0) {
      storePrefix(cache.key, snapshot(m, cache.text, items, k, maps, programs, license, deferred));
    }
    if (cache !== undefined && main && cache.files && i === changed && i > k && i !== edit?.count) {
      const end = sourceEnd(i);
      if (end !== undefined) {
        const s = snapshot(m, cache.text, items, i, maps, programs, license, deferred);
        s.source = { main: main.text.slice(0, end), others: cache.files.filter(f => f.path !== main.path).map(f => ({ path: f.path, text: f.text })) };
        storeEdit(cache.key, s);
      }
    }
    const item = items[i];
    guarded(item.span, () => {
      if (item.kind === 'static-assert') staticAssert({ m }, item);
      else if (item.kind === 'function') lowerDefinition(m, item, programs, deferred);
      else license = globalDeclaration(m, item, maps) ?? license;
    });
  }
  // Static functions of the built-in headers are lowered only when something calls them, as clang emits only
  // the static functions it uses (headers are full of static inline helpers nobody calls).
  const done = new Set(m.functions.map(f => f.name));
  for (let i = 0; i < m.functions.length; i++) {
    for (const callee of calledFunctions(m.functions[i])) {
      const d = deferred.get(callee);
      if (!d || done.has(callee)) continue;
      done.add(callee);
      guarded(d.def.span, () => m.functions.push(lowerFunction(m, d.def, d.name, d.type)));
    }
  }
  if (cache !== undefined) rememberItems(cache.key, items);
  const module: IrModule = { functions: m.functions, programs, maps, globals: m.globals, helpers: m.helpers };
  if (license !== undefined) module.license = license;
  return { module, diagnostics: [...typer.diagnostics, ...m.diagnostics] };
}

function snapshot(
  m: ModuleContext,
  text: string,
  items: readonly A.TopLevel[],
  k: number,
  maps: MapInfo[],
  programs: ProgramInfo[],
  license: string | undefined,
  deferred: Map<string, Deferred>,
): PrefixState<Deferred> {
  const incomplete: Array<RecordType | EnumType> = [];
  for (const tag of m.typer.global.tags.values()) {
    const t = tag.type;
    if (t.k === 'record' && !t.rec.fields) incomplete.push(t.rec);
    else if (t.k === 'enum' && !t.en.complete) incomplete.push(t.en);
  }
  const s: PrefixState<Deferred> = {
    text: text.slice(0, items[k - 1].span.end),
    count: k,
    end: items[k - 1].span.end,
    typer: m.typer.saveState(),
    globals: [...m.globals],
    globalNames: new Set(m.globalNames),
    functions: [...m.functions],
    helpers: new Map(m.helpers),
    homes: new Map(m.homes),
    stringCount: m.stringCount,
    reported: new Set(m.reported),
    diagnostics: [...m.diagnostics],
    maps: [...maps],
    programs: [...programs],
    deferred: new Map(deferred),
    incomplete,
  };
  if (license !== undefined) s.license = license;
  return s;
}

interface Deferred {
  def: A.FunctionDef;
  name: string;
  type: CType;
}

function calledFunctions(f: IrFunction): string[] {
  const out: string[] = [];
  for (const b of f.blocks) {
    for (const i of b.insts) {
      if (i.op === 'callfn') out.push(i.fn);
      else if (i.op === 'addr' && i.base.k === 'func') out.push(i.base.name);
    }
  }
  return out;
}

function lowerDefinition(m: ModuleContext, def: A.FunctionDef, programs: ProgramInfo[], deferred: Map<string, Deferred>): void {
  const ty = m.typer;
  const d = ty.declare(def.declarator, ty.specsType(def.specs));
  if (!d.name || strip(d.type).k !== 'func' || !functionDeclarator(def.declarator)) {
    ty.error(def.span, 'TYPE_BAD_FUNCTION', 'function definition without a function declarator');
    return;
  }
  const prev = ty.global.names.get(d.name);
  if (prev?.kind === 'func' && prev.defined) ty.error(d.span, 'TYPE_REDEFINITION', `redefinition of function '${d.name}'`);
  ty.global.names.set(d.name, { kind: 'func', name: d.name, type: d.type, span: d.span, id: ty.id(), defined: true });
  const section = sectionOf([...def.attributes, ...def.specs.attributes]);
  // Our built-in headers are known good; the user's own unused functions are still checked.
  if (section === undefined && def.specs.storage.includes('static') && m.toRange(def.span).file.startsWith('<builtin>')) {
    deferred.set(d.name, { def, name: d.name, type: d.type });
    return;
  }
  m.functions.push(lowerFunction(m, def, d.name, d.type));
  if (section === undefined) return;
  let kind = programTypeOf(section);
  // Legacy free-form section names ("xdp_stats1", "encap_ipip"): the context parameter tells the type.
  if (kind === 'other') kind = contextProgramType(d.type) ?? kind;
  if (kind === 'xdp' || kind === 'tc') {
    programs.push({ name: d.name, section, type: kind, range: m.toRange(d.span) });
  } else if (kind === 'other' || kind === 'known-other') {
    m.diagnostics.push({
      code: 'IR_PROGRAM_TYPE', severity: 'warning', stage: 'ir', range: m.toRange(d.span),
      message: `program '${d.name}' in section "${section}" is not an XDP or TC program; XDP Lab skips it`,
    });
  }
}

/** Returns the license string when this declaration is the license. */
function globalDeclaration(m: ModuleContext, d: A.Declaration, maps: MapInfo[]): string | undefined {
  const ty = m.typer;
  const base = ty.specsType(d.specs);
  const storage = d.specs.storage;
  let license: string | undefined;
  for (const id of d.declarators) {
    const decl = ty.declare(id.declarator, base);
    if (!decl.name) continue;
    const name = decl.name;
    if (storage.includes('typedef')) {
      ty.declareTypedef(ty.global, name, decl.type, decl.span, [...id.attributes, ...d.specs.attributes]);
      continue;
    }
    const type = completeArray(decl.type, id.init);
    if (strip(type).k === 'func') {
      const prev = ty.global.names.get(name);
      if (!(prev?.kind === 'func' && prev.defined)) {
        ty.global.names.set(name, { kind: 'func', name, type, span: decl.span, id: ty.id(), defined: false });
      }
      continue;
    }
    const symId = ty.id();
    const folded = ty.foldableConst(type, id.init);
    ty.global.names.set(name, { kind: 'var', name, type, global: true, span: decl.span, id: symId, ...(folded !== undefined ? { constValue: folded } : {}) });
    if (helperDeclaration(m, name, type, id)) continue;
    if (storage.includes('extern')) continue; // __kconfig / __ksym / defined elsewhere: no storage here
    const attrs = [...id.attributes, ...d.specs.attributes];
    const explicit = sectionOf(attrs);
    const range = m.toRange(id.span);
    const init = globalBytes(ty, type, id.init);
    if (explicit === '.maps') {
      const r = btfMapInfo(name, type, range);
      if (r.map) maps.push(r.map);
      else if (r.error) ty.error(id.span, 'TYPE_MAP_DEFINITION', r.error);
    } else if (explicit === 'maps') {
      const r = legacyMapInfo(name, type, init, range);
      if (r.map) maps.push(r.map);
      else if (r.error) ty.error(id.span, 'TYPE_MAP_DEFINITION', r.error);
    } else if (explicit === 'license') {
      license = String.fromCharCode(...init.subarray(0, Math.max(0, init.indexOf(0) < 0 ? init.length : init.indexOf(0))));
    }
    const readonly = isConstObject(type);
    const section = explicit ?? (readonly ? '.rodata' : isZero(init) ? '.bss' : '.data');
    if (sizeOf(type) === undefined) ty.error(id.span, 'TYPE_INCOMPLETE_VAR', `global '${name}' has an incomplete type`);
    const existing = m.globals.findIndex(g => g.name === name);
    const info = { name, type, section, size: sizeOf(type) ?? 0, init, readonly, range };
    if (existing >= 0) {
      if (id.init) m.globals[existing] = info; // a tentative definition completed by a later one
    } else m.globals.push(info);
    m.globalNames.add(name);
    m.homes.set(symId, { k: 'global', name });
  }
  return license;
}

/** `static long (* const bpf_x)(…) = (void *) ID;` declares helper ID under that name. */
function helperDeclaration(m: ModuleContext, name: string, type: CType, id: A.InitDeclarator): boolean {
  const s = strip(type);
  if (s.k !== 'ptr' || strip(s.to).k !== 'func' || !id.init || id.init.kind === 'init-list') return false;
  const v = constScalar(m.typer, id.init);
  if (v === undefined) return false;
  m.helpers.set(name, Number(v));
  return true;
}


function contextProgramType(fnType: CType): 'xdp' | 'tc' | undefined {
  const f = strip(fnType);
  if (f.k !== 'func' || f.params.length !== 1) return undefined;
  const p = strip(f.params[0]);
  if (p.k !== 'ptr') return undefined;
  const rec = strip(p.to);
  if (rec.k !== 'record') return undefined;
  if (rec.rec.name === 'xdp_md') return 'xdp';
  if (rec.rec.name === '__sk_buff') return 'tc';
  return undefined;
}
