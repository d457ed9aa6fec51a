// Capture reader throughput: `node scripts/bench-pcap.mjs BIG.pcap [runs] [modes]` (bundles this file; make BIG.pcap with
// /work/shared/perf/gen_big_pcap.py, outside the repo). Each mode runs in its own process (so its peak RSS is
// its own) `runs` times; the median packets/s is printed beside the plain-Node reference loop that only walks
// record headers. Numbers are printed, never asserted: these machines are shared and noisy.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { CaptureReader, EthernetFramer, PcapngWriter } from '../engine/pcap';

const CHUNK = 1 << 20;
// Reads land 64 bytes into the buffer: on this kernel/VM, reading into a page-aligned destination is 4-6x
// slower (measured: ~400 ms vs ~80 ms for 742 MiB from the page cache). Worth doing in the CLI too.
const SKEW = 64;

type Mode = 'reference' | 'buffer' | 'chunks' | 'chunks+data' | 'chunks+framer' | 'write-pcapng' | 'pcapng-chunks';
const MODES: { mode: Mode; about: string }[] = [
  { mode: 'reference', about: 'plain Node loop: readSync 1 MiB into one buffer, walk record headers, touch byte 0' },
  { mode: 'buffer', about: 'our reader, whole file in one buffer (zero-copy path)' },
  { mode: 'chunks', about: 'our reader, 1 MiB chunks read into one reused buffer' },
  { mode: 'chunks+data', about: 'the same, taking rec.data (a view per packet)' },
  { mode: 'chunks+framer', about: 'the same, plus EthernetFramer.convert per packet' },
  { mode: 'write-pcapng', about: 'read in chunks + PcapngWriter with verdict and packet id per packet, to a file' },
  { mode: 'pcapng-chunks', about: 'our reader on that pcapng, 1 MiB chunks' },
];

interface Counts {
  packets: number;
  checksum: number;
  /** Time spent in readSync / readFileSync (the page cache's speed, not ours). */
  ioSeconds: number;
}

interface Result extends Counts {
  seconds: number;
  rssMiB: number;
}

let ioNs = 0n;
function timedRead(fd: number, buf: Uint8Array, offset: number, length: number): number {
  const t = process.hrtime.bigint();
  const n = fs.readSync(fd, buf, offset, length, null);
  ioNs += process.hrtime.bigint() - t;
  return n;
}

/** Feeds the file in 1 MiB reads into one reused buffer; visit sees every record. */
function readChunks(file: string, visit: (r: CaptureReader) => number): Counts {
  const fd = fs.openSync(file, 'r');
  const buf = new Uint8Array(SKEW + CHUNK);
  const r = new CaptureReader();
  let checksum = 0;
  for (;;) {
    checksum += visit(r);
    if (r.state !== 'need-data') break;
    const n = timedRead(fd, buf, SKEW, CHUNK);
    if (n === 0) r.end();
    else r.push(buf.subarray(SKEW, SKEW + n));
  }
  fs.closeSync(fd);
  if (r.error) console.error(`  reader error: ${r.error.message}`);
  return { packets: r.packets, checksum, ioSeconds: Number(ioNs) / 1e9 };
}

function touchFirstBytes(r: CaptureReader): number {
  let sum = 0;
  for (let rec = r.next(); rec !== undefined; rec = r.next()) sum += rec.buffer[rec.dataOffset];
  return sum;
}

/** The yardstick: no parser, no checks, one copy of a partial record per read. */
function reference(file: string): Counts {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(SKEW + CHUNK + 300000);
  let have = SKEW + timedRead(fd, buf, SKEW, CHUNK);
  let pos = SKEW + 24;
  let packets = 0;
  let checksum = 0;
  for (;;) {
    if (have - pos < 16 || have - pos < 16 + buf.readUInt32LE(pos + 8)) {
      buf.copy(buf, SKEW, pos, have);
      have -= pos - SKEW;
      pos = SKEW;
      const n = timedRead(fd, buf, have, CHUNK);
      if (n === 0) break;
      have += n;
      continue;
    }
    const capLen = buf.readUInt32LE(pos + 8);
    checksum += buf[pos + 16];
    packets++;
    pos += 16 + capLen;
  }
  fs.closeSync(fd);
  return { packets, checksum, ioSeconds: Number(ioNs) / 1e9 };
}

function runMode(mode: Mode, file: string): Counts {
  switch (mode) {
    case 'reference':
      return reference(file);
    case 'buffer': {
      const t = process.hrtime.bigint();
      const bytes = fs.readFileSync(file);
      ioNs += process.hrtime.bigint() - t;
      const r = CaptureReader.fromBytes(bytes);
      return { checksum: touchFirstBytes(r), packets: r.packets, ioSeconds: Number(ioNs) / 1e9 };
    }
    case 'chunks':
      return readChunks(file, touchFirstBytes);
    case 'chunks+data':
      return readChunks(file, r => {
        let sum = 0;
        for (let rec = r.next(); rec !== undefined; rec = r.next()) sum += rec.data[0];
        return sum;
      });
    case 'chunks+framer': {
      const framer = new EthernetFramer();
      return readChunks(file, r => {
        let sum = 0;
        for (let rec = r.next(); rec !== undefined; rec = r.next()) if (framer.convert(rec)) sum += framer.frame[12];
        return sum;
      });
    }
    case 'write-pcapng': {
      const fd = fs.openSync(pcapngPath(file), 'w');
      const w = new PcapngWriter(c => { fs.writeSync(fd, c); }, { interfaces: [{ name: 'xdp:eth0' }] });
      const res = readChunks(file, r => {
        for (let rec = r.next(); rec !== undefined; rec = r.next()) {
          w.write({ tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: rec.data, origLen: rec.origLen, verdict: { hook: 'xdp', action: 2 }, packetId: rec.index });
        }
        return 0;
      });
      w.end();
      fs.closeSync(fd);
      return res;
    }
    case 'pcapng-chunks':
      return readChunks(pcapngPath(file), touchFirstBytes);
  }
}

function pcapngPath(file: string): string {
  return file.replace(/\.pcap$/, '') + '.bench.pcapng';
}

function child(mode: Mode, file: string): void {
  const t0 = process.hrtime.bigint();
  const r = runMode(mode, file);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const out: Result = { ...r, seconds, rssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(out));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const [file, arg2, arg3] = process.argv.slice(2);
  if (file === undefined || !fs.existsSync(file)) {
    console.error('usage: node scripts/bench-pcap.mjs BIG.pcap [runs] [mode,...]');
    process.exit(2);
  }
  if (arg2 === '--child') return child(arg3 as Mode, file);
  const runs = Number(arg2 ?? 5);
  const only = process.argv[4]?.split(',');
  const size = fs.statSync(file).size;
  console.log(`${file}: ${(size / 2 ** 20).toFixed(0)} MiB, ${runs} runs per mode (one process each), median packets/s over the`);
  console.log('whole mode after process start, and excluding the time spent in fs reads');
  for (const { mode, about } of MODES) {
    if (only !== undefined && !only.includes(mode)) continue;
    const results: Result[] = [];
    for (let i = 0; i < runs; i++) {
      const p = spawnSync(process.execPath, [...process.execArgv, __filename, file, '--child', mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (p.status !== 0) throw new Error(`${mode} failed: ${p.stderr}`);
      results.push(JSON.parse(p.stdout) as Result);
    }
    const pps = median(results.map(r => r.packets / r.seconds));
    const cpuPps = median(results.map(r => r.packets / (r.seconds - r.ioSeconds)));
    const rss = Math.max(...results.map(r => r.rssMiB));
    const m = (x: number): string => `${(x / 1e6).toFixed(2).padStart(6)}M`;
    console.log(`  ${mode.padEnd(14)} ${m(pps)} pkt/s (${m(cpuPps)} excl. read)  ${results[0].packets} pkts  peak RSS ${rss.toFixed(0).padStart(5)} MiB   ${about}`);
  }
}

main();
