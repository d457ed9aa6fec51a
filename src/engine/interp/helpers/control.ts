// Helpers that steer execution: bpf_tail_call (jump to a program from a PROG_ARRAY; at most 33 per packet,
// and as in the kernel the count goes up even when the slot is empty), bpf_loop and bpf_for_each_map_elem
// (call back into a function of the program), and bpf_spin_lock/unlock (a check that locks pair up).

import type { CFunc } from '../compile';
import { callFunction } from '../exec';
import { fault, TailCallSignal } from '../fault';
import type { Machine } from '../machine';
import { MAP_PROG_ARRAY, TargetMap } from '../maps/target-maps';
import { mapArg } from './maps';
import { HelperSpec, needPtr, num, ptr, u32 } from './spec';

const MAX_TAIL_CALLS = 33;
const ENOENT = 2;
const EINVAL = 22;
const E2BIG = 7;
const MAX_LOOPS = 1 << 23;

const tailCall: HelperSpec = {
  id: 12, name: 'bpf_tail_call', changesPacket: true,
  impl: m => {
    const map = mapArg(m, 1, 'bpf_tail_call');
    if (!(map instanceof TargetMap) || map.info.type !== MAP_PROG_ARRAY) fault('helper', `bpf_tail_call: map ${map.info.name} is not a BPF_MAP_TYPE_PROG_ARRAY`);
    const index = u32(m, 2);
    if (index >= map.info.maxEntries) return -ENOENT;
    if (m.tailCalls >= MAX_TAIL_CALLS) return -ENOENT;
    m.tailCalls++;
    const key = new Uint8Array(4);
    new DataView(key.buffer).setUint32(0, index, true);
    const entry = map.get(key);
    if (!entry) return -ENOENT;
    const prog = new DataView(entry.buffer, entry.byteOffset).getUint32(0, true);
    if (prog >= m.programs.length) return -ENOENT;
    throw new TailCallSignal(prog);
  },
};

/** Calls a function of the program through its handle with up to five arguments; returns R0. */
function callback(m: Machine, handle: number, args: number[], helper: string): number {
  const index = m.funcIndex(handle);
  const fn = index >= 0 ? (m.funcs[index] as CFunc | undefined) : undefined;
  if (!fn) fault('helper', `${helper}: the callback is not a function of this program`);
  for (let i = 0; i < 5; i++) {
    m.argLo[i] = args[i] ?? 0;
    m.argHi[i] = 0;
  }
  callFunction(m, fn);
  return m.retLo | m.retHi;
}

const loop: HelperSpec = {
  id: 181, name: 'bpf_loop',
  impl: m => {
    const n = u32(m, 0);
    const fnHandle = ptr(m, 1);
    const ctx = ptr(m, 2);
    if (num(m, 3) !== 0) return -EINVAL;
    if (n > MAX_LOOPS) return -E2BIG;
    for (let i = 0; i < n; i++) {
      if (callback(m, fnHandle, [i, ctx], 'bpf_loop') !== 0) return i + 1;
    }
    return n;
  },
};

const forEach: HelperSpec = {
  id: 164, name: 'bpf_for_each_map_elem',
  impl: m => {
    const map = mapArg(m, 0, 'bpf_for_each_map_elem');
    const fnHandle = ptr(m, 1);
    const ctx = ptr(m, 2);
    if (num(m, 3) !== 0) return -EINVAL;
    if (!map.forEachElem) fault('helper', `bpf_for_each_map_elem: ${map.info.typeName} maps cannot be iterated`);
    const keyAddr = m.scratch.base;
    return map.forEachElem((key, valueAddr) => {
      m.scratch.bytes.set(key);
      return callback(m, fnHandle, [map.handle, keyAddr, valueAddr, ctx], 'bpf_for_each_map_elem') !== 0;
    });
  },
};

const spinLock: HelperSpec = {
  id: 93, name: 'bpf_spin_lock',
  impl: m => {
    const v = m.mem.view(needPtr(m, 0, 'bpf_spin_lock', 'the lock'), 4, 'write');
    if (v[0] !== 0) fault('helper', 'bpf_spin_lock: the lock is already held (a second lock would deadlock)');
    v[0] = 1;
    return 0;
  },
};

const spinUnlock: HelperSpec = {
  id: 94, name: 'bpf_spin_unlock',
  impl: m => {
    const v = m.mem.view(needPtr(m, 0, 'bpf_spin_unlock', 'the lock'), 4, 'write');
    if (v[0] === 0) fault('helper', 'bpf_spin_unlock: the lock is not held');
    v[0] = 0;
    return 0;
  },
};

export const CONTROL_HELPERS: HelperSpec[] = [tailCall, loop, forEach, spinLock, spinUnlock];
