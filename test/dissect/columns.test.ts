// Packet-list columns: Source/Destination/Protocol as Wireshark shows them (checked against tshark) and
// the short Info texts for ARP, UDP, TCP and ICMP.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename } from 'node:path';
import { createTcpSeqTracker, summarizePacket } from '../../src/engine/dissect';
import * as P from './support/packets';
import { readCapture } from './support/pcap-reader';
import { captureFiles, EXAMPLE_CAPTURES, hasTool, SHARED_PCAPS } from './support/tools';
import { column, tsharkTable } from './support/tshark-table';

const { ether, eth4, eth6, tcp, udp, icmp, be32 } = P;

function cols(frame: number[]): ReturnType<typeof summarizePacket>['columns'] {
  return summarizePacket(Uint8Array.from(frame)).columns;
}

/** Names our port table gives TCP/UDP payloads where Wireshark may still say TCP or UDP. */
const APP_NAMES = new Set(['HTTP', 'DNS', 'SSH', 'SMTP', 'FTP', 'TELNET', 'BGP', 'NTP', 'DHCP', 'SNMP', 'Syslog', 'MDNS', 'DHCPv6', 'TFTP']);
const COMPARED_PROTOCOLS = new Set(['TCP', 'UDP', 'ICMP', 'ICMPv6', 'ARP', 'DNS', 'NTP', 'MPTCP', 'VXLAN', 'ESP']);

/** Frames whose inner packet Wireshark reaches and we do not (IPComp payload, GRE 0x8909 payload). */
const INNER_ONLY_IN_WIRESHARK: Record<string, number[]> = {
  'AH-IPcomp-IPv4.pcap': [3, 4, 5, 7],
  // IPv4 total length 0: Wireshark guesses TSO and shows ICMP; we stop as tcpdump does.
  'icmp-length-zero.pcapng': [1],
  // IPv6 header cut inside the destination address: Wireshark shows the source it has.
  'ipv6_39_byte_header.pcap': [1],
};

describe('dissect: list columns', function () {
  it('TCP: ports, flags in Wireshark order, numbers and options', function () {
    const c = cols(eth4(6, tcp(40001, 80, [], { flags: 0x12, seq: 7, ack: 1000001, win: 512, options: [2, 4, 5, 0xb4, 4, 2, 8, 10, ...be32(5), ...be32(6), 1, 3, 3, 7] })));
    assert.deepEqual(c, {
      src: '192.0.2.10', dst: '198.51.100.20', protocol: 'TCP',
      info: '40001 → 80 [SYN, ACK] Seq=7 Ack=1000001 Win=512 Len=0 MSS=1460 SACK_PERM TSval=5 TSecr=6 WS=128',
    });
    assert.equal(cols(eth4(6, tcp(1, 80, [1], { flags: 0x19, ack: 1 }))).info.split(' ').slice(3, 6).join(' '), '[FIN, PSH, ACK]');
    assert.equal(cols(eth4(6, tcp(5, 80, [0x47], { flags: 0x18, ack: 1 }))).protocol, 'HTTP');
  });

  it('prints relative numbers when a sequence tracker is given', function () {
    const t = createTcpSeqTracker();
    const syn = summarizePacket(Uint8Array.from(eth4(6, tcp(1, 2, [], { flags: 0x12, seq: 500, ack: 900 }))), { tcpSeq: t });
    const next = summarizePacket(Uint8Array.from(eth4(6, tcp(1, 2, [1, 2], { flags: 0x18, seq: 501, ack: 901 }))), { tcpSeq: t });
    assert.match(syn.columns.info, /Seq=500 Ack=900 /);
    assert.match(next.columns.info, /Seq=1 Ack=2 /);
    assert.match(next.line, /seq 1:3, ack 2,/);
  });

  it('UDP, ICMP, ICMPv6 and ARP', function () {
    assert.deepEqual(cols(eth4(17, udp(53001, 53, [1, 2, 3]))), { src: '192.0.2.10', dst: '198.51.100.20', protocol: 'DNS', info: '53001 → 53 Len=3' });
    assert.equal(cols(eth4(1, icmp(8, 0, [0x04, 0xd2, 0, 1]), { ttl: 9 })).info, 'Echo (ping) request  id=0x04d2, seq=1/256, ttl=9');
    assert.equal(cols(eth4(1, icmp(3, 3, [0, 0, 0, 0], P.ipv4(17, udp(1, 2, [])).slice(0, 28)))).info, 'Destination unreachable (Port unreachable)');
    assert.equal(cols(eth6(58, icmp(135, 0, [0, 0, 0, 0], P.ip6('2001:db8::1'), true))).info, 'Neighbor Solicitation for 2001:db8::1');
    const arp = cols(ether([0, 1, 8, 0, 6, 4, 0, 1, ...P.MAC_A, ...P.ip4('192.0.2.10'), 0, 0, 0, 0, 0, 0, ...P.ip4('192.0.2.1')], 0x0806, [255, 255, 255, 255, 255, 255]));
    assert.deepEqual(arp, { src: '02:00:00:00:00:0a', dst: 'Broadcast', protocol: 'ARP', info: 'Who has 192.0.2.1? Tell 192.0.2.10' });
  });

  it('shows the innermost addresses and protocol of a tunnelled packet', function () {
    const inner = ether(P.ipv4(1, icmp(0, 0, [0, 1, 0, 1]), { src: '10.0.0.1', dst: '10.0.0.2' }), 0x0800);
    const c = cols(eth4(17, udp(1, 4789, [0x08, 0, 0, 0, 0, 0, 1, 0, ...inner])));
    assert.deepEqual([c.src, c.dst, c.protocol], ['10.0.0.1', '10.0.0.2', 'ICMP']);
  });

  describe('against tshark', function () {
    before(function () {
      if (!hasTool('tshark')) {
        console.log('    (skipped: tshark is not installed)');
        this.skip();
      }
    });

    it('Source, Destination and Protocol', function () {
      const problems: string[] = [];
      let compared = 0;
      for (const file of [...captureFiles(SHARED_PCAPS), ...captureFiles(EXAMPLE_CAPTURES)]) {
        const cap = readCapture(readFileSync(file));
        if (cap.records.length === 0) continue;
        const rows = tsharkTable(file);
        if (rows.length !== cap.records.length) continue;
        const skip = new Set(INNER_ONLY_IN_WIRESHARK[basename(file)] ?? []);
        cap.records.forEach((r, i) => {
          const [src, dst, proto] = [column(rows[i], 'Source'), column(rows[i], 'Destination'), column(rows[i], 'Protocol')];
          const gre = (rows[i].get('gre.proto') ?? []).join(',');
          const segleft = (rows[i].get('ipv6.routing.segleft') ?? []).join(',');
          if (skip.has(i + 1) || gre.includes('0x8909') || (segleft !== '' && segleft !== '0')) return;
          const c = summarizePacket(r.data, { linkType: r.linkType, wireLength: r.wireLength }).columns;
          const where = `${basename(file)} #${i + 1}`;
          if (isIP(src) !== 0) {
            compared++;
            if (c.src !== src || c.dst !== dst) problems.push(`${where}: ${c.src} > ${c.dst} vs ${src} > ${dst}`);
          }
          if (COMPARED_PROTOCOLS.has(proto) && c.protocol !== proto && !(proto === 'TCP' && APP_NAMES.has(c.protocol))) {
            problems.push(`${where}: protocol ${c.protocol} vs ${proto}`);
          }
        });
      }
      assert.deepEqual(problems, []);
      assert.ok(compared > 300, `only ${compared} frames compared`);
    });

    it('Info for ARP and UDP', function () {
      let compared = 0;
      for (const file of [...captureFiles(SHARED_PCAPS), ...captureFiles(EXAMPLE_CAPTURES)]) {
        const cap = readCapture(readFileSync(file));
        if (cap.records.length === 0) continue;
        const rows = tsharkTable(file);
        if (rows.length !== cap.records.length) continue;
        cap.records.forEach((r, i) => {
          const [proto, info] = [column(rows[i], 'Protocol'), column(rows[i], 'Info')];
          if ((proto !== 'ARP' && proto !== 'UDP') || /\[(Packet size limited|Malformed)/.test(info)) return;
          compared++;
          assert.equal(summarizePacket(r.data, { linkType: r.linkType, wireLength: r.wireLength }).columns.info, info, `${basename(file)} #${i + 1}`);
        });
      }
      assert.ok(compared > 20, `only ${compared} frames compared`);
    });
  });
});
