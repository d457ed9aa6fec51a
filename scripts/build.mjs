// Bundles the extension and the CLI with esbuild and copies the tree-sitter wasm files next to them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, readFileSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });

// web-tree-sitter loads two Node built-ins with import(); in our CommonJS bundles a require does the same, and code
// started from V8's code cache (the CLI's loader, src/cli/loader.ts) cannot run import() at all.
const builtinImports = {
  name: 'builtin-imports',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/]web-tree-sitter\.js$/ }, args => {
      const text = readFileSync(args.path, 'utf8');
      const out = text.replace(/\bimport\(("(?:module|fs\/promises)")\)/g, 'Promise.resolve(__nodeRequire($1))');
      if (/\bimport\(/.test(out)) throw new Error(`${args.path}: an import() the build does not know`);
      return { contents: out, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'warning',
  plugins: [builtinImports],
  // web-tree-sitter's ESM build reads import.meta.url; in a CJS bundle esbuild would make it {} silently.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: 'const __nodeRequire = require;\nconst __importMetaUrl = require("url").pathToFileURL(__filename).href;' },
};

await Promise.all([
  // The CLI: a small loader (dist/cli.js) that starts the bundle (dist/cli-main.js) from V8's code cache.
  esbuild.build({ ...common, entryPoints: ['src/cli/loader.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' }),
  esbuild.build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.build({ ...common, entryPoints: ['src/bench/main.ts'], outfile: 'dist/bench.js' }),
]);
chmodSync('dist/cli.js', 0o755);
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm'), 'dist/tree-sitter-c.wasm');
