// The session API: the default machine without a scenario, problems reported as diagnostics (never thrown),
// map contents from the scenario and from a maps file, per-packet program output handed out with the journey.

import { strict as assert } from 'assert';
import { frame } from '../path/packets';
import { feed, mapOf, okSession, sessionFor, stepOf } from './helpers';

const udp = (dport = 53): Uint8Array => frame({ src: '192.0.2.10', dst: '192.0.2.1', proto: 'udp', sport: 4000, dport, payload: 20 });

const TWO = `
SEC("xdp") int x_prog(struct xdp_md *ctx) { return XDP_PASS; }
SEC("tc") int t_prog(struct __sk_buff *skb) { return TC_ACT_OK; }`;

describe('attach: session', () => {
  it('without a scenario: one interface, the first XDP program at xdp, everything local', async () => {
    const s = await okSession(TWO);
    assert.deepEqual(s.attached, [{ iface: 'eth0', hook: 'xdp', program: 'x_prog', function: 'x_prog', section: 'xdp', mode: 'native' }]);
    assert.equal(s.scenario?.interfaces.length, 1);
    const [r] = feed(s, [udp()]);
    assert.equal(stepOf(r, 'routing').result, 'local');
    assert.equal(r.journey.reply?.kind, 'icmp-port-unreachable');
  });

  it('without a scenario: a program named by section, the hook from its type; tc-egress defaults to egress', async () => {
    const tc = await okSession(TWO, { programName: 'tc' });
    assert.equal(tc.attached[0].hook, 'tc-ingress');
    assert.equal(tc.attached[0].function, 't_prog');
    const out = await okSession(TWO, { hook: 'tc-egress' });
    assert.equal(out.attached[0].program, 't_prog');
    const [r] = feed(out, [udp()]);
    assert.equal(r.journey.direction, 'egress');
    assert.equal(stepOf(r, 'tc-egress').program, 't_prog');
  });

  it('problems are diagnostics and a session with errors runs nothing', async () => {
    const unknown = await sessionFor(TWO, { programName: 'nope' });
    assert.equal(unknown.ok, false);
    assert.match(unknown.diagnostics[0].message, /no program named 'nope'.*x_prog/);
    assert.deepEqual(unknown.ingest(udp(), 0), []);
    assert.deepEqual(unknown.finish(), []);

    const wrongHook = await sessionFor(TWO, { scenario: { interfaces: [{ name: 'eth0' }], programs: [{ iface: 'eth0', hook: 'xdp', program: 't_prog' }] } });
    assert.equal(wrongHook.ok, false);
    assert.match(wrongHook.diagnostics[0].message, /\$\.programs\[0\]: t_prog is a TC program .* cannot be attached at xdp/);

    const twice = await sessionFor(TWO, { scenario: { interfaces: [{ name: 'eth0' }], programs: [
      { iface: 'eth0', hook: 'xdp', program: 'x_prog' }, { iface: 'eth0', hook: 'tc-ingress', program: 'x_prog' }] } });
    assert.deepEqual(twice.diagnostics.map(d => d.message.slice(0, 15)), ['$.programs[1]: ']);

    const badScenario = await sessionFor(TWO, { scenario: { programs: [] }, scenarioFile: 'lab.json' });
    assert.equal(badScenario.ok, false);
    assert.equal(badScenario.diagnostics[0].code, 'PATH_SCENARIO');
    assert.equal(badScenario.diagnostics[0].range.file, 'lab.json');

    const noTc = await sessionFor('SEC("xdp") int x(struct xdp_md *ctx) { return XDP_PASS; }', { hook: 'tc-ingress' });
    assert.match(noTc.diagnostics[0].message, /no TC program to attach at tc-ingress/);

    const unsupported = await sessionFor('SEC("xdp") int x(struct xdp_md *ctx) { bpf_get_current_pid_tgid(); return XDP_PASS; }');
    assert.equal(unsupported.ok, false);
    assert.ok(unsupported.diagnostics.some(d => d.range.file === '/src/prog.c'), 'the refusal points into the source');
  });

  it('map contents: integers little-endian in the key/value size, hex and byte lists as given; errors name the JSON path', async () => {
    const c = `
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16); __type(key, __u16); __type(value, __u32); } blocked SEC(".maps");
SEC("xdp") int filter(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  if (data + 38 > data_end) return XDP_PASS;
  __u16 dport = *(__u16 *)(data + 36);
  __u32 *hit = bpf_map_lookup_elem(&blocked, &dport);
  if (!hit) return XDP_PASS;
  __sync_fetch_and_add(hit, 1);
  return XDP_DROP;
}`;
    // Port 53 as the program reads it: the packet's bytes 00 35, so the key is "0035" (13568 as a u16 on x86).
    const s = await okSession(c, { scenario: { interfaces: [{ name: 'eth0' }], programs: [{ iface: 'eth0', hook: 'xdp', program: 'filter' }],
      maps: { blocked: { entries: [{ key: '0035', value: 0 }, { key: [0, 123], value: [5, 0, 0, 0] }] } } } });
    const rs = feed(s, [udp(53), udp(123), udp(80)]);
    assert.deepEqual(rs.map(r => stepOf(r, 'xdp').verdict), ['XDP_DROP', 'XDP_DROP', 'XDP_PASS']);
    assert.deepEqual(mapOf(s, 'blocked'), { '0035': '01000000', '007b': '06000000' });

    const fromFile = await okSession(c, { maps: { blocked: [['0050', '00000000']] } });
    assert.deepEqual(feed(fromFile, [udp(80)]).map(r => stepOf(r, 'xdp').verdict), ['XDP_DROP']);

    const bad = await sessionFor(c, { scenario: { interfaces: [{ name: 'eth0' }], programs: [{ iface: 'eth0', hook: 'xdp', program: 'filter' }],
      maps: { blocked: { entries: [{ key: 70000, value: 1 }] }, nosuch: { entries: [] } } } });
    const msgs = bad.diagnostics.map(d => d.message);
    assert.ok(msgs.some(m => /\$\.maps\["blocked"\]\.entries\[0\]\.key: 70000 does not fit in 2 bytes/.test(m)), msgs.join('\n'));
    assert.ok(msgs.some(m => /\$\.maps\["nosuch"\]: no map or global section named 'nosuch'/.test(m)), msgs.join('\n'));
  });

  it('each journey comes with its program runs: verdict, printk lines, steps', async () => {
    const s = await okSession(`
SEC("xdp") int talk(struct xdp_md *ctx) {
  bpf_printk("queue %u", ctx->rx_queue_index);
  return XDP_PASS;
}`);
    const [r] = feed(s, [udp()]);
    assert.equal(r.runs.length, 1);
    assert.equal(r.runs[0].hook, 'xdp');
    assert.equal(r.runs[0].ifname, 'eth0');
    assert.equal(r.runs[0].action, 'XDP_PASS');
    assert.deepEqual(r.runs[0].printk, ['queue 0']);
    assert.ok(r.runs[0].steps > 0);
    assert.equal(stepOf(r, 'xdp').retval, 2);
  });

  it('a run-time fault in TC shows as an aborted packet with the source position', async () => {
    const s = await okSession(`
SEC("tc") int bad(struct __sk_buff *skb) {
  __u8 *data = (void *)(long)skb->data;
  return data[2000] ? TC_ACT_OK : TC_ACT_SHOT;
}`);
    const [r] = feed(s, [udp()]);
    assert.equal(r.journey.fate.outcome, 'aborted');
    assert.equal(r.journey.fate.at, 'tc-ingress');
    assert.match(r.journey.fate.detail, /prog\.c:\d+:\d+/);
    assert.ok(r.runs[0].error);
  });

  it('TC_ACT_UNSPEC (-1) from a cls_bpf program continues like OK', async () => {
    const s = await okSession('SEC("tc") int unspec(struct __sk_buff *skb) { return TC_ACT_UNSPEC; }');
    const [r] = feed(s, [udp()]);
    const tc = stepOf(r, 'tc-ingress');
    assert.equal(tc.retval, -1);
    assert.equal(tc.verdict, 'UNSPEC');
    assert.equal(stepOf(r, 'routing').result, 'local');
  });
});
