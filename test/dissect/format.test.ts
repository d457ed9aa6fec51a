// Address text: IPv6 per RFC 5952 (section 4 rules and examples), MAC and IPv4.

import assert from 'node:assert/strict';
import { ipv4At, ipv6At, macAt } from '../../src/engine/dissect';
import { ip6 } from './support/packets';

function v6(text: string): string {
  return ipv6At(Uint8Array.from(ip6(text)), 0);
}

describe('dissect: address formatting', function () {
  it('compresses the longest run of zero groups', function () {
    assert.equal(v6('2001:db8:0:0:0:0:2:1'), '2001:db8::2:1');
    assert.equal(v6('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1');
    assert.equal(v6('0:0:0:0:0:0:0:0'), '::');
    assert.equal(v6('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(v6('1:0:0:0:0:0:0:0'), '1::');
    assert.equal(v6('fe80:0:0:0:0:0:0:1'), 'fe80::1');
  });

  it('leaves a single zero group alone and takes the first of equal runs', function () {
    assert.equal(v6('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
    assert.equal(v6('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(v6('1:0:1:0:1:0:1:0'), '1:0:1:0:1:0:1:0');
  });

  it('prints lowercase hex without leading zeros', function () {
    assert.equal(v6('2001:0DB8:00AB:000C:0000:0000:0000:0001'), '2001:db8:ab:c::1');
    assert.equal(v6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it('ends IPv4-mapped and IPv4-compatible addresses in a dotted quad', function () {
    assert.equal(v6('0:0:0:0:0:ffff:c000:201'), '::ffff:192.0.2.1');
    assert.equal(v6('0:0:0:0:0:0:c000:201'), '::192.0.2.1');
    assert.equal(v6('64:ff9b:0:0:0:0:c000:221'), '64:ff9b::c000:221');
  });

  it('formats MAC and IPv4 addresses', function () {
    const b = Uint8Array.from([0x02, 0x00, 0xab, 0xcd, 0x0e, 0xff, 192, 0, 2, 255]);
    assert.equal(macAt(b, 0), '02:00:ab:cd:0e:ff');
    assert.equal(ipv4At(b, 6), '192.0.2.255');
  });
});
