// Output to user space: ring buffers (output, reserve, submit, discard, query) and perf event arrays
// (bpf_perf_event_output). Submitted records are captured as the packet's events. Every perf event array
// index is assumed to have a reader (in the kernel an index without an open perf buffer answers -ENOENT).

import { fault } from '../fault';
import type { Machine } from '../machine';
import { RingbufMap } from '../maps/ringbuf';
import { mapArg } from './maps';
import { HelperSpec, needPtr, ptr, u32, u64 } from './spec';

const EINVAL = 22;
const E2BIG = 7;
const EFAULT = 14;
const RB_WAKEUP_FLAGS = 3n;
const INDEX_MASK = 0xffffffffn;
const CTXLEN_MASK = 0xfffffn << 32n;

function ringbuf(m: Machine, i: number, helper: string): RingbufMap {
  const map = mapArg(m, i, helper);
  if (!(map instanceof RingbufMap)) fault('helper', `${helper}: map ${map.info.name} is not a ring buffer`);
  return map;
}

function drain(m: Machine, map: RingbufMap): void {
  for (const data of map.records) m.addEvent({ map: map.info.name, kind: 'ringbuf', cpu: m.cpuIndex, data });
  map.records = [];
}

/** The ring buffer holding a reserved record at addr. */
function owner(m: Machine, addr: number, helper: string): RingbufMap {
  const r = m.mem.regionAt(addr);
  for (const map of m.maps.maps) if (map instanceof RingbufMap && map.region === r && map.reservedSize(addr) >= 0) return map;
  return fault('helper', `${helper}: the pointer is not a record reserved with bpf_ringbuf_reserve (or it was already submitted or discarded)`);
}

const output: HelperSpec = {
  id: 130, name: 'bpf_ringbuf_output',
  impl: m => {
    const map = ringbuf(m, 0, 'bpf_ringbuf_output');
    if (u64(m, 3) & ~RB_WAKEUP_FLAGS) return -EINVAL;
    const data = m.mem.view(needPtr(m, 1, 'bpf_ringbuf_output', 'data'), u32(m, 2), 'read');
    const r = map.output(data);
    drain(m, map);
    return r;
  },
};

const reserve: HelperSpec = {
  id: 131, name: 'bpf_ringbuf_reserve',
  impl: m => {
    const map = ringbuf(m, 0, 'bpf_ringbuf_reserve');
    if (u64(m, 2) !== 0n) return 0;
    return map.reserve(u32(m, 1));
  },
};

function commit(id: number, name: string, keep: boolean): HelperSpec {
  return {
    id, name,
    impl: m => {
      const addr = needPtr(m, 0, name, 'the record');
      const map = owner(m, addr, name);
      map.commit(addr, keep);
      drain(m, map);
      return 0;
    },
  };
}

const query: HelperSpec = {
  id: 134, name: 'bpf_ringbuf_query',
  impl: m => ringbuf(m, 0, 'bpf_ringbuf_query').query(Number(u64(m, 1) & 0xffn)),
};

const perfOutput: HelperSpec = {
  id: 25, name: 'bpf_perf_event_output',
  impl: m => {
    const map = mapArg(m, 1, 'bpf_perf_event_output');
    const flags = u64(m, 2);
    if (flags & ~(INDEX_MASK | CTXLEN_MASK)) return -EINVAL;
    let index = Number(flags & INDEX_MASK);
    if (index === 0xffffffff) index = m.cpuIndex;
    const entries = map.info.maxEntries || m.cpus;
    if (index >= entries) return -E2BIG;
    const ctxLen = Number((flags & CTXLEN_MASK) >> 32n);
    const total = m.pkt.length + m.pkt.fragsLength;
    if (ctxLen > total) return -EFAULT;
    const size = u32(m, 4);
    const data = size ? m.mem.view(ptr(m, 3), size, 'read') : new Uint8Array(0);
    const out = new Uint8Array(size + ctxLen);
    out.set(data);
    if (ctxLen) m.pkt.transfer(0, out.subarray(size), false);
    m.addEvent({ map: map.info.name, kind: 'perf', cpu: index, data: out });
    return 0;
  },
};

export const EVENT_HELPERS: HelperSpec[] = [
  output, reserve, commit(132, 'bpf_ringbuf_submit', true), commit(133, 'bpf_ringbuf_discard', false), query, perfOutput,
];
