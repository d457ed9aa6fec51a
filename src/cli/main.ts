// xdp-lab: the engine, headless. Exit codes: 0 clean, 1 errors or a rejected program, 2 usage or I/O problem.

import * as path from 'path';
import { loadCParser, type CParser } from '../engine/parse/treesitter';
import { cacheDir } from '../host/cache-dir';
import { buildId, loadItemCache, saveItemCache } from '../host/item-cache-store';
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
  XDP_LAB_CACHE_DIR  where parsed header items (and, for run, whole front-end results, used while the file,
                     options and every header read are unchanged) are kept between runs (default
                     \$XDG_CACHE_HOME/xdp-lab or ~/.cache/xdp-lab); XDP_LAB_NO_CACHE=1 parses everything afresh.
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
    // Results kept between runs (host/item-cache-store.ts, host/frontend-cache-store.ts): converted header items,
    // and for `run` whole front-end results. XDP_LAB_NO_CACHE turns both off.
    const dir = cacheDir();
    const build = buildId([__filename, path.join(__dirname, 'tree-sitter-c.wasm')]);
    // The parser is loaded only when something has to be parsed.
    let parser: CParser | undefined;
    const getParser = async (): Promise<CParser> => {
      if (!parser) {
        parser = await loadCParser({ wasmDir: __dirname });
        if (dir) loadItemCache(parser, dir, build);
      }
      return parser;
    };
    const code = cmd === 'verify'
      ? verifyCommand(rest, await getParser(), io)
      : await runCommand(rest, getParser, io, dir ? { dir, build } : undefined);
    if (dir && parser) saveItemCache(parser, dir, build);
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
