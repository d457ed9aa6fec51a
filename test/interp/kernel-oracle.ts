// The kernel as the interpreter's oracle: compiles a C file with clang for the BPF target, loads it with a
// small libbpf loader (kernel-loader.c, built once per run with the host clang; objects with legacy SEC("maps")
// maps, which libbpf >= 1.0 refuses, it loads by hand), runs one program with
// BPF_PROG_TEST_RUN on each packet in order (maps persist, as in our runs) and dumps every map afterwards.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bpfCompileArgs, kernelLoadUnavailable } from '../examples/bpf-toolchain';

export interface KernelPacket {
  /** 0, or the negative errno BPF_PROG_TEST_RUN failed with (packet refused). */
  err: number;
  retval: number;
  /** data_out: for XDP it starts at data_meta. */
  out: Uint8Array;
  /** TC: __sk_buff fields copied back (ctx_out). */
  skb?: { mark: number; priority: number; cb: number[]; tstamp: bigint };
  /** bpf_trace_printk messages, when tracefs is mounted (see tracingAvailable). */
  printk: string[];
}

export interface KernelMapEntry {
  map: string;
  internal: boolean;
  type: number;
  key: string;
  value: string;
}

export interface KernelRun {
  loadError?: string;
  /** Whether bpf_trace_printk output was captured (tracefs mounted). */
  tracing: boolean;
  packets: KernelPacket[];
  maps: KernelMapEntry[];
}

const WORK = path.join(os.tmpdir(), 'xdp-lab-kernel-oracle');
let loader: string | undefined;
let loaderProblem: string | undefined;

/** Whether bpf_trace_printk output can be read back (tracefs mounted at /sys/kernel/tracing). */
export function tracingAvailable(): boolean {
  return existsSync('/sys/kernel/tracing/trace');
}

/** Why the kernel oracle cannot run here, or undefined when it can. */
export function kernelOracleUnavailable(): string | undefined {
  const why = kernelLoadUnavailable();
  if (why) return why;
  if (!existsSync('/usr/include/bpf/libbpf.h')) return 'libbpf headers (libbpf-dev) not installed';
  buildLoader();
  return loaderProblem;
}

function buildLoader(): void {
  if (loader || loaderProblem) return;
  mkdirSync(WORK, { recursive: true });
  const src = path.join(__dirname, 'kernel-loader.c');
  // kernel-loader.c includes kernel-loader-raw.c: both decide whether the cached binary is current.
  const raw = path.join(__dirname, 'kernel-loader-raw.c');
  const out = path.join(WORK, `loader-${hash(Buffer.concat([readFileSync(src), readFileSync(raw)]))}`);
  if (!existsSync(out)) {
    const r = spawnSync('clang', ['-O2', '-Wall', '-o', out, src, '-lbpf', '-lelf', '-lz'], { encoding: 'utf8' });
    if (r.status !== 0) {
      loaderProblem = `cannot build the libbpf loader: ${r.stderr.slice(0, 400)}`;
      return;
    }
  }
  loader = out;
}

function hash(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex').slice(0, 16);
}

/** Compiles a C file (cached by content) and returns the object path, or throws with clang's message. */
export function compileBpf(cFile: string): string {
  mkdirSync(WORK, { recursive: true });
  const obj = path.join(WORK, `${path.basename(cFile, '.c')}-${hash(readFileSync(cFile))}.o`);
  if (existsSync(obj)) return obj;
  const r = spawnSync('clang', bpfCompileArgs(cFile, obj), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clang failed on ${cFile}:\n${r.stderr}`);
  return obj;
}

/**
 * Runs `program` of `cFile` in the kernel on each packet. mapInit lines are [map, keyHex, valueHex] or
 * [map, keyHex, 'prog:NAME'] (a program's fd, for PROG_ARRAY maps).
 */
export function runInKernel(cFile: string, program: string, packets: Uint8Array[], mapInit: Array<[string, string, string]> = [], prebuilt?: string, progTypes?: string): KernelRun {
  buildLoader();
  if (!loader) throw new Error(loaderProblem ?? 'no loader');
  // A prebuilt object: programs that need their own build flags (the real-program corpus).
  const obj = prebuilt ?? compileBpf(cFile);
  const tag = hash(`${obj}:${program}:${process.pid}:${Math.random()}`);
  const pktFile = path.join(WORK, `pkts-${tag}.bin`);
  const chunks: Buffer[] = [];
  for (const p of packets) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(p.length);
    chunks.push(len, Buffer.from(p));
  }
  writeFileSync(pktFile, Buffer.concat(chunks));
  const args = [obj, program, pktFile];
  const initFile = path.join(WORK, `init-${tag}.txt`);
  if (mapInit.length > 0) {
    writeFileSync(initFile, mapInit.map(l => `${l[0]} ${l[1] || '-'} ${l[2]}`).join('\n') + '\n');
    args.push(initFile);
  }
  const env = progTypes ? { ...process.env, XDPLAB_PROG_TYPES: progTypes } : process.env;
  const r = spawnSync(loader, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  rmSync(pktFile, { force: true });
  rmSync(initFile, { force: true });
  if (r.status !== 0) throw new Error(`kernel loader failed: ${r.stderr}`);
  return parse(r.stdout, r.stderr);
}

function parse(stdout: string, stderr: string): KernelRun {
  const run: KernelRun = { packets: [], maps: [], tracing: false };
  for (const line of stdout.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'tracing') run.tracing = f[1] === '1';
    if (f[0] === 'load-error') run.loadError = `errno ${f[1]}: ${stderr.slice(-2000)}`;
    if (f[0] === 'pkt') {
      const p: KernelPacket = { err: Number(f[2]), retval: Number(f[3]), out: hexBytes(f[4]), printk: [] };
      if (f.length > 5) p.skb = { mark: Number(f[5]), priority: Number(f[6]), cb: f.slice(7, 12).map(Number), tstamp: BigInt(f[12]) };
      run.packets.push(p);
    }
    if (f[0] === 'printk') run.packets[Number(f[1])]?.printk.push(Buffer.from(hexBytes(f[2])).toString('latin1'));
    if (f[0] === 'map') run.maps.push({ map: f[1], internal: f[2] === '1', type: Number(f[3]), key: f[4] === '-' ? '' : f[4], value: f[5] === '-' ? '' : f[5] });
  }
  return run;
}

function hexBytes(s: string | undefined): Uint8Array {
  if (!s || s === '-') return new Uint8Array(0);
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** The host's network devices as the interpreter's device table, so MTU and redirect answers can match. */
export function hostDevices(): Array<{ ifindex: number; name: string; mtu: number; mac: string }> {
  const dir = '/sys/class/net';
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map(name => ({
    ifindex: Number(readFileSync(path.join(dir, name, 'ifindex'), 'utf8')),
    name,
    mtu: Number(readFileSync(path.join(dir, name, 'mtu'), 'utf8')),
    mac: readFileSync(path.join(dir, name, 'address'), 'utf8').trim(),
  }));
}
