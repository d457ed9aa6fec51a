// `xdp-lab run` as a user runs it: the bundled CLI on a program and a capture written to a scratch directory.
// Expected verdicts and bytes follow from the C programs below and the packets the test builds; where the
// kernel is available, the CLI's per-packet JSON is compared with BPF_PROG_TEST_RUN on the same packets.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureReader, PcapWriter, readPacketOptions } from '../../src/engine/pcap';
import { concat, ethernet, ipv4, udp4, udpFrame } from '../interp/packets';
import { kernelOracleUnavailable, runInKernel } from '../interp/kernel-oracle';
import { cliMissing, Scratch } from './cli-run';

const HEAD = `#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
`;

// Drops UDP to the port stored in config[0] (network order), counts every packet in counts[0].
const FILTER = HEAD + `
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u16);
	__uint(max_entries, 1);
} config SEC(".maps");

SEC("xdp")
int filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct udphdr *udp;
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&counts, &zero);
	__u16 *port;

	if (n)
		__sync_fetch_and_add(n, 1);
	if ((void *)(eth + 1) > data_end)
		return XDP_ABORTED;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end || iph->protocol != IPPROTO_UDP || iph->ihl != 5)
		return XDP_PASS;
	udp = (void *)(iph + 1);
	if ((void *)(udp + 1) > data_end)
		return XDP_PASS;
	port = bpf_map_lookup_elem(&config, &zero);
	if (port && *port && udp->dest == *port) {
		bpf_printk("drop port %d", bpf_ntohs(udp->dest));
		return XDP_DROP;
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
`;

// Swaps the Ethernet addresses and sends the frame back out.
const SWAP = HEAD + `
SEC("xdp")
int swap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN];

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
`;

// Reads byte 20 of the packet without a bounds check: the verifier rejects it.
const UNCHECKED = HEAD + `
SEC("xdp")
int unchecked(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	return data[20] == 0x11 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
`;

const TC = HEAD + `
#include <linux/pkt_cls.h>
SEC("tc")
int mark(struct __sk_buff *skb)
{
	skb->mark = skb->len;
	return skb->len > 100 ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("xdp")
int other(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
`;

/** Three UDP frames to ports 53, 9, 53 and one ARP-sized non-IP frame. */
function frames(): Uint8Array[] {
  const arp = concat(ethernet('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:0a', 0x0806), new Uint8Array(28));
  return [udpFrame(new Uint8Array(12), 53), udpFrame(new Uint8Array(40), 9), udpFrame(new Uint8Array(3), 53), arp];
}

function writePcap(file: string, packets: Uint8Array[], linkType = 1): void {
  const chunks: Uint8Array[] = [];
  const w = new PcapWriter(c => chunks.push(c.slice()), { linkType, nanosecond: true });
  packets.forEach((data, i) => w.write({ tsSec: 1_700_000_000 + i, tsNsec: 250_000_000 * i, data }));
  w.end();
  fs.writeFileSync(file, concat(...chunks));
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function jsonLines(stdout: string): Array<Record<string, any>> {
  return stdout.trim().split('\n').map(l => JSON.parse(l));
}

describe('xdp-lab run', function () {
  this.timeout(120_000);
  let s: Scratch;
  let pcap: string;
  before(function () {
    const why = cliMissing();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    s = new Scratch();
    s.write('filter.c', FILTER);
    s.write('swap.c', SWAP);
    s.write('unchecked.c', UNCHECKED);
    s.write('tc.c', TC);
    pcap = path.join(s.dir, 'in.pcap');
    writePcap(pcap, frames());
  });

  it('prints one tcpdump-style line per packet with its verdict, then the counts and the maps', () => {
    s.write('port53.json', JSON.stringify({ config: [['00000000', '0035']] }));
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'port53.json');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^1 22:13:20\.000000 IP 192\.0\.2\.10\.40000 > 198\.51\.100\.20\.53: UDP, length 12 @exit\[XDP_DROP\]$/);
    assert.equal(lines[1], '    printk: drop port 53');
    assert.match(lines[2], /^2 22:13:21\.250000 IP 192\.0\.2\.10\.40000 > 198\.51\.100\.20\.9: UDP, length 40 @exit\[XDP_PASS\]$/);
    assert.match(lines[3], /^3 .* @exit\[XDP_DROP\]$/);
    assert.match(lines[5], /^4 .*ARP.* @exit\[XDP_PASS\]$/);
    assert.ok(lines.includes('4 packets: XDP_DROP 2, XDP_PASS 2'), r.stdout);
    // counts[0] went up once per packet: 4, as a little-endian u64.
    assert.ok(lines.includes('    00000000: 0400000000000000'), r.stdout);
  });

  it('--json streams one object per packet, then the maps, then the summary; maps persist across packets', () => {
    s.write('port9.json', JSON.stringify({ config: [['00000000', '0009']], counts: [['00000000', '0a00000000000000']] }));
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'port9.json', '--json');
    assert.equal(r.code, 0, r.stderr);
    const objs = jsonLines(r.stdout);
    assert.equal(objs.length, 6);
    const input = frames();
    objs.slice(0, 4).forEach((o, i) => {
      assert.equal(o.i, i + 1);
      assert.equal(o.ts, `${1_700_000_000 + i}.${String(250_000_000 * i).padStart(9, '0')}`);
      assert.equal(o.len_in, input[i].length);
      assert.equal(o.len_out, input[i].length);
      assert.equal(o.data_out_hex, hex(input[i]));
      assert.equal(o.action, i === 1 ? 'XDP_DROP' : 'XDP_PASS');
      assert.equal(o.retval, i === 1 ? 1 : 2);
      assert.deepEqual(o.printk, i === 1 ? ['drop port 9'] : []);
    });
    // Seeded with 10, plus one per packet.
    const counts = objs[4].maps.counts as string[][];
    assert.deepEqual(counts[0], ['00000000', '0e00000000000000']);
    assert.deepEqual(objs[5].summary.actions, { XDP_PASS: 3, XDP_DROP: 1 });
    assert.equal(objs[5].summary.packets, 4);
    assert.equal(objs[5].summary.bytes_in, input.reduce((n, f) => n + f.length, 0));
  });

  it('rewritten packets come out rewritten, in JSON and in --out pcapng with the verdict per packet', () => {
    const r = s.run('run', 'swap.c', '--pcap', 'in.pcap', '--json', '--out', 'out.pcapng');
    assert.equal(r.code, 0, r.stderr);
    const objs = jsonLines(r.stdout);
    const input = frames();
    input.forEach((f, i) => {
      const want = concat(f.subarray(6, 12), f.subarray(0, 6), f.subarray(12));
      assert.equal(objs[i].data_out_hex, hex(want));
      assert.equal(objs[i].action, 'XDP_TX');
    });
    // Read the pcapng back: packet ids, the eBPF XDP verdict (type 2, action 3) and the rewritten bytes.
    const bytes = fs.readFileSync(path.join(s.dir, 'out.pcapng'));
    const reader = new CaptureReader();
    reader.push(bytes);
    reader.end();
    let n = 0;
    for (let rec = reader.next(); rec; rec = reader.next()) {
      const opts = readPacketOptions(rec);
      assert.equal(hex(rec.data), objs[n].data_out_hex);
      assert.equal(Number(opts.packetId), n + 1);
      assert.deepEqual(opts.verdicts?.map(v => [v.type, hex(v.data)]), [[2, '0300000000000000']]);
      n++;
    }
    assert.equal(n, 4);
    assert.equal(reader.error, undefined);
  });

  it('--out pcapng opens in tshark with frame.verdict.ebpf_xdp', function () {
    if (spawnSync('tshark', ['-v']).status !== 0) {
      console.log('      skipped: tshark is not installed');
      this.skip();
    }
    s.write('p53.json', JSON.stringify({ config: [['00000000', '0035']] }));
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'p53.json', '--summary', '--out', 'v.pcapng');
    assert.equal(r.code, 0, r.stderr);
    const t = spawnSync('tshark', ['-r', path.join(s.dir, 'v.pcapng'), '-T', 'fields', '-e', 'frame.verdict.ebpf_xdp', '-e', 'frame.packet_id'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    assert.deepEqual(t.stdout.trim().split('\n').map(l => l.split('\t')), [['1', '1'], ['2', '2'], ['1', '3'], ['2', '4']]);
  });

  it('a program the verifier rejects does not run without --force; with it, the run-time check aborts the packet', () => {
    const r = s.run('run', 'unchecked.c', '--pcap', 'in.pcap');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unchecked\.c:\d+:\d+: error: .*\[VERIFY_PACKET_BOUNDS\]/);
    assert.match(r.stderr, /--force/);
    assert.equal(r.stdout, '');
    // A 21-byte frame: data[20] is in the packet; a 20-byte frame: it is not, and the run-time check ends it.
    writePcap(path.join(s.dir, 'short.pcap'), [new Uint8Array(21).fill(0x11), new Uint8Array(20)]);
    const f = s.run('run', 'unchecked.c', '--pcap', 'short.pcap', '--force', '--json');
    assert.equal(f.code, 0, f.stderr);
    const objs = jsonLines(f.stdout);
    assert.equal(objs[0].action, 'XDP_DROP');
    assert.equal(objs[1].action, 'XDP_ABORTED');
    const line = UNCHECKED.split('\n').findIndex(l => l.includes('data[20]')) + 1;
    assert.match(objs[1].error, new RegExp(`unchecked\\.c:${line}:`));
    assert.equal(objs[3].summary.errors, 1);
  });

  it('a damaged capture keeps the packets before the damage and names the packet and byte offset', () => {
    const whole = fs.readFileSync(pcap);
    const input = frames();
    // File header 24 bytes, then per packet a 16-byte record header and the data: cut inside packet 3's data.
    const third = 24 + 16 + input[0].length + 16 + input[1].length;
    fs.writeFileSync(path.join(s.dir, 'cut.pcap'), whole.subarray(0, third + 16 + 5));
    const r = s.run('run', 'filter.c', '--pcap', 'cut.pcap');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^1 .*\n2 .*\n2 packets: XDP_PASS 2\n/);
    assert.match(r.stderr, new RegExp(`cut\\.pcap: error: .*packet 3, byte offset ${third}\\b`));
  });

  it('a raw-IP capture gets a synthesised Ethernet header, and says so', () => {
    const u = udp4([10, 0, 0, 1], [10, 0, 0, 2], 1000, 53, new Uint8Array(4));
    writePcap(path.join(s.dir, 'raw.pcap'), [concat(ipv4(17, [10, 0, 0, 1], [10, 0, 0, 2], u.length), u)], 101);
    s.write('p53.json', JSON.stringify({ config: [['00000000', '0035']] }));
    const r = s.run('run', 'filter.c', '--pcap', 'raw.pcap', '--maps', 'p53.json', '--json');
    assert.equal(r.code, 0, r.stderr);
    const [p] = jsonLines(r.stdout);
    assert.equal(p.action, 'XDP_DROP');
    assert.equal(p.synthesized_ethernet, true);
    assert.equal(p.len_in, 14 + 20 + 8 + 4);
    assert.equal(p.data_out_hex.slice(24, 28), '0800');
  });

  it('TC programs run at --hook tc-ingress / tc-egress with the sk_buff fields they set', () => {
    const r = s.run('run', 'tc.c', '--pcap', 'in.pcap', '--hook', 'tc-egress', '--json');
    assert.equal(r.code, 0, r.stderr);
    const objs = jsonLines(r.stdout);
    frames().forEach((f, i) => {
      assert.equal(objs[i].action, f.length > 100 ? 'TC_ACT_SHOT' : 'TC_ACT_OK');
      assert.equal(objs[i].skb.mark, f.length);
    });
    assert.equal(objs[5].summary.hook, 'tc-egress');
  });

  it('says which program to choose, and refuses a program at the wrong hook', () => {
    const two = s.run('run', 'tc.c', '--pcap', 'in.pcap', '--hook', 'xdp', '--program', 'mark');
    assert.equal(two.code, 2);
    assert.match(two.stderr, /mark is a tc program; it cannot run at --hook xdp/);
    const none = s.run('run', 'tc.c', '--pcap', 'in.pcap');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /2 programs \(mark \(tc\), other \(xdp\)\); choose one with --program NAME/);
    const missing = s.run('run', 'filter.c');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /run needs --pcap CAPTURE/);
    const nofile = s.run('run', 'filter.c', '--pcap', 'nope.pcap');
    assert.equal(nofile.code, 2);
    assert.match(nofile.stderr, /cannot read nope\.pcap: ENOENT/);
  });

  it('--maps problems point into the JSON file', () => {
    s.write('bad.json', '{\n  "config": [["00000000", "0035"]],\n  "counts": [["00", "01"]\n}\n');
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'bad.json');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.json:4:1: error: not valid JSON/);
    s.write('unknown.json', '{\n  "config": [["00000000", "0035"]],\n  "nosuch": [["00", "01"]]\n}\n');
    const u = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'unknown.json');
    assert.equal(u.code, 1);
    assert.match(u.stderr, /unknown\.json:3:3: error: nosuch: no such map/);
    s.write('size.json', '{"config": [["00000000", "003500"]]}');
    const z = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'size.json');
    assert.equal(z.code, 1);
    assert.match(z.stderr, /size\.json:1:2: error: config: .*2/);
  });

  it('agrees with BPF_PROG_TEST_RUN packet for packet, and on the maps', function () {
    const why = kernelOracleUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    const file = path.join(s.dir, 'filter.c');
    const input = frames();
    const k = runInKernel(file, 'filter', input, [['config', '00000000', '3500']]);
    assert.equal(k.loadError, undefined);
    s.write('k.json', JSON.stringify({ config: [['00000000', '3500']] }));
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'k.json', '--json');
    const objs = jsonLines(r.stdout);
    k.packets.forEach((p, i) => {
      assert.equal(p.err, 0);
      assert.equal(objs[i].retval, p.retval, `packet ${i + 1}`);
      assert.equal(objs[i].data_out_hex, hex(p.out), `packet ${i + 1}`);
    });
    const kc = k.maps.find(m => m.map === 'counts' && m.key === '00000000');
    assert.deepEqual(objs[4].maps.counts[0], ['00000000', kc?.value]);
  });

  it('--path prints each journey through the modelled kernel path, and the counters', () => {
    s.write('p53.json', JSON.stringify({ config: [['00000000', '0035']] }));
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--maps', 'p53.json', '--path');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    // Port 53 is dropped by XDP before any sk_buff exists; port 9 passes, gets an sk_buff with XDP's 256-byte
    // headroom and, with no socket listening, the kernel answers with ICMP port unreachable.
    assert.equal(lines[1], '    q0 rx → napi → xdp:DROP dropped');
    assert.equal(lines[2], '    printk (filter): drop port 53');
    assert.match(lines[3], /^2 .*\.9: UDP, length 40$/);
    assert.equal(lines[4], `    q0 rx → napi → xdp:PASS → skb(hr=256,len=${frames()[1].length}) → pre → route:local → in → udp:9 dropped → icmp-port-unreachable`);
    assert.ok(lines.some(l => /^  eth0 \(ifindex 2\): .*rx_packets 4\b.*xdp_drop 2\b/.test(l)), r.stdout);
    assert.ok(lines.includes('    00000000: 0400000000000000'), r.stdout);
  });

  it('--path --json adds path and fate per packet and the counters to the summary', () => {
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--path', '--json');
    assert.equal(r.code, 0, r.stderr);
    const objs = jsonLines(r.stdout);
    assert.equal(objs.length, 6);
    const stages = (o: Record<string, any>) => (o.path as Array<{ stage: string }>).map(x => x.stage);
    assert.deepEqual(stages(objs[0]).slice(0, 4), ['nic-rx', 'irq', 'napi-poll', 'xdp']);
    assert.ok(stages(objs[0]).includes('skb-alloc'));
    assert.equal(objs[0].runs[0].action, 'XDP_PASS');
    assert.deepEqual(objs[0].fate.outcome, 'dropped');
    const summary = objs[5].summary;
    assert.equal(summary.packets, 4);
    assert.equal(summary.counters.interfaces[0].rx_packets, 4);
  });

  it('--scenario problems name the scenario file', () => {
    s.write('lab.json', JSON.stringify({ interfaces: 'eth0' }));
    const r = s.run('run', 'filter.c', '--pcap', 'in.pcap', '--scenario', 'lab.json');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /lab\.json:1:1: error: .*interfaces/);
  });
});
