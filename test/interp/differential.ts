// Runs one program on a list of packets through our interpreter and through the kernel, and lists every
// difference: return value, bytes out (XDP: metadata + data, as test_run returns them), the __sk_buff fields
// test_run copies back for TC, and the maps afterwards.

import { compileFile } from '../support/frontend';
import type { FrontendResult } from '../../src/engine/frontend';
import { dumpMaps, prepareProgram, runPacket, toHex } from '../../src/engine/interp';
import type { MapContents, PacketResult, PrepareOptions } from '../../src/engine/interp';
import { KernelRun, runInKernel } from './kernel-oracle';

export interface DiffReport {
  /** Packets both sides ran (test_run refused the others). */
  compared: number;
  refused: number;
  identical: number;
  problems: string[];
  /** Our result per packet; undefined where test_run refused the packet. */
  ours: Array<PacketResult | undefined>;
  kernel: KernelRun;
  ourMaps: MapContents;
}

export type MapInit = Array<[map: string, key: string, value: string]>;

function toContents(init: MapInit): MapContents {
  const c: MapContents = {};
  for (const [map, key, value] of init) (c[map] ??= []).push([key, value.startsWith('prog:') ? value.slice(5) : value]);
  return c;
}

/** A program built elsewhere: our front end's result and clang's object for the same source and flags. */
export interface Prebuilt {
  fr: FrontendResult;
  obj: string;
}

export async function differential(cFile: string, program: string, packets: Uint8Array[], init: MapInit = [], opts: PrepareOptions = {}, prebuilt?: Prebuilt): Promise<DiffReport> {
  const fr = prebuilt?.fr ?? (await compileFile(cFile));
  const prep = prepareProgram(fr.module, program, { files: fr.pp.files, maps: toContents(init), ...opts });
  if ('error' in prep) throw new Error(`${cFile}: ${prep.error}`);
  // Every program's type as our front end decided it, for sections libbpf cannot type by name.
  const types = prebuilt ? fr.module.programs.map(p => `${p.name}:${p.type}`).join(',') : undefined;
  const kernel = runInKernel(cFile, program, packets, init, prebuilt?.obj, types);
  if (kernel.loadError) throw new Error(`${cFile}: the kernel refused ${program}: ${kernel.loadError}`);
  // Packets test_run refuses never reach the program there, so they must not reach ours (maps would drift).
  const ours = packets.map((p, i) => (kernel.packets[i]?.err === 0 ? runPacket(prep.program, p, { tsNs: BigInt(i) * 1000n }) : undefined));
  const ourMaps = dumpMaps(prep.program);
  const report: DiffReport = { compared: 0, refused: 0, identical: 0, problems: [], ours, kernel, ourMaps };
  packets.forEach((_, i) => comparePacket(report, i, prep.program.type));
  compareMaps(report, fr.module.maps.map(m => ({ name: m.name, valueSize: m.valueSize, type: m.type })));
  return report;
}

function comparePacket(r: DiffReport, i: number, type: 'xdp' | 'tc'): void {
  const k = r.kernel.packets[i];
  const o = r.ours[i];
  if (!k || k.err !== 0 || !o) {
    r.refused++;
    return;
  }
  r.compared++;
  const diffs: string[] = [];
  if (o.error) diffs.push(`our run failed: ${o.error.message}`);
  if (o.retval !== k.retval) diffs.push(`retval ${o.retval} (${o.action}), kernel ${k.retval}`);
  const ourOut = type === 'xdp' ? concat(o.metaOut, o.dataOut) : o.dataOut;
  if (toHex(ourOut) !== toHex(k.out)) diffs.push(`data_out differs:\n  ours   ${toHex(ourOut)}\n  kernel ${toHex(k.out)}`);
  if (k.skb && o.skb) {
    const ks = k.skb;
    const os = o.skb;
    if (ks.mark !== os.mark || ks.priority !== os.priority || ks.tstamp !== os.tstamp || ks.cb.join() !== os.cb.join()) {
      diffs.push(`skb fields differ: ours mark=${os.mark} prio=${os.priority} cb=${os.cb} tstamp=${os.tstamp}; kernel mark=${ks.mark} prio=${ks.priority} cb=${ks.cb} tstamp=${ks.tstamp}`);
    }
  }
  if (r.kernel.tracing && o.printk.join('\n') !== k.printk.join('\n')) {
    diffs.push(`printk differs:\n  ours   ${JSON.stringify(o.printk)}\n  kernel ${JSON.stringify(k.printk)}`);
  }
  if (diffs.length === 0) r.identical++;
  else r.problems.push(`packet ${i + 1}: ${diffs.join('; ')}`);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const PERCPU = new Set([5, 6, 10]);
const SKIP = new Set([3, 4, 12, 13, 14, 16, 17, 22, 23, 25, 27]);

function compareMaps(r: DiffReport, maps: Array<{ name: string; valueSize: number; type: number }>): void {
  for (const m of maps) {
    if (SKIP.has(m.type)) continue;
    const stride = (m.valueSize + 7) & ~7;
    const kernel = r.kernel.maps
      .filter(e => !e.internal && e.map === m.name)
      .map(e => `${e.key}=${PERCPU.has(m.type) ? e.value.slice(0, stride * 2) : e.value}`)
      .sort();
    const ours = (r.ourMaps[m.name] ?? []).map(([k, v]) => `${k}=${v}`).sort();
    if (kernel.join('\n') !== ours.join('\n')) {
      r.problems.push(`map ${m.name} differs:\n  ours   ${ours.join(' ')}\n  kernel ${kernel.join(' ')}`);
    }
  }
  for (const e of r.kernel.maps.filter(x => x.internal)) {
    const section = ['.bss', '.data', '.rodata'].find(s => e.map.endsWith(s));
    if (!section) continue;
    const ours = r.ourMaps[section]?.[0]?.[1];
    // Read-only data cannot change while a program runs; clang leaves out constants it folded into the code, so
    // only a section of the same size can be compared byte for byte.
    if (section === '.rodata' && ours !== undefined && ours.length !== e.value.length) continue;
    if (ours !== undefined && ours !== e.value) r.problems.push(`${section} differs:\n  ours   ${ours}\n  kernel ${e.value}`);
  }
}
