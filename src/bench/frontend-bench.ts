// Bench section: the front end on a ~500-line translation unit, cold and warm (median of many runs), per
// stage, beside its target. Numbers are printed, never asserted: these machines are shared and noisy.

import * as fs from 'fs';
import * as path from 'path';
import { runFrontend } from '../engine/frontend';
import { loadCParser } from '../engine/parse/treesitter';
import { nodeIncludeHost } from '../host/node-include-host';
import { BenchContext, median, quantile } from './stats';


export async function benchFrontend(ctx: BenchContext): Promise<void> {
  const file = ctx.tuFile;
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n').length;
  const host = nodeIncludeHost();
  const t0 = performance.now();
  const parser = await loadCParser({ wasmDir: ctx.wasmDir });
  const init = performance.now() - t0;
  const opts = { file, text, host };

  const cold = runFrontend(parser, opts);
  const errors = cold.diagnostics.filter(d => d.severity === 'error').length;
  const runs = 200;
  const total: number[] = [];
  const pp: number[] = [];
  const parse: number[] = [];
  const lower: number[] = [];
  // Each warm run sees a different text, as in the editor after a keystroke: one statement inside a function in
  // the middle of the file changes (or, for other inputs, a comment at the end), while headers stay as they were.
  const target = 'rec->packets++;';
  const at = text.indexOf(target);
  const edited = (i: number) => ({
    ...opts,
    text: at >= 0 ? text.slice(0, at) + `rec->packets += ${(i & 0xffff) + 1};` + text.slice(at + target.length) : text + `\n// edit ${i}\n`,
  });
  for (let i = 0; i < 20; i++) runFrontend(parser, edited(-i - 1));
  for (let i = 0; i < runs; i++) {
    const o = edited(i);
    const s = performance.now();
    const r = runFrontend(parser, o);
    total.push(performance.now() - s);
    pp.push(r.timings.preprocess);
    parse.push(r.timings.parse);
    lower.push(r.timings.lower);
  }
  const ms = (x: number): string => x.toFixed(2).padStart(8) + ' ms';
  const headerLines = cold.pp.files.slice(1).reduce((n, f) => n + f.text.split('\n').length, 0);
  console.log(`front end: ${path.relative(process.cwd(), file)} (${lines} lines, ${cold.pp.files.length - 1} headers with ${headerLines} lines, ${cold.module.functions.length} functions, ${cold.module.programs.length} programs, ${errors} errors)`);
  console.log(`  parser init (wasm load)      ${ms(init)}`);
  const c = cold.timings;
  console.log(`  cold run                     ${ms(c.preprocess + c.parse + c.lower)}   (preprocess ${c.preprocess.toFixed(1)}, parse ${c.parse.toFixed(1)}, lower ${c.lower.toFixed(1)})`);
  console.log(`  warm after an edit ${at >= 0 ? 'inside a function' : 'at the end'}, median of ${runs}:`);
  console.log(`    preprocess                 ${ms(median(pp))}`);
  console.log(`    parse (tree-sitter + AST)  ${ms(median(parse))}`);
  console.log(`    types + IR                 ${ms(median(lower))}`);
  console.log(`    total                      ${ms(median(total))}   p90 ${quantile(total, 0.9).toFixed(2)} ms   target <= 10 ms  ${median(total) <= 10 ? 'MET' : 'NOT MET'}`);
  const mem = process.memoryUsage();
  console.log(`  memory: rss ${(mem.rss / 1048576).toFixed(0)} MB, heap used ${(mem.heapUsed / 1048576).toFixed(0)} MB`);
  parser.dispose();
}

