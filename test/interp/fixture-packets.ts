// Packets (and map contents) for the interpreter's own test programs in test/fixtures/interp: many
// deterministic variations of each program's command bytes, including the edge values of every helper.

import { concat, ethernet, ipv6, Rand, udpFrame } from './packets';
import type { MapInit } from './differential';

export interface FixtureCase {
  file: string;
  program: string;
  packets: Uint8Array[];
  init?: MapInit;
  /** The program asks about devices (MTU, redirects): give the interpreter the host's device table. */
  needsHostDevices?: boolean;
}

const dir = 'test/fixtures/interp';

export function arithPackets(): Uint8Array[] {
  const r = new Rand(7);
  const special = [0n, 1n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn, 0xffffffffn, 0x80000000n, 0x100000000n];
  const out: Uint8Array[] = [];
  for (let i = 0; i < 300; i++) {
    const b = r.bytes(32 + 34 * 8);
    const dv = new DataView(b.buffer);
    if (i < 64) {
      dv.setBigUint64(0, special[i % 8], true);
      dv.setBigUint64(8, special[(i >> 3) % 8], true);
      dv.setUint32(16, Number(special[i % 8] & 0xffffffffn), true);
      dv.setUint32(20, Number(special[(i >> 3) % 8] & 0xffffffffn), true);
    }
    out.push(b);
  }
  return out;
}

function xdpAdjust(): Uint8Array[] {
  const r = new Rand(11);
  const out: Uint8Array[] = [];
  for (const cmd of [1, 2, 3, 4, 5]) {
    for (let i = 0; i < 120; i++) {
      const b = r.bytes(r.pick([14, 15, 20, 60, 64, 100, 1500, 3520, 3600]));
      b[0] = cmd;
      b[1] = r.u32() & 0xff;
      b[2] = r.pick([1, 1, 1, 2, 4, 8, 16, 31]);
      out.push(b);
    }
  }
  return out;
}

function tcCsum(): Uint8Array[] {
  const r = new Rand(5);
  const out: Uint8Array[] = [];
  for (let cmd = 1; cmd <= 9; cmd++) {
    for (let i = 0; i < 80; i++) {
      const b = udpFrame(r.bytes(r.pick([60, 80, 200, 1000])));
      const a = r.bytes(12);
      a[0] = cmd;
      a[1] = r.pick([24, 26, 40, 50, 0, 1, 2, 63, 64, 100, 255, r.u32() & 0xff]);
      if (cmd === 6) {
        a[1] = r.u32() & 3;
        a[2] = r.u32() & 3;
      }
      if (cmd === 2) a[3] = r.pick([0, 2, 4, 3, 0x12, 0x22, 0x64, 0x34, 0x82, 0, 0x20, 0x12]);
      if (cmd === 1) a[3] = r.pick([0, 2, 4, 3, 0x10]);
      b.set(a, 0);
      if (cmd === 2 && i % 3 === 0) b.fill(0, 40, 42);
      out.push(b);
    }
  }
  return out;
}

function tcRoom(): Uint8Array[] {
  const r = new Rand(9);
  const out: Uint8Array[] = [];
  const mac = (t: number) => ethernet('02:00:00:00:00:01', '02:00:00:00:00:0a', t);
  for (let cmd = 1; cmd <= 8; cmd++) {
    for (let i = 0; i < 80; i++) {
      const pay = r.bytes(r.pick([20, 60, 200]));
      const kind = r.u32() % 4;
      const b = kind === 0 ? udpFrame(pay)
        : kind === 1 ? concat(mac(0x86dd), ipv6(17, pay.length), pay)
          : kind === 2 ? concat(mac(0x8100), Uint8Array.of(0, 10, 0x08, 0x00), udpFrame(pay).subarray(14))
            : concat(mac(0x88a8), Uint8Array.of(0, 20, 0x81, 0x00, 0, 10, 0x86, 0xdd), ipv6(17, pay.length), pay);
      const a = r.bytes(12);
      a[0] = cmd;
      if (cmd === 1) {
        a[1] = r.pick([4, 8, 20, 0xfc, 0xf8, 0xec, 40, 127, 0x80]);
        a[2] = r.pick([0, 1, 2]);
        a[4] = r.pick([0, 0, 2, 4, 6, 0x12, 0x42, 0x80, 0x20]);
        a[5] = r.pick([0, 0, 1, 2]);
        a[6] = r.pick([0, 0, 14, 4]);
      }
      if (cmd === 5 || cmd === 7) a[2] &= 1;
      b.set(a, 0);
      out.push(b);
    }
  }
  return out;
}

function mapsOps(): Uint8Array[] {
  const r = new Rand(3);
  const out: Uint8Array[] = [];
  for (let i = 0; i < 1500; i++) {
    const b = r.bytes(32);
    b[0] = 1 + (r.u32() % 22);
    b[1] = r.u32() % 6;
    if (b[0] === 13 || b[0] === 15) {
      b[1] = r.pick([0, 8, 16, 24, 32, 33, 12, 31]);
      b[2] = r.pick([10, 192, 10]);
      b[3] = r.pick([0, 1, 168]);
    }
    if (b[0] === 14) {
      b[2] = r.pick([10, 192]);
      b[3] = r.pick([0, 1, 168]);
    }
    b[10] = r.pick([0, 0, 0, 1, 2, 2, 4, 3]);
    out.push(b);
  }
  return out;
}

function printkFormats(): Uint8Array[] {
  const r = new Rand(21);
  const out: Uint8Array[] = [];
  for (let i = 0; i < 40; i++) {
    const b = r.bytes(160);
    const dv = new DataView(b.buffer);
    if (i % 4 === 0) dv.setInt32(0, -(i * 1000), true);
    if (i % 4 === 1) dv.setInt32(0, i, true);
    if (i % 5 === 0) dv.setBigInt64(8, -1n, true);
    if (i % 3 === 0) b[16] = 0x41 + i;
    out.push(b);
  }
  return out;
}

function callbacks(): Uint8Array[] {
  const r = new Rand(2);
  const out: Uint8Array[] = [];
  for (let i = 0; i < 30; i++) {
    const b = r.bytes(80);
    b[0] = r.pick([0, 1, 5, 20]);
    b[1] = r.pick([0, 1, 3, 10]);
    out.push(b);
  }
  return out;
}

function redirects(): Uint8Array[] {
  const r = new Rand(4);
  const out: Uint8Array[] = [];
  for (let i = 0; i < 60; i++) {
    const b = r.bytes(r.pick([64, 100, 1500]));
    b[1] = r.pick([0, 1, 2, 3, 5, 9]);
    b[2] = r.pick([0, 1, 2, 3, 8, 16, 0x18, 4]);
    b[3] = r.pick([0, 1, 2]);
    b[5] = r.pick([0, 1, 2, 3]);
    b[6] = r.pick([0, 0, 100, 0xdc]);
    b[7] = r.pick([0, 0, 5, 0xff]);
    out.push(b);
  }
  return out;
}

function tcCtx(): Uint8Array[] {
  const r = new Rand(8);
  const out: Uint8Array[] = [];
  for (let i = 0; i < 80; i++) {
    let b = udpFrame(r.bytes(r.pick([160, 300, 1500])));
    if (i % 4 === 1) b = concat(ethernet('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:0a', 0x0806), r.bytes(200));
    if (i % 4 === 2) b = concat(ethernet('33:33:00:00:00:01', '02:00:00:00:00:0a', 0x0500), r.bytes(200));
    if (i % 4 === 3) b = concat(ethernet('00:00:00:00:00:00', '02:00:00:00:00:0a', 0x0400), Uint8Array.of(0xff, 0xff), r.bytes(200));
    b.set(r.bytes(6), 6);
    b[16] = r.pick([0, 0, 100]);
    b[17] = r.pick([0, 0, 5, 0xff]);
    b.set(r.bytes(8), 18);
    out.push(b);
  }
  return out;
}

export function fixtureCases(): FixtureCase[] {
  return [
    { file: `${dir}/arith.c`, program: 'arith', packets: arithPackets() },
    { file: `${dir}/xdp_adjust.c`, program: 'xdp_adjust', packets: xdpAdjust() },
    { file: `${dir}/tc_csum.c`, program: 'tc_csum', packets: tcCsum() },
    { file: `${dir}/tc_room.c`, program: 'tc_room', packets: tcRoom() },
    { file: `${dir}/maps_ops.c`, program: 'maps_ops', packets: mapsOps() },
    { file: `${dir}/printk_formats.c`, program: 'printk_formats', packets: printkFormats() },
    {
      file: `${dir}/tail_calls.c`, program: 'pass_on',
      packets: [0, 1, 2, 3, 4, 200].map(s => Uint8Array.of(s, 0, 0, 0, ...new Array(60).fill(1))),
      init: [['jmp', '01000000', 'prog:drop_it'], ['jmp', '02000000', 'prog:again'], ['jmp', '00000000', 'prog:pass_on']],
    },
    { file: `${dir}/callbacks.c`, program: 'callbacks', packets: callbacks() },
    {
      file: `${dir}/redirects.c`, program: 'redirects', packets: redirects(), needsHostDevices: true,
      init: [['ports', '01000000', '01000000'], ['ports_h', '05000000', '01000000']],
    },
    { file: `${dir}/tc_ctx.c`, program: 'tc_ctx', packets: tcCtx(), needsHostDevices: true },
  ];
}
