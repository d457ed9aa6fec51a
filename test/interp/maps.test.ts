// The map models on their own: update flags and errors, LRU eviction, longest-prefix match, queue/stack
// order, per-CPU copies, and the kernel's allocation details a program can observe.

import { strict as assert } from 'node:assert';
import type { MapInfo } from '../../src/engine/ir/ir';
import { AddressSpace } from '../../src/engine/interp/memory';
import { ArrayMap } from '../../src/engine/interp/maps/array';
import { HashMap } from '../../src/engine/interp/maps/hash';
import { LpmTrieMap } from '../../src/engine/interp/maps/lpm';
import type { MapHost } from '../../src/engine/interp/maps/map';
import { QueueStackMap } from '../../src/engine/interp/maps/queue';
import { RingbufMap } from '../../src/engine/interp/maps/ringbuf';

const range = { file: 't.c', start: 0, end: 0 };
function info(type: number, keySize: number, valueSize: number, maxEntries: number, flags = 0): MapInfo {
  return { name: `m${type}`, type, typeName: `T${type}`, keySize, valueSize, maxEntries, flags, style: 'btf', range };
}

function host(cpus = 1): MapHost & { at: number } {
  const h = { mem: new AddressSpace(), cpus, at: 0, cpu: () => h.at };
  return h;
}

const k32 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, 0, 0);
const v64 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, 0, 0, 0, 0, 0, 0);

function read64(h: MapHost, addr: number): number {
  const b = h.mem.view(addr, 8, 'read');
  return b[0] | (b[1] << 8);
}

describe('interpreter map models', () => {
  it('HASH: flags, -EEXIST/-ENOENT/-E2BIG, and replaced values seen through old pointers', () => {
    const h = host();
    const m = new HashMap(h, info(1, 4, 8, 2), { lru: false, perCpu: false });
    assert.equal(m.update(k32(1), v64(10), 2), -2, 'BPF_EXIST on a missing key');
    assert.equal(m.update(k32(1), v64(10), 1), 0);
    assert.equal(m.update(k32(1), v64(11), 1), -17, 'BPF_NOEXIST on a present key');
    assert.equal(m.update(k32(2), v64(20), 0), 0);
    assert.equal(m.update(k32(3), v64(30), 0), -7, 'full');
    assert.equal(m.update(k32(1), v64(12), 8), -22, 'unknown flags');
    assert.equal(m.update(k32(1), v64(12), 4), -22, 'BPF_F_LOCK without a spin lock');
    const old = m.lookup(k32(1));
    assert.equal(m.update(k32(1), v64(13), 2), 0);
    assert.equal(read64(h, old), 10, 'the old element keeps its value (it became the spare)');
    assert.equal(read64(h, m.lookup(k32(1))), 13);
    assert.equal(m.delete(k32(9)), -2);
    assert.equal(m.delete(k32(2)), 0);
    assert.equal(m.lookup(k32(2)), 0);
    assert.equal(m.update(k32(3), v64(30), 0), 0, 'room again after a delete');
  });

  it('LRU_HASH: evicts the least recently used element, lookups refresh it', () => {
    const m = new HashMap(host(), info(9, 4, 8, 3), { lru: true, perCpu: false });
    for (const k of [1, 2, 3]) assert.equal(m.update(k32(k), v64(k), 0), 0);
    assert.notEqual(m.lookup(k32(1)), 0);
    assert.equal(m.update(k32(4), v64(4), 0), 0);
    assert.equal(m.lookup(k32(2)), 0, '2 was the least recently used');
    assert.deepEqual(m.entries().map(e => e[0][0]), [1, 3, 4]);
    assert.equal(m.update(k32(5), v64(5), 1), 0);
    assert.equal(m.lookup(k32(3)), 0);
    assert.equal(m.update(k32(4), v64(40), 1), -17, '-EEXIST');
    assert.equal(m.entries().length, 2, 'the failed update still evicted an element first, as in the kernel');
  });

  it('PERCPU_HASH and PERCPU_ARRAY: one copy per CPU, new elements zero the other CPUs', () => {
    const h = host(2);
    const m = new HashMap(h, info(5, 4, 8, 4), { lru: false, perCpu: true });
    h.at = 1;
    assert.equal(m.update(k32(1), v64(7), 0), 0);
    assert.equal(read64(h, m.lookup(k32(1))), 7);
    h.at = 0;
    assert.equal(read64(h, m.lookup(k32(1))), 0);
    assert.equal(read64(h, m.lookupOnCpu(k32(1), 1)), 7);
    assert.deepEqual([...m.entries()[0][1]], [0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0]);
    const a = new ArrayMap(h, info(6, 4, 4, 2), true);
    assert.equal(a.set(k32(1), Uint8Array.of(1, 2, 3, 4)), undefined, 'one copy sets every CPU');
    assert.deepEqual([...a.entries()[1][1]], [1, 2, 3, 4, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0]);
    assert.equal(a.update(k32(0), Uint8Array.of(9, 9, 9, 9), 1), -17, 'array elements always exist');
    assert.equal(a.update(k32(2), Uint8Array.of(9, 9, 9, 9), 0), -7);
    assert.equal(a.delete(), -22);
  });

  it('LPM_TRIE: the longest matching prefix within the key\'s own prefix length', () => {
    const h = host();
    const m = new LpmTrieMap(h, info(11, 8, 8, 3, 1));
    const key = (len: number, ip: number[]) => Uint8Array.of(len, 0, 0, 0, ...ip);
    assert.equal(m.update(key(8, [10, 9, 9, 9]), v64(8), 0), 0);
    assert.equal(m.update(key(24, [10, 1, 2, 0]), v64(24), 0), 0);
    assert.equal(m.update(key(33, [10, 1, 2, 3]), v64(1), 0), -22, 'longer than the data');
    assert.equal(read64(h, m.lookup(key(32, [10, 1, 2, 200]))), 24);
    assert.equal(read64(h, m.lookup(key(32, [10, 1, 3, 1]))), 8);
    assert.equal(read64(h, m.lookup(key(16, [10, 1, 2, 200]))), 8, 'the /24 is longer than the key allows');
    assert.equal(m.lookup(key(32, [11, 1, 2, 3])), 0);
    assert.equal(m.update(key(8, [10, 0, 0, 0]), v64(80), 1), -17, 'the same /8, whatever the bits past it');
    assert.equal(m.update(key(16, [10, 1, 0, 0]), v64(16), 0), 0);
    assert.equal(m.update(key(0, [0, 0, 0, 0]), v64(0), 0), -28, 'full: -ENOSPC');
    assert.equal(m.delete(key(24, [10, 1, 2, 99])), 0);
    assert.equal(read64(h, m.lookup(key(32, [10, 1, 2, 200]))), 16);
    assert.deepEqual(m.entries().map(e => [...e[0]]), [[8, 0, 0, 0, 10, 9, 9, 9], [16, 0, 0, 0, 10, 1, 0, 0]], 'keys come back as given');
  });

  it('QUEUE and STACK: FIFO and LIFO, BPF_EXIST replaces the oldest, BPF_NOEXIST is refused', () => {
    const q = new QueueStackMap(info(22, 0, 1, 2), false);
    const s = new QueueStackMap(info(23, 0, 1, 2), true);
    const out = new Uint8Array(1);
    for (const m of [q, s]) {
      assert.equal(m.push(Uint8Array.of(1), 0), 0);
      assert.equal(m.push(Uint8Array.of(2), 0), 0);
      assert.equal(m.push(Uint8Array.of(3), 0), -7);
      assert.equal(m.push(Uint8Array.of(3), 1), -22);
      assert.equal(m.push(Uint8Array.of(3), 2), 0, 'drops 1');
    }
    assert.equal(q.pop(out), 0);
    assert.equal(out[0], 2);
    assert.equal(s.peek(out), 0);
    assert.equal(out[0], 3);
    assert.equal(s.pop(out), 0);
    assert.equal(s.pop(out), 0);
    assert.equal(out[0], 2);
    assert.equal(s.pop(out), -2);
  });

  it('RINGBUF: records need their size rounded to 8 plus an 8-byte header', () => {
    const h = host();
    const rb = new RingbufMap(h, info(27, 0, 0, 64));
    const a = rb.reserve(20);
    assert.notEqual(a, 0);
    assert.equal(rb.reserve(30), 0, '32 + 8 more would not fit in 64');
    const b = rb.reserve(24);
    assert.notEqual(b, 0);
    h.mem.view(a, 20, 'write').fill(7);
    rb.commit(a, true);
    rb.commit(b, false);
    assert.deepEqual(rb.records.map(r => r.length), [20]);
    assert.equal(rb.output(new Uint8Array(56)), 0);
    assert.equal(rb.output(new Uint8Array(57)), -11, '-EAGAIN');
    assert.equal(rb.query(1), 64);
  });
});
