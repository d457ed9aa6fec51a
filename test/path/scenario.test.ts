// The scenario document: the shipped JSON schema, and the validator's errors with their JSON paths.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PathModel } from '../../src/engine/path/model';
import { parseScenarioText, validateScenario } from '../../src/engine/path/scenario';
import { defaultScenario, type Scenario } from '../../src/engine/path/scenario-types';
import { always, XDP } from './fake-runner';
import { runAll } from './helpers';
import { frame } from './packets';

const SCHEMA = path.join(__dirname, '../../schemas/scenario.schema.json');

/** Uses every property the Scenario type has, so the type and the schema cannot drift apart unnoticed. */
const FULL: Scenario = {
  $schema: './schemas/scenario.schema.json',
  direction: 'ingress',
  cpus: 4,
  napiBudget: 64,
  forwarding: true,
  rss: { key: '6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa', udpPorts: false },
  interfaces: [
    {
      name: 'eth0', ifindex: 2, mac: '02:00:00:00:00:01', addresses: ['10.0.0.1/24', '2001:db8::1/64'], rxQueues: 2, txQueues: 2,
      ringSize: 1024, coalesce: { rxUsecs: 8, rxFrames: 128 }, mtu: 1500, speedMbps: 25000, txqueuelen: 1000, gro: true, tso: true,
      promisc: false, irqAffinity: [0, 1], xps: [[0], [1], [0], [1]], rss: { indirection: [1, 0] },
    },
    { name: 'eth1', addresses: ['192.168.1.1/24'] },
  ],
  programs: [
    { iface: 'eth0', hook: 'xdp', program: 'xdp_fw', mode: 'native' },
    { iface: 'eth0', hook: 'tc-ingress', program: 'tc_in', tcMode: 'cls_bpf' },
    { iface: 'eth1', hook: 'tc-egress', program: 'tc_out', tcMode: 'tcx' },
  ],
  netfilter: {
    prerouting: { rules: [{ match: { proto: 'tcp', daddr: '10.0.0.1', dport: 80 }, action: 'dnat', to: '192.168.1.20:8080' }] },
    input: { policy: 'drop', rules: [
      { match: { ct: ['established', 'related'] }, action: 'accept' },
      { match: { iif: 'eth0', saddr: ['10.0.0.0/24'], family: 'ipv4', proto: 'udp', sport: '1024-65535', dport: [53, '5353'] }, action: 'accept' },
      { match: { proto: 'tcp', dport: 23 }, action: 'reject', reject: 'tcp-reset', comment: 'no telnet' },
    ] },
    forward: { rules: [{ match: { oif: 'eth1', proto: 6 }, action: 'accept' }] },
    output: { rules: [{ action: 'accept' }] },
    postrouting: { rules: [{ match: { oif: 'eth1' }, action: 'masquerade' }, { match: { oif: 'eth0' }, action: 'snat', to: '10.0.0.100' }] },
  },
  routes: [{ dst: 'default', via: '192.168.1.254', metric: 100 }, { dst: '10.9.0.0/16', type: 'blackhole' }, { dst: '10.8.0.0/16', dev: 'eth1' }],
  sockets: [{ proto: 'udp', port: 53, addr: '10.0.0.1', name: 'dns' }],
  xsks: [{ name: 'xsk0', iface: 'eth0', queue: 1, key: 1 }],
  maps: { blocklist: { entries: [{ key: [10, 0, 0, 9], value: 1 }, { key: '0x0a000008', value: '0x01' }] } },
  conntrack: { max: 65536 },
  cost: { cpuGhz: 2.5, cycles: { skbAlloc: 400, copyPerByte: 0.2 } },
};

function errorsOf(doc: unknown): Array<[string, string]> {
  return validateScenario(doc).errors.map(e => [e.path, e.message]);
}

function only(doc: unknown): [string, string] {
  const errs = errorsOf(doc);
  assert.equal(errs.length, 1, JSON.stringify(errs));
  return errs[0];
}

function withChange(change: (s: Scenario) => void): Scenario {
  const s = JSON.parse(JSON.stringify(FULL)) as Scenario;
  change(s);
  return s;
}

interface Node {
  [k: string]: unknown;
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach(n => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('path: scenario schema and validator', () => {
  it('ships a draft-07 schema whose references all resolve', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as { $schema: string; definitions: Node };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const names = refs(schema).map(r => r.replace('#/definitions/', ''));
    assert.ok(names.length > 10);
    for (const n of names) assert.ok(n in schema.definitions, `unresolved $ref ${n}`);
  });

  it('accepts a scenario using every feature, and the defaults', () => {
    assert.deepEqual(errorsOf(FULL), []);
    assert.deepEqual(errorsOf(defaultScenario()), []);
    assert.deepEqual(errorsOf(defaultScenario({ hook: 'tc-egress', direction: 'egress' })), []);
  });

  it('the full scenario runs', () => {
    const js = runAll(new PathModel(FULL, always(XDP.PASS)), [{ bytes: frame({ src: '10.0.0.9', dst: '10.0.0.1', proto: 'udp', dport: 53 }), tsNs: 0 }]);
    assert.equal(js.length, 1);
  });

  it('names the JSON path of a misspelt property and suggests the right one', () => {
    assert.deepEqual(only(withChange(s => Object.assign(s.interfaces[0], { mtuu: 9000 }))), ['$.interfaces[0].mtuu', 'unknown property "mtuu" (did you mean "mtu"?)']);
  });

  it('reports wrong types, enums, ranges and missing properties', () => {
    assert.deepEqual(only(withChange(s => Object.assign(s.interfaces[0], { rxQueues: '4' }))), ['$.interfaces[0].rxQueues', 'must be an integer, not string "4"']);
    assert.deepEqual(only(withChange(s => Object.assign(s.programs?.[0] ?? {}, { hook: 'tc' }))), ['$.programs[0].hook', 'must be one of "xdp", "tc-ingress", "tc-egress", not "tc"']);
    assert.deepEqual(only(withChange(s => { s.napiBudget = 0; })), ['$.napiBudget', 'must be at least 1, not 0']);
    assert.deepEqual(only({}), ['$', 'missing required property "interfaces"']);
    assert.deepEqual(only(withChange(s => Object.assign(s.netfilter?.input?.rules?.[0].match ?? {}, { ct: 'neww' }))), [
      '$.netfilter.input.rules[0].match.ct', 'must be one of "new", "established", "related", "invalid", not "neww"',
    ]);
    const [p, m] = only(withChange(s => Object.assign(s.netfilter?.input?.rules?.[1].match ?? {}, { dport: true })));
    assert.equal(p, '$.netfilter.input.rules[1].match.dport');
    assert.match(m, /^must be .*an integer.* or a list of .*, not boolean true$/);
  });

  it('checks what the schema cannot: addresses, references, NAT placement, queue numbers', () => {
    assert.deepEqual(only(withChange(s => { s.interfaces[0].addresses = ['10.0.0.300/24']; })), [
      '$.interfaces[0].addresses[0]', '"10.0.0.300/24" is not an address with prefix length (10.0.0.1/24, 2001:db8::1/64)',
    ]);
    assert.deepEqual(only(withChange(s => { s.programs = [{ iface: 'eth9', hook: 'xdp', program: 'p' }]; })), [
      '$.programs[0].iface', 'no interface named "eth9" (interfaces: eth0, eth1)',
    ]);
    assert.deepEqual(only(withChange(s => { s.netfilter = { input: { rules: [{ action: 'dnat', to: '10.0.0.2' }] } }; })), [
      '$.netfilter.input.rules[0].action', 'dnat belongs in the prerouting or output chain',
    ]);
    assert.deepEqual(only(withChange(s => { s.netfilter = { prerouting: { rules: [{ action: 'dnat' }] } }; })), [
      '$.netfilter.prerouting.rules[0]', 'dnat needs "to" (an address, optionally with a port)',
    ]);
    assert.deepEqual(only(withChange(s => { s.netfilter = { input: { rules: [{ match: { proto: 'tcp', dport: '90-80' }, action: 'drop' }] } }; })), [
      '$.netfilter.input.rules[0].match.dport', '"90-80" is not a port or a range lo-hi',
    ]);
    assert.deepEqual(only(withChange(s => { s.netfilter = { input: { rules: [{ match: { dport: 80 }, action: 'drop' }] } }; })), [
      '$.netfilter.input.rules[0].match', 'ports need proto "tcp" or "udp"',
    ]);
    assert.deepEqual(only(withChange(s => { s.xsks = [{ name: 'x', iface: 'eth1', queue: 3 }]; })), [
      '$.xsks[0].queue', 'queue 3 does not exist ("eth1" has 1 RX queue)',
    ]);
    assert.deepEqual(only(withChange(s => { s.programs?.push({ iface: 'eth0', hook: 'xdp', program: 'second', mode: 'generic' }); })), [
      '$.programs[3]', '"eth0" already has an XDP program (one per interface, in one mode)',
    ]);
    assert.deepEqual(only(withChange(s => { s.rss = { indirection: [0, 1] }; })), [
      '$.rss.indirection[1]', 'queue 1 does not exist ("eth1" has 1 RX queue)',
    ]);
    assert.deepEqual(only(withChange(s => { s.rss = { key: 'abcd' }; })), [
      '$.rss.key', 'must be at least 40 bytes of hex (the Toeplitz key covers an IPv6 4-tuple)',
    ]);
    assert.deepEqual(only(withChange(s => { s.cost = { cycles: { skbAloc: 1 } }; }))[0], '$.cost.cycles.skbAloc');
    assert.deepEqual(only(withChange(s => { s.routes = [{ dst: '10.0.0.0/8' }]; })), ['$.routes[0]', 'a unicast route needs "dev" or "via"']);
  });

  it('reports text that is not JSON at the top', () => {
    const r = parseScenarioText('{ "interfaces": [ }');
    assert.equal(r.value, undefined);
    assert.equal(r.errors[0].path, '$');
    assert.match(r.errors[0].message, /^not valid JSON: /);
    assert.ok(parseScenarioText(JSON.stringify(FULL)).value);
  });
});
