// xdp-lab: the engine, headless. Exit codes: 0 clean, 1 errors or a rejected program, 2 usage or I/O problem.

import * as path from 'path';
import { loadCParser } from '../engine/parse/treesitter';
import { buildId, cacheDir, loadItemCache, saveItemCache } from '../host/item-cache-store';
import { UsageError } from './args';
import { runCommand } from './run';
import { CliIO, verifyCommand } from './verify';

const USAGE = `usage: xdp-lab <command> [options]

commands:
  verify FILE [-I DIR]... [-D NAME[=VALUE]]... [-U NAME]... [--include FILE]... [--json] [--ir]
      Preprocess, parse and type-check FILE; list its programs and maps; print diagnostics
      as file:line:col: severity: message [CODE], or one JSON document with --json.
  run FILE --pcap CAPTURE [--program NAME] [--hook xdp|tc-ingress|tc-egress] [--maps INIT.json]
      [--out RESULT.pcapng] [--json] [--summary] [--count N] [--force] [--timings] [-I/-D/-U/--include as verify]
      Replay a pcap or pcapng capture through a program, packet by packet, maps persisting: one line per
      packet (tcpdump summary, @exit[VERDICT], printk), counts per verdict, then the maps. --json: one JSON
      object per packet, then {"maps":...}, then {"summary":...}. --out writes the packets as the program
      left them, with each verdict (pcapng epb_verdict; Wireshark's frame.verdict.ebpf_xdp / ebpf_tc).
      A program the verifier rejects runs only with --force.
      --path [--scenario LAB.json] [--direction ingress|egress] [--xdp-mode native|generic]: send each packet
      through the modelled kernel path (NIC ring, NAPI, XDP, sk_buff, TC, netfilter, routing, socket or TX)
      with the programs attached where the scenario says (default: one interface, --hook's program); prints
      each journey and fate, then per-interface counters.

environment:
  XDP_LAB_CACHE_DIR  where parsed header items are kept between runs (default \$XDG_CACHE_HOME/xdp-lab or
                     ~/.cache/xdp-lab); XDP_LAB_NO_CACHE=1 parses everything afresh every run.
`;

async function main(argv: string[]): Promise<number> {
  const io: CliIO = { out: s => process.stdout.write(s), err: s => process.stderr.write(s) };
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(USAGE);
    return cmd ? 0 : 2;
  }
  try {
    if (cmd !== 'verify' && cmd !== 'run') throw new UsageError(`unknown command '${cmd}'`);
    const parser = await loadCParser({ wasmDir: __dirname });
    // Converted header items kept between runs (see host/item-cache-store.ts); XDP_LAB_NO_CACHE turns it off.
    const dir = cacheDir();
    const build = buildId([__filename, path.join(__dirname, 'tree-sitter-c.wasm')]);
    if (dir) loadItemCache(parser, dir, build);
    const code = cmd === 'verify' ? verifyCommand(rest, parser, io) : runCommand(rest, parser, io);
    if (dir) saveItemCache(parser, dir, build);
    return code;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`xdp-lab: ${e.message}\n${USAGE}`);
      return 2;
    }
    io.err(`xdp-lab: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
});
