// bpf_trace_printk formatting rules (bpf_bprintf_prepare + vsprintf), with expectations written from the
// kernel's documented behaviour.

import { strict as assert } from 'node:assert';
import { formatPrintk } from '../../src/engine/interp/printk-format';

const enc = (s: string) => Uint8Array.from([...s, '\0'].map(c => c.charCodeAt(0)));
const mem = new Map<bigint, Uint8Array>([[0x1000n, enc('hello')], [0x2000n, Uint8Array.of(192, 0, 2, 1)]]);

function fmt(f: string, ...args: bigint[]): string | number {
  const r = formatPrintk(enc(f), {
    arg: i => args[i] ?? 0n,
    count: 3,
    readString: a => mem.get(a)?.subarray(0, mem.get(a)!.indexOf(0)),
    readBytes: (a, n) => mem.get(a)?.subarray(0, n),
  });
  return 'text' in r ? r.text : -r.errno;
}

describe('bpf_trace_printk formatting', () => {
  it('formats integers by width and signedness', () => {
    assert.equal(fmt('%d %u %x', 0xffffffffn, 0xffffffffn, 0xabcn), '-1 4294967295 abc');
    assert.equal(fmt('%X', 0xabcn), 'ABC');
    assert.equal(fmt('%ld %lu', 0xffffffffffffffffn, 0xffffffffffffffffn), '-1 18446744073709551615');
    assert.equal(fmt('%lld %llx', 0x8000000000000000n, 0xdeadbeefcafen), '-9223372036854775808 deadbeefcafe');
    assert.equal(fmt('%i', 42n), '42');
  });

  it('pads like vsprintf', () => {
    assert.equal(fmt('[%5d][%-5d][%05d]', 42n, 42n, 0xffffffffn), '[   42][42   ][-0001]');
    assert.equal(fmt('[%+d][% d][%+u]', 5n, 5n, 5n), '[+5][ 5][5]');
    assert.equal(fmt('[%04x][%-04x]', 0xan, 0xan), '[000a][a   ]');
    assert.equal(fmt('[%2d]', 12345n), '[12345]');
  });

  it('prints characters, strings, %% and IP addresses', () => {
    assert.equal(fmt('%c%c %%', 0x41n, 0x142n), 'AB %');
    assert.equal(fmt('<%s> <%7s> <%-7s>', 0x1000n, 0x1000n, 0x1000n), '<hello> <  hello> <hello  >');
    assert.equal(fmt('<%s>', 0x9999n), '<>', 'an unreadable string prints as nothing');
    assert.equal(fmt('%pI4 %pi4', 0x2000n, 0x2000n), '192.0.2.1 192.000.002.001');
  });

  it('rejects what the kernel rejects', () => {
    assert.equal(fmt('%.2d', 1n), -22, 'precision');
    assert.equal(fmt('%#x', 1n), -22, 'alternate form');
    assert.equal(fmt('%hd', 1n), -22, 'h qualifier');
    assert.equal(fmt('%d %d %d %d', 1n, 2n, 3n), -22, 'more conversions than arguments');
    assert.equal(fmt('%sx', 0x1000n), -22, '%s followed by a letter');
    assert.equal(fmt('%pQ', 1n), -22);
    assert.equal(fmt('caf\u00e9'), -22, 'non-ASCII text');
    assert.equal(formatPrintk(Uint8Array.of(0x41), { arg: () => 0n, count: 3, readString: () => undefined, readBytes: () => undefined }).hasOwnProperty('errno'), true, 'no NUL');
  });
});
