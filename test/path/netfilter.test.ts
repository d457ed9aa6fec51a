// Netfilter: drop and reject, conntrack states across both directions, DNAT and its reverse on replies, SNAT.

import { strict as assert } from 'assert';
import { formatJourney } from '../../src/engine/path/format';
import { PathModel, type IngestPacket } from '../../src/engine/path/model';
import type { Scenario } from '../../src/engine/path/scenario-types';
import type { Journey } from '../../src/engine/path/stages';
import { always, XDP } from './fake-runner';
import { runAll, runOne, stepOf } from './helpers';
import { checksumOf, frame, pseudoSum, type FrameSpec } from './packets';

function host(nf: Scenario['netfilter'], extra: Partial<Scenario> = {}): Scenario {
  return {
    interfaces: [
      { name: 'eth0', ifindex: 2, addresses: ['10.0.0.1/24'] },
      { name: 'eth1', ifindex: 3, addresses: ['192.168.1.1/24'] },
    ],
    netfilter: nf,
    sockets: [{ proto: 'tcp', port: 22, name: 'sshd' }, { proto: 'udp', port: 53, name: 'dns' }],
    ...extra,
  };
}

function at(spec: FrameSpec, tsNs: number, ifname = 'eth0'): IngestPacket {
  return { bytes: frame(spec), tsNs, ifname };
}

function l4ChecksumOk(b: Uint8Array): boolean {
  const len = ((b[16] << 8) | b[17]) - 20;
  return checksumOf(b.subarray(34, 34 + len), pseudoSum(b.subarray(26, 30), b.subarray(30, 34), b[23], len)) === 0;
}

function ip(b: Uint8Array, off: number): string {
  return Array.from(b.subarray(off, off + 4)).join('.');
}

describe('path: netfilter', () => {
  it('input rule drop: dropped at nf-input, naming the rule', () => {
    const s = host({ input: { rules: [{ match: { proto: 'tcp', dport: 22, saddr: '10.0.0.0/24' }, action: 'drop', comment: 'no ssh from lan' }] } });
    const j = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', dport: 22 }));
    assert.equal(j.fate.at, 'nf-input');
    assert.equal(j.fate.outcome, 'dropped');
    assert.equal(j.fate.detail, 'dropped by input rule 1 (no ssh from lan)');
    assert.equal(stepOf(j, 'nf-input')?.rule, 1);
    assert.match(formatJourney(j), / → in:drop dropped$/);
  });

  it('a rule that does not match leaves the packet to the policy', () => {
    const s = host({ input: { policy: 'drop', rules: [{ match: { proto: 'tcp', dport: 22, saddr: '172.16.0.0/12' }, action: 'accept' }] } });
    const j = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', dport: 22 }));
    assert.equal(j.fate.detail, "dropped by the input chain's policy");
    assert.equal(stepOf(j, 'nf-input')?.rule, undefined);
  });

  it('reject: ICMP port unreachable by default, TCP RST when asked', () => {
    const s = host({ input: { rules: [
      { match: { proto: 'udp', dport: 53 }, action: 'reject' },
      { match: { proto: 'tcp', dport: 22 }, action: 'reject', reject: 'tcp-reset' },
    ] } });
    const udp = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53 }));
    assert.equal(udp.fate.at, 'nf-input');
    assert.equal(udp.reply?.kind, 'icmp-port-unreachable');
    assert.match(udp.fate.detail, /rejected by input rule 1/);
    const tcp = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', dport: 22, flags: 'S' }));
    assert.equal(tcp.reply?.kind, 'tcp-reset');
    assert.equal(stepOf(tcp, 'nf-input')?.verdict, 'reject');
  });

  it('conntrack: NEW, then ESTABLISHED for the reply and everything after; RELATED for an ICMP error about it', () => {
    // The host talks to 10.0.0.9 from its ssh port; we replay both directions arriving on eth0 (mirror-port view).
    const s = host({ input: { rules: [
      { match: { ct: 'related' }, action: 'accept', comment: 'related' },
      { match: { ct: ['established'] }, action: 'accept' },
      { match: { ct: 'new', proto: 'tcp', dport: 22 }, action: 'accept' },
      { match: { ct: 'invalid' }, action: 'drop' },
    ] } });
    const quoted = frame({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'tcp', sport: 22, dport: 40000, flags: 'SA' }).subarray(14, 14 + 28);
    const packets = [
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 40000, dport: 22, flags: 'S' }, 0),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 40000, dport: 22, flags: 'S' }, 1e6),
      at({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'tcp', sport: 22, dport: 40000, flags: 'SA' }, 2e6),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 40000, dport: 22, flags: 'A' }, 3e6),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'icmp', icmpType: 3, icmpCode: 3, icmpId: 0, icmpBody: quoted }, 4e6),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 40001, dport: 22, flags: 'SA' }, 5e6),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'icmp', icmpType: 3, icmpCode: 1, icmpId: 0, icmpBody: new Uint8Array(28) }, 6e6),
    ];
    const js = runAll(new PathModel(s, always(XDP.PASS)), packets);
    const states = js.map(j => stepOf(j, 'nf-prerouting')?.ct);
    assert.deepEqual(states, ['NEW', 'NEW', 'ESTABLISHED', 'ESTABLISHED', 'RELATED', 'INVALID', 'INVALID']);
    // The error quotes a reply-direction packet, so it travels in the original direction (nf_conntrack_inet_error).
    assert.deepEqual(js.map(j => stepOf(j, 'nf-prerouting')?.ct_dir), ['original', 'original', 'reply', 'original', 'original', undefined, undefined]);
    assert.equal(stepOf(js[4], 'nf-input')?.rule, 1);
    assert.equal(js[5].fate.detail, 'dropped by input rule 4');
  });

  it('conntrack: UDP and ICMP echo replies are ESTABLISHED; a new SYN after RST starts over', () => {
    const s = host(undefined);
    const packets = [
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', sport: 5000, dport: 53 }, 0),
      at({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'udp', sport: 53, dport: 5000 }, 1e6),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'icmp', icmpType: 8, icmpId: 77 }, 2e6),
      at({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'icmp', icmpType: 0, icmpId: 77 }, 3e6),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 41000, dport: 22, flags: 'S' }, 4e6),
      at({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'tcp', sport: 22, dport: 41000, flags: 'R' }, 5e6),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 41000, dport: 22, flags: 'S' }, 6e6),
    ];
    const js = runAll(new PathModel(s, always(XDP.PASS)), packets);
    assert.deepEqual(js.map(j => stepOf(j, 'nf-prerouting')?.ct), ['NEW', 'ESTABLISHED', 'NEW', 'ESTABLISHED', 'NEW', 'ESTABLISHED', 'NEW']);
  });

  it('conntrack entries expire (UDP after 30 s without a reply)', () => {
    const s = host(undefined);
    const u = (t: number): IngestPacket => at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', sport: 5000, dport: 53 }, t);
    const m = new PathModel(s, always(XDP.PASS));
    runAll(m, [u(0)]);
    assert.equal(m.counters().stack.conntrack_entries, 1);
    const js = [...m.ingest(at({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'udp', sport: 53, dport: 5000 }, 31e9)), ...m.finish()];
    assert.equal(stepOf(js[0], 'nf-prerouting')?.ct, 'NEW', 'the old entry timed out, so this is a new connection');
  });

  it('DNAT in prerouting: the request is rewritten and delivered to the new address, the reply is un-DNATed', () => {
    const s = host({
      prerouting: { rules: [{ match: { proto: 'tcp', daddr: '10.0.0.1', dport: 80 }, action: 'dnat', to: '192.168.1.20:8080' }] },
    }, { forwarding: true });
    const m = new PathModel(s, always(XDP.PASS));
    const js: Journey[] = runAll(m, [
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 45000, dport: 80, flags: 'S', payload: 0 }, 0),
      at({ src: '192.168.1.20', dst: '10.0.0.9', proto: 'tcp', sport: 8080, dport: 45000, flags: 'SA' }, 1e6, 'eth1'),
      at({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', sport: 45000, dport: 80, flags: 'A' }, 2e6),
    ]);
    const [req, reply, ack] = js;
    assert.equal(stepOf(req, 'nf-prerouting')?.nat, 'dnat 192.168.1.20:8080');
    assert.equal(stepOf(req, 'routing')?.result, 'forward');
    assert.equal(stepOf(req, 'routing')?.dev, 'eth1');
    const out = req.tx?.bytes;
    assert.ok(out);
    assert.equal(ip(out, 30), '192.168.1.20');
    assert.equal((out[36] << 8) | out[37], 8080);
    assert.equal(checksumOf(out.subarray(14, 34)), 0);
    assert.ok(l4ChecksumOk(out), 'TCP checksum after DNAT');
    // The server's answer leaves towards the client with the original destination as its source.
    assert.equal(stepOf(reply, 'nf-prerouting')?.ct, 'ESTABLISHED');
    assert.equal(stepOf(reply, 'nf-postrouting')?.nat, 'un-dnat 10.0.0.1:80');
    const back = reply.tx?.bytes;
    assert.ok(back);
    assert.equal(ip(back, 26), '10.0.0.1');
    assert.equal((back[34] << 8) | back[35], 80);
    assert.ok(l4ChecksumOk(back), 'TCP checksum after un-DNAT');
    // Later packets of the connection follow the binding without a rule match.
    assert.equal(stepOf(ack, 'nf-prerouting')?.rule, undefined);
    assert.equal(stepOf(ack, 'nf-prerouting')?.nat, 'dnat 192.168.1.20:8080');
    assert.match(formatJourney(req), / → pre\(dnat 192\.168\.1\.20:8080\) → route:forward\(eth1\) → /);
  });

  it('DNAT to a local port: delivered to the socket listening there', () => {
    const s = host({ prerouting: { rules: [{ match: { proto: 'tcp', dport: 2222 }, action: 'dnat', to: '10.0.0.1:22' }] } });
    const j = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'tcp', dport: 2222, flags: 'S' }));
    assert.equal(j.fate.outcome, 'delivered');
    assert.equal(stepOf(j, 'socket')?.socket, 'sshd');
  });

  it('masquerade on the way out of eth1: source becomes eth1\'s address, replies are un-SNATed', () => {
    const s = host({ postrouting: { rules: [{ match: { oif: 'eth1' }, action: 'masquerade' }] } }, { forwarding: true });
    const m = new PathModel(s, always(XDP.PASS));
    const [out, back] = runAll(m, [
      at({ src: '10.0.0.9', dst: '192.168.1.50', proto: 'udp', sport: 5353, dport: 9000, payload: 10 }, 0),
      at({ src: '192.168.1.50', dst: '192.168.1.1', proto: 'udp', sport: 9000, dport: 5353, payload: 10 }, 1e6, 'eth1'),
    ]);
    assert.equal(stepOf(out, 'nf-postrouting')?.nat, 'snat 192.168.1.1:5353');
    assert.equal(ip(out.tx?.bytes ?? new Uint8Array(40), 26), '192.168.1.1');
    assert.ok(l4ChecksumOk(out.tx?.bytes as Uint8Array));
    assert.equal(stepOf(back, 'nf-prerouting')?.nat, 'un-snat 10.0.0.9:5353');
    assert.equal(stepOf(back, 'routing')?.result, 'forward');
    assert.equal(ip(back.tx?.bytes ?? new Uint8Array(40), 30), '10.0.0.9');
  });

  it('forward chain drop and forward accept by interface', () => {
    const s = host({ forward: { policy: 'drop', rules: [{ match: { iif: 'eth1', oif: 'eth0' }, action: 'accept' }] } }, { forwarding: true });
    const blocked = runOne(s, always(XDP.PASS), frame({ src: '10.0.0.9', dst: '192.168.1.50', proto: 'udp' }), { ifname: 'eth0' });
    assert.equal(blocked.fate.at, 'nf-forward');
    const allowed = runOne(s, always(XDP.PASS), frame({ src: '192.168.1.50', dst: '10.0.0.9', proto: 'udp' }), { ifname: 'eth1' });
    assert.equal(allowed.fate.outcome, 'transmitted');
    assert.equal(stepOf(allowed, 'nic-tx')?.ifname, 'eth0');
  });
});
