// Bundles the extension and the CLI with esbuild and copies the tree-sitter wasm files next to them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url; in a CJS bundle esbuild would make it {} silently.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: 'const __importMetaUrl = require("url").pathToFileURL(__filename).href;' },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + common.banner.js } }),
  esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({ ...common, entryPoints: ['src/bench/main.ts'], outfile: 'dist/bench.js' }),
]);
chmodSync('dist/cli.js', 0o755);
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm'), 'dist/tree-sitter-c.wasm');
