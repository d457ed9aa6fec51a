// `xdp-lab verify FILE [-I DIR]... [-D NAME[=VALUE]]... [-U NAME]... [--include FILE]... [--json] [--ir]`

import * as path from 'path';
import { printModule } from '../engine/ir/print';
import { verifyModule } from '../engine/verifier';
import type { CParser } from '../engine/parse/treesitter';
import { LineIndex } from '../engine/source';
import { parseCommonArgs, UsageError } from './args';
import { buildReport, formatText } from './report';
import { CliIO, loadSource } from './load-source';

export type { CliIO };

export function verifyCommand(argv: readonly string[], parser: CParser, io: CliIO): number {
  const args = parseCommonArgs(argv);
  if (!args.file) throw new UsageError('verify needs a source file');
  const file = args.file;
  const fr = loadSource({ ...args, file }, parser, io);
  if (!fr) return 2;
  // The verifier runs on what the front end accepted; with front-end errors the verdicts are already "reject".
  const frontEndErrors = fr.diagnostics.some(d => d.severity === 'error');
  const texts = new Map(fr.pp.files.map(f => [f.path, f.text]));
  const verdicts = frontEndErrors ? undefined : verifyModule(fr.module, { source: f => texts.get(f) }).programs;
  const report = buildReport(file, fr, verdicts);
  if (args.json) io.out(JSON.stringify(report) + '\n');
  else io.out(formatText(report));
  if (args.ir) {
    const indexes = new Map<string, LineIndex>();
    io.out(printModule(fr.module, r => {
      let ix = indexes.get(r.file);
      if (!ix) {
        ix = new LineIndex(texts.get(r.file) ?? '');
        indexes.set(r.file, ix);
      }
      const lc = ix.lineCol(r.start);
      return `${path.basename(r.file)}:${lc.line}:${lc.column}`;
    }));
  }
  if (args.timings) {
    const t = fr.timings;
    io.err(`timings: preprocess ${t.preprocess.toFixed(2)} ms, parse ${t.parse.toFixed(2)} ms, lower ${t.lower.toFixed(2)} ms\n`);
  }
  const rejected = report.programs.some(p => p.verdict === 'reject');
  const errors = fr.diagnostics.some(d => d.severity === 'error');
  return errors || rejected ? 1 : 0;
}
