// RSS: the Toeplitz hash against Microsoft's "Verifying the RSS Hash Calculation" vectors (the same table Intel's
// 82599 datasheet reproduces as its RSS verification suite): standard 40-byte key, input = source address,
// destination address, then source and destination port.

import { strict as assert } from 'assert';
import { parseFlow } from '../../src/engine/path/flowkey';
import { PathModel } from '../../src/engine/path/model';
import { DEFAULT_RSS_KEY, defaultIndirection, queueForHash, rssInput, Toeplitz } from '../../src/engine/path/toeplitz';
import { always } from './fake-runner';
import { runAll, stepOf } from './helpers';
import { frame } from './packets';

const KEY_HEX = '6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa';

// [destination, destination port, source, source port, hash without ports, hash with TCP ports]
const IPV4: Array<[string, number, string, number, number, number]> = [
  ['161.142.100.80', 1766, '66.9.149.187', 2794, 0x323e8fc2, 0x51ccc178],
  ['65.69.140.83', 4739, '199.92.111.2', 14230, 0xd718262a, 0xc626b0ea],
  ['12.22.207.184', 38024, '24.19.198.95', 12898, 0xd2d0a5de, 0x5c2b394a],
  ['209.142.163.6', 2217, '38.27.205.30', 48228, 0x82989176, 0xafc7327f],
  ['202.188.127.2', 1303, '153.39.163.191', 44251, 0x5d1809c5, 0x10e828a2],
];

const IPV6: Array<[string, number, string, number, number, number]> = [
  ['3ffe:2501:200:3::1', 1766, '3ffe:2501:200:1fff::7', 2794, 0x2cc18cd5, 0x40207d3d],
  ['ff02::1', 4739, '3ffe:501:8::260:97ff:fe40:efab', 14230, 0x0f0c461c, 0xdde51bbf],
  ['fe80::200:f8ff:fe21:67cf', 38024, '3ffe:1900:4545:3:200:f8ff:fe21:67cf', 44251, 0x4b61e985, 0x02d1feef],
];

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

describe('path: RSS Toeplitz hash', () => {
  it('ships the standard key', () => {
    assert.equal(Buffer.from(DEFAULT_RSS_KEY).toString('hex'), KEY_HEX);
  });

  for (const [family, table] of [['IPv4', IPV4], ['IPv6', IPV6]] as const) {
    for (const [dst, dport, src, sport, h2, h4] of table) {
      it(`${family} ${src}:${sport} → ${dst}:${dport}`, () => {
        const f = frame({ src, dst, proto: 'tcp', sport, dport, flags: 'S' });
        const k = parseFlow(f);
        assert.ok(k);
        const t = new Toeplitz(DEFAULT_RSS_KEY);
        const buf = new Uint8Array(36);
        const withPorts = rssInput(k, { udpPorts: true }, buf);
        assert.equal(hex(t.hash(buf, withPorts)), hex(h4), 'with ports');
        const addrLen = family === 'IPv4' ? 8 : 32;
        assert.equal(withPorts, addrLen + 4);
        assert.equal(hex(t.hash(buf, addrLen)), hex(h2), 'addresses only');
      });
    }
  }

  it('hashes UDP with ports by default and without when udpPorts is off; ICMP by addresses only', () => {
    const [dst, dport, src, sport, h2, h4] = IPV4[0];
    const t = new Toeplitz(DEFAULT_RSS_KEY);
    const buf = new Uint8Array(36);
    const udp = parseFlow(frame({ src, dst, proto: 'udp', sport, dport }));
    assert.ok(udp);
    assert.equal(hex(t.hash(buf, rssInput(udp, { udpPorts: true }, buf))), hex(h4));
    assert.equal(hex(t.hash(buf, rssInput(udp, { udpPorts: false }, buf))), hex(h2));
    const icmp = parseFlow(frame({ src, dst, proto: 'icmp' }));
    assert.ok(icmp);
    assert.equal(hex(t.hash(buf, rssInput(icmp, { udpPorts: true }, buf))), hex(h2));
  });

  it('spreads the indirection table over the queues and picks the entry by hash', () => {
    const table = defaultIndirection(4);
    assert.equal(table.length, 128);
    assert.deepEqual(table.slice(0, 6), [0, 1, 2, 3, 0, 1]);
    // 0x51ccc178 mod 128 = 0x78 = 120 → entry 120 → queue 0; 0xc626b0ea mod 128 = 0x6a = 106 → queue 2.
    assert.equal(queueForHash(0x51ccc178, table), 0);
    assert.equal(queueForHash(0xc626b0ea, table), 2);
  });

  it('puts each packet on the RX queue its hash selects, and records the hash at nic-rx', () => {
    const scenario = { interfaces: [{ name: 'eth0', rxQueues: 4 }], routes: [{ dst: '0.0.0.0/0', type: 'local' as const }] };
    const packets = IPV4.map(([dst, dport, src, sport], i) => ({ bytes: frame({ src, dst, proto: 'tcp' as const, sport, dport }), tsNs: i * 1000 }));
    const journeys = runAll(new PathModel(scenario, always(2)), packets);
    const expected = IPV4.map(row => queueForHash(row[5], defaultIndirection(4)));
    assert.deepEqual(journeys.map(j => stepOf(j, 'nic-rx')?.queue), expected);
    assert.deepEqual(journeys.map(j => stepOf(j, 'nic-rx')?.hash), IPV4.map(row => row[5]));
  });
});
